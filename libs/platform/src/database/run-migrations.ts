import { DataSource } from 'typeorm';
import { type DatabaseOptions, dataSourceOptions } from './database.module';
import { ensureDatabase } from './ensure-database';

/** Runs an app's pending migrations (creating the database if missing) and returns their names. */
export async function runMigrations(options: Omit<DatabaseOptions, 'migrateOnStart'>): Promise<string[]> {
  await ensureDatabase(options.url);
  const dataSource = new DataSource(dataSourceOptions(options));
  await dataSource.initialize();
  try {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/** The body of an app's `migrate` command: run, say what ran, exit 0, or 1 with the reason. */
export function migrateAndExit(app: string, options: () => Omit<DatabaseOptions, 'migrateOnStart'>): void {
  Promise.resolve()
    .then(() => runMigrations(options()))
    .then((ran) => {
      console.log(ran.length === 0 ? `${app}: no pending migration` : `${app}: ran ${ran.join(', ')}`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(`${app}: migrations failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
