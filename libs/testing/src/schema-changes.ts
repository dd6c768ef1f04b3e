import { type DatabaseOptions, dataSourceOptions } from '@app/platform/database';
import { DataSource } from 'typeorm';

/** Statements that change tables or columns (names, types, nullability), as TypeORM's schema builder writes them. */
const COLUMN_CHANGE = /^(CREATE TABLE|DROP TABLE|ALTER TABLE "[^"]+" (ADD "|DROP COLUMN|RENAME COLUMN|ALTER COLUMN "[^"]+" (TYPE|SET NOT NULL|DROP NOT NULL)))/;

/**
 * What TypeORM would change in the tables and columns of an (already
 * migrated) database to match the app's entities: empty when migrations and
 * entities agree. Indexes, defaults and constraints are left out: they are the
 * migrations' alone, and the entities do not repeat them.
 */
export async function pendingColumnChanges(options: Omit<DatabaseOptions, 'migrateOnStart'>): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(options));
  await dataSource.initialize();
  try {
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
    return upQueries.map((query) => query.query).filter((sql) => COLUMN_CHANGE.test(sql));
  } finally {
    await dataSource.destroy();
  }
}
