import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ConnectorMemoryV1 } from './connector-memory.v1';
import { surelyValid } from './contract-fast-path';
import { EvseStatusEventV1 } from './evse-status-event.v1';
import { LocationChangedV1 } from './location-changed.v1';
import { connectorMemory, locationChange, statusEvent } from './contract.fixtures';

/** What validateMessage asked before the fast path: class-transformer, then class-validator. */
function referenceValid(contract: ClassConstructor<object>, plain: object): boolean {
  return validateSync(plainToInstance(contract, plain), { forbidUnknownValues: true }).length === 0;
}

const CONTRACTS: [string, ClassConstructor<object>, Record<string, unknown>][] = [
  ['EvseStatusEventV1', EvseStatusEventV1, statusEvent],
  ['LocationChangedV1', LocationChangedV1, locationChange],
  ['ConnectorMemoryV1', ConnectorMemoryV1, connectorMemory],
];

/** Values a field may wrongly (or rightly) hold: every JSON type, edge numbers and strings, nested shapes. */
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  '',
  'x',
  'x'.repeat(37),
  'fr',
  'FRA',
  'A1B',
  'AVAILABLE',
  'REMOVED',
  'ocpi',
  'evse-status',
  '2026-11-23T10:00:00Z',
  '2026-02-30T10:00:00Z',
  '2026-11-23',
  '6F1C1F4E-5D0C-4B8E-9B7E-2F5D3C1A0B9E',
  'CP\u0001',
  0,
  -1,
  1,
  1.5,
  2 ** 53,
  Number.NaN,
  true,
  {},
  [],
  [{}],
  [[]],
  [null],
  [1],
  { status: 'AVAILABLE', time: 1 },
  [{ connector_id: 0, status: 'AVAILABLE', time: 1 }],
  [{ evse_uid: 'E', charge_point_id: 'C' }],
  [{ evse_uid: 'E', charge_point_id: 'C', ocpp16_connector_id: 0 }],
  [[{ evse_uid: 'E', charge_point_id: 'C' }]],
];

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The message with one to three fields (at any depth) replaced, removed or added. */
function mutant(valid: Record<string, unknown>, next: () => number): Record<string, unknown> {
  const copy = structuredClone(valid);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  for (let changes = 1 + Math.floor(next() * 3); changes > 0; changes--) {
    let target: Record<string, unknown> = copy;
    // Now and then a field of a nested object (an element of a list, or `own`).
    const nested = Object.values(copy).filter((value): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value));
    const elements = Object.values(copy).flatMap((value) =>
      Array.isArray(value) ? value.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null && !Array.isArray(e)) : [],
    );
    if (next() < 0.4 && nested.length + elements.length > 0) target = pick([...nested, ...elements]);
    const key = next() < 0.1 ? 'unknown_field' : pick(Object.keys(target));
    if (next() < 0.15) delete target[key];
    else target[key] = structuredClone(pick(ODD_VALUES));
  }
  return copy;
}

function holdsListOfLists(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((element) => Array.isArray(element) || holdsListOfLists(element));
  return typeof value === 'object' && value !== null && Object.values(value).some(holdsListOfLists);
}

describe(surelyValid.name, () => {
  it.each(CONTRACTS)('passes a valid %s without asking class-validator', (_name, contract, valid) => {
    expect(referenceValid(contract, valid)).toBe(true);
    expect(surelyValid(contract, valid)).toBe(true);
  });

  it.each(CONTRACTS)('never passes a %s that class-validator rejects, over 3,000 mutants', (_name, contract, valid) => {
    const next = random(contract.name.length * 7919);
    let rejected = 0;
    const unsound: unknown[] = [];
    const unjudged: unknown[] = [];
    for (let n = 0; n < 3_000; n++) {
      const message = mutant(valid, next);
      const reference = referenceValid(contract, message);
      const fast = surelyValid(contract, message);
      if (!reference) rejected++;
      if (fast && !reference) unsound.push(message);
      if (!fast && reference) unjudged.push(message);
    }
    expect(unsound).toEqual([]);
    // The only valid messages it leaves to class-validator: a list of lists where a nested object goes, which
    // class-validator walks into (and accepts) and the plan does not judge.
    expect(unjudged.filter((message) => !holdsListOfLists(message))).toEqual([]);
    // The mutants reach both answers (a generator that only made invalid messages would prove nothing).
    expect(rejected).toBeGreaterThan(300);
    expect(rejected).toBeLessThan(2_900);
  });

  it('leaves a list of lists to class-validator (it accepts one; the fast path does not judge it)', () => {
    const message = { ...locationChange, ocpp_bindings: [[{ evse_uid: 'E', charge_point_id: 'C' }]] };
    expect(surelyValid(LocationChangedV1, message)).toBe(false);
  });
});
