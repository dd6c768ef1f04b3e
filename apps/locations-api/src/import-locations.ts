import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadSettings } from '@app/platform';
import { DatabaseModule } from '@app/platform/database';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { parseArgs } from 'node:util';
import { locationsApiDatabase } from './database/locations-api-database';
import { LocationStoreModule } from './location-store/location-store.module';
import { type ImportProgress, type ImportReport, LocationsAdminService } from './locations-admin/locations-admin.service';
import { jsonArrayElements } from './locations-admin/json-array-elements';
import { LocationsApiSettings } from './locations-api.settings';

const USAGE = 'usage: node dist/apps/locations-api/src/import-locations.js <locations.json> [--ocpi-version 2.2.1|2.1.1]';

/**
 * Bulk import from the command line: a JSON array of OCPI Locations (2.2.1, or
 * 2.1.1 with --ocpi-version 2.1.1) into the database of DATABASE_URL, read as a
 * stream (memory stays flat whatever the file's size). Progress (a bar on a
 * terminal, lines otherwise) and the rejected Locations go to stderr, the JSON
 * report to stdout. Exit code 0: all accepted; 2: some rejected; 1: the import
 * could not run.
 *
 * No Kafka is needed: changes go to the outbox, which a running locations-api
 * publishes.
 */
@Module({})
class ImportCliModule {
  static forRoot(settings: LocationsApiSettings): DynamicModule {
    return {
      module: ImportCliModule,
      global: true,
      imports: [DatabaseModule.forRoot(locationsApiDatabase(settings.DATABASE_URL, settings.DATABASE_MIGRATE_ON_START === 'true')), LocationStoreModule],
      providers: [{ provide: LocationsApiSettings, useValue: settings }, LocationsAdminService],
      exports: [LocationsApiSettings],
    };
  }
}

function cliArguments(argv: string[]): { file: string; version: '2.1.1' | '2.2.1' } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { 'ocpi-version': { type: 'string', default: '2.2.1' } } });
  } catch {
    throw new Error(USAGE);
  }
  const { positionals, values } = parsed;
  const version = values['ocpi-version'];
  if (positionals.length !== 1 || (version !== '2.1.1' && version !== '2.2.1')) throw new Error(USAGE);
  return { file: positionals[0]!, version };
}

/** The file as text, counting the bytes read. */
async function* fileText(file: string, onBytes: (bytes: number) => void): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    onBytes(chunk.length);
    yield decoder.write(chunk);
  }
  yield decoder.end();
}

const BAR_WIDTH = 30;
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/** Progress on stderr: on a terminal one bar redrawn in place (bytes read / file size), otherwise a plain line per chunk. */
function progressPrinter(totalBytes: number, bytesRead: () => number): (progress: ImportProgress) => void {
  const started = performance.now();
  const interactive = process.stderr.isTTY;
  return ({ done, accepted, rejected }) => {
    const fraction = totalBytes === 0 ? 1 : Math.min(1, bytesRead() / totalBytes);
    const percent = Math.floor(100 * fraction);
    const rate = Math.round(done / ((performance.now() - started) / 1000));
    const counts = `${accepted} accepted, ${rejected} rejected, ${rate} Locations/s`;
    if (!interactive) {
      process.stderr.write(`${done} Locations (${percent}% of ${mib(totalBytes)} MiB read): ${counts}\n`);
      return;
    }
    const filled = Math.round(BAR_WIDTH * fraction);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(percent).padStart(3)}% ${mib(bytesRead())}/${mib(totalBytes)} MiB`;
    process.stderr.write(`\r${bar}  ${done} Locations: ${counts}\x1b[K`);
  };
}

function printRejected(report: ImportReport): void {
  for (const { index, id, errors } of report.rejected) {
    process.stderr.write(`rejected Location #${index}${id ? ` (${id})` : ''}:\n`);
    for (const { path, reason } of errors) process.stderr.write(`  ${path || '(root)'}: ${reason}\n`);
  }
}

async function main(): Promise<number> {
  const { file, version } = cliArguments(process.argv.slice(2));
  const { size } = await stat(file);
  let bytesRead = 0;
  const reader = jsonArrayElements(fileText(file, (bytes) => (bytesRead += bytes)));
  // Read the first Location before touching the database: a file that is no JSON array fails at once.
  const first = await reader.next();
  const entries = (async function* () {
    if (first.done) return;
    yield first.value;
    yield* reader;
  })();
  const settings = loadSettings(LocationsApiSettings);
  const app = await NestFactory.createApplicationContext(ImportCliModule.forRoot(settings), { logger: ['error', 'warn'] });
  try {
    const report = await app.get(LocationsAdminService).import(
      entries,
      version,
      progressPrinter(size, () => bytesRead),
    );
    if (process.stderr.isTTY) process.stderr.write('\n');
    printRejected(report);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.rejected.length > 0 ? 2 : 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
