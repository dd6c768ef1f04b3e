import { dropDatabase } from '@app/platform/database';
import { pendingColumnChanges, runBuiltCommand } from '@app/testing';
import { girevePushDatabase } from '../src/database/gireve-push-database';

/** gireve-push's entities and migrations agree (on a database migrated as deployed: locations-api's first, for iop_registration). */
describe('gireve-push schema', () => {
  const databaseUrl = `${process.env.TEST_DATABASE_URL}_push_schema`;
  const env = { DATABASE_URL: databaseUrl, DATABASE_MIGRATE_ON_START: 'false' };

  afterAll(() => dropDatabase(databaseUrl));

  it('leaves no table or column for the entities to change after every migration', async () => {
    expect(await runBuiltCommand('apps/locations-api/src/migrate.js', env)).toMatchObject({ code: 0 });
    expect(await runBuiltCommand('apps/gireve-push/src/migrate.js', env)).toMatchObject({ code: 0 });
    expect(await pendingColumnChanges(girevePushDatabase(databaseUrl, false))).toEqual([]);
  });
});
