import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadSettings } from '@app/platform';
import { DatabaseModule } from '@app/platform/database';
import { readFile } from 'node:fs/promises';
import { locationsApiDatabase } from './database/locations-api-database';
import { LocationStoreModule } from './location-store/location-store.module';
import { type ImportProgress, type ImportReport, LocationsAdminService } from './locations-admin/locations-admin.service';
import { LocationsApiSettings } from './locations-api.settings';

const USAGE = 'usage: node dist/apps/locations-api/src/import-locations.js <locations.json> [--ocpi-version 2.2.1|2.1.1]';

/**
 * Bulk import from the command line: a JSON array of OCPI Locations (2.2.1, or
 * 2.1.1 with --ocpi-version 2.1.1) into the database of DATABASE_URL. Progress
 * and the rejected Locations go to stderr, the JSON report to stdout. Exit code
 * 0: all accepted; 2: some rejected; 1: the import could not run.
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

function parseArgs(argv: string[]): { file: string; version: '2.1.1' | '2.2.1' } {
  const [file, flag, version = '2.2.1'] = argv;
  if (!file || (flag !== undefined && flag !== '--ocpi-version') || (version !== '2.1.1' && version !== '2.2.1')) throw new Error(USAGE);
  return { file, version };
}

function progressPrinter(started: number): (progress: ImportProgress) => void {
  const interactive = process.stderr.isTTY;
  return ({ done, total, accepted, rejected }) => {
    const rate = Math.round(done / ((performance.now() - started) / 1000));
    const line = `${done}/${total} Locations (${Math.floor((100 * done) / total)}%): ${accepted} accepted, ${rejected} rejected, ${rate} Locations/s`;
    process.stderr.write(interactive ? `\r${line}` : `${line}\n`);
    if (interactive && done === total) process.stderr.write('\n');
  };
}

function printRejected(report: ImportReport): void {
  for (const { index, id, errors } of report.rejected) {
    process.stderr.write(`rejected Location #${index}${id ? ` (${id})` : ''}:\n`);
    for (const { path, reason } of errors) process.stderr.write(`  ${path || '(root)'}: ${reason}\n`);
  }
}

async function main(): Promise<number> {
  const { file, version } = parseArgs(process.argv.slice(2));
  const entries: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!Array.isArray(entries)) throw new Error(`${file} must hold a JSON array of Locations`);
  const settings = loadSettings(LocationsApiSettings);
  const app = await NestFactory.createApplicationContext(ImportCliModule.forRoot(settings), { logger: ['error', 'warn'] });
  try {
    const report = await app.get(LocationsAdminService).import(entries, version, progressPrinter(performance.now()));
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
