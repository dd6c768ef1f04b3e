import { dropDatabase } from '@app/platform/database';
import { pendingColumnChanges } from '@app/testing';
import { locationsApiDatabase } from '../src/database/locations-api-database';
import { runBuiltCommand } from '@app/testing';
import { Client } from 'pg';

/** The migration job's commands, on a database that does not exist yet: locations-api first, then gireve-push. */
describe('migrate commands', () => {
  const databaseUrl = `${process.env.TEST_DATABASE_URL}_migrate`;
  const env = { DATABASE_URL: databaseUrl, DATABASE_MIGRATE_ON_START: 'false' };

  afterAll(async () => {
    await dropDatabase(databaseUrl);
  });

  it('creates the database and every table, then finds nothing pending', async () => {
    const locations = await runBuiltCommand('apps/locations-api/src/migrate.js', env);
    expect(locations).toMatchObject({ code: 0, output: expect.stringContaining('locations-api: ran ') });
    const push = await runBuiltCommand('apps/gireve-push/src/migrate.js', env);
    expect(push).toMatchObject({ code: 0, output: expect.stringContaining('gireve-push: ran ') });

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
      expect(rows.map((r: { table_name: string }) => r.table_name)).toEqual(
        expect.arrayContaining(['locations', 'ocpp_bindings', 'iop_registration', 'evse_push_state', 'location_push_state', 'gireve_push_migrations']),
      );
    } finally {
      await db.end();
    }
    expect(await runBuiltCommand('apps/locations-api/src/migrate.js', env)).toMatchObject({ code: 0, output: expect.stringContaining('no pending migration') });
  });

  it('leaves no table or column for the entities to change: TypeORM finds the migrated columns equal to them', async () => {
    // Run after the test above (same database, every migration applied).
    expect(await pendingColumnChanges(locationsApiDatabase(databaseUrl, false))).toEqual([]);
  });

  it('exits 1 with the reason when the database cannot be reached', async () => {
    const result = await runBuiltCommand('apps/locations-api/src/migrate.js', { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('locations-api: migrations failed');
  });
});
