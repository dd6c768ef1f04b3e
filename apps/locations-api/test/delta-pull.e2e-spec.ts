import 'reflect-metadata';
import { pollUntil } from '@app/testing';
import { Client } from 'pg';
import { location } from './location.fixture';
import { envelope, LocationsApiHarness } from './locations-api.harness';

/** An OCPI DateTime (whole seconds, as the IOP sends date_from). */
const ocpiTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * A write that commits after a pull read must still reach the IOP's next delta
 * pull (date_from = the time of the previous one). Two connections make it
 * deterministic: ours holds a Location's row lock, so the app's PUT of it
 * stays open (stamped, not committed) while a pull runs.
 */
describe('locations-api: a delta pull never misses a write that commits late', () => {
  let api: LocationsApiHarness;
  let holder: Client;
  let tokenC: string;

  beforeAll(async () => {
    api = await LocationsApiHarness.start('delta');
    tokenC = await api.registerIop();
    holder = new Client({ connectionString: api.databaseUrl });
    await holder.connect();
  });

  afterAll(async () => {
    await holder?.end();
    await api?.stop();
  });

  const pull = async (dateFrom: string) => {
    const response = await api.ocpiGet(`/ocpi/cpo/2.2.1/locations?date_from=${dateFrom}`, tokenC, '2.2.1');
    expect(response.status).toBe(200);
    return (await envelope<{ id: string; name: string }[]>(response)).data!;
  };
  const count = async (sql: string) => ((await api.db.query(sql)).rows[0] as { n: number }).n;

  it('serves a write in progress during a pull either in that pull or in the next delta pull', async () => {
    const start = ocpiTime(Date.now() - 1000);
    expect((await api.admin('POST', '/locations', location('D1'))).status).toBe(201);

    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM locations WHERE id = 'D1' FOR UPDATE`);
    const put = api.admin('PUT', '/locations/D1', { ...location('D1'), name: 'Renamed' });
    await pollUntil(
      () => count(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`),
      (n) => n === 1,
      {
        what: 'the PUT to wait for the row, its transaction open',
      },
    );
    // The pull comes a whole second after the PUT began, so a stamp taken then is earlier than the next date_from.
    const blockedAt = Date.now();
    await pollUntil(
      () => Date.now(),
      (now) => Math.floor(now / 1000) > Math.ceil(blockedAt / 1000),
      { what: 'the next second' },
    );
    const pulledAt = ocpiTime(Date.now());
    let firstDone = false;
    const first = pull(start).finally(() => (firstDone = true));
    // Commit only once the pull has read, or waits for the write: never before it reached the database.
    await pollUntil(
      async () => firstDone || (await count(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)) > 0,
      (ready) => ready,
      {
        what: 'the pull to read or wait',
      },
    );
    await holder.query('COMMIT');
    expect((await put).status).toBe(200);

    const served = [...(await first), ...(await pull(pulledAt))].filter((l) => l.id === 'D1').map((l) => l.name);
    expect(served).toContain('Renamed');
  });
});
