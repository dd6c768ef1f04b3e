/**
 * Benchmark: libs/ocpi validation throughput on one core.
 *
 * A realistic Location — 10 EVSEs of 2 connectors, every common optional
 * field (images, directions, opening hours, energy mix, status schedule…) —
 * validated with validateLocation and the GIREVE profile, in 2.2.1 and in
 * 2.1.1. Goal: ≥ 20,000 validations/s. For scale, the same run measures:
 * - baseline: JSON.parse(JSON.stringify(location)) per second;
 * - the same rules run by plain class-validator (plainToInstance +
 *   validateSync, the reference executor), which the compiled executor replaces.
 *
 * Single-threaded, after a warm-up; the figures are interleaved in rounds
 * (so a noisy neighbour hits all of them alike) and each is the median round.
 * BENCH_SECONDS sets the seconds per figure (default 5). Writes
 * bench/results/ocpi-validation.json.
 *
 * Run after `npm run build`: node dist/bench/ocpi-validation.bench.js
 */
import { LocationV221, type LocationValidationOptions, validateLocation } from '@app/ocpi';
import { FIXTURE_EMI3_OPERATOR_ID, sampleLocationV211, sampleLocationV221 } from '@app/ocpi/fixtures/location.fixtures';
import { validateWithClassValidator } from '@app/ocpi/validation/class-validator-executor';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 5;
const REPO_ROOT = resolve(__dirname, '../..');
const GIREVE: LocationValidationOptions = { profile: 'gireve', emi3OperatorId: FIXTURE_EMI3_OPERATOR_ID };
const SIZE = { evses: 10, connectorsPerEvse: 2 };

interface Figure {
  figure: string;
  run: () => unknown;
  goal: string | null;
}

function main(): Promise<void> {
  const location221 = sampleLocationV221(SIZE);
  const location211 = sampleLocationV211(SIZE);
  assertValid(validateLocation('2.2.1', location221, GIREVE));
  assertValid(validateLocation('2.1.1', location211, GIREVE));

  const figures: Figure[] = [
    { figure: 'validateLocation 2.2.1 + GIREVE profile, 10 EVSEs × 2 connectors', run: () => validateLocation('2.2.1', location221, GIREVE), goal: '>= 20000/s' },
    { figure: 'validateLocation 2.1.1 + GIREVE profile, 10 EVSEs × 2 connectors', run: () => validateLocation('2.1.1', location211, GIREVE), goal: '>= 20000/s' },
    { figure: 'same 2.2.1 rules run by plain class-validator (plainToInstance + validateSync), no profile', run: () => validateWithClassValidator(LocationV221, location221), goal: null },
  ];
  const baseline: Figure = { figure: 'JSON.parse(JSON.stringify(location)), 2.2.1', run: () => JSON.parse(JSON.stringify(location221)), goal: null };
  const all = [...figures, baseline];

  for (const figure of all) measure(figure.run, 1); // warm-up: JIT, plans compiled, caches filled
  const rates = new Map<Figure, number[]>(all.map((figure) => [figure, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const figure of all) rates.get(figure)?.push(measure(figure.run, SECONDS / ROUNDS));
  }
  const rate = (figure: Figure) => Math.round(median(rates.get(figure) ?? []));

  const rows = figures.map(({ figure, goal }, index) => ({
    figure,
    value: rate(figures[index]),
    unit: 'validations/s',
    goal,
    baseline: rate(baseline),
  }));
  const notes =
    `Node ${process.version}, one thread, ${SECONDS} s per figure in ${ROUNDS} interleaved rounds after 1 s of warm-up; median round. ` +
    `Location: ${JSON.stringify(location221).length} bytes of JSON (2.2.1). Baseline = JSON.parse(JSON.stringify(location)) per second, same Location, same run.`;
  return write('ocpi-validation', 'libs/ocpi: Location validation throughput on one core (spec + GIREVE profile)', rows, notes);
}

/** Calls per second of `run` over about `seconds`, timed in batches so the clock is read rarely. */
function measure(run: () => unknown, seconds: number): number {
  const budget = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let calls = 0;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 100; i++) run();
    calls += 100;
    elapsed = process.hrtime.bigint() - start;
  }
  return calls / (Number(elapsed) / 1e9);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function assertValid(result: { ok: boolean; errors?: unknown }): void {
  if (!result.ok) throw new Error(`the benchmark Location is invalid: ${JSON.stringify(result.errors)}`);
}

async function write(name: string, title: string, rows: object[], notes: string): Promise<void> {
  const dir = resolve(REPO_ROOT, 'bench/results');
  await mkdir(dir, { recursive: true });
  await writeFile(resolve(dir, `${name}.json`), `${JSON.stringify({ name, title, rows, notes }, null, 2)}\n`);
  console.table(rows);
  console.log(notes);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
