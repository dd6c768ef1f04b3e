import 'reflect-metadata';
import { pollUntil } from '@app/testing';
import { Client } from 'pg';
import { location } from './location.fixture';
import { LocationsApiHarness } from './locations-api.harness';

interface ImportReport {
  total: number;
  created: number;
  replaced: number;
  rejected: unknown[];
}

/**
 * An import writes two chunks at once (the next one reads and locks while the
 * one before writes). These tests hold another transaction open against it, in
 * PostgreSQL itself, to make the interleavings happen on purpose.
 */
describe('locations-api: an import against other transactions', () => {
  let api: LocationsApiHarness;
  let other: Client;

  beforeAll(async () => {
    api = await LocationsApiHarness.start('importorder');
    other = new Client({ connectionString: api.databaseUrl });
    await other.connect();
  });

  afterAll(async () => {
    await other?.end();
    await api?.stop();
  });

  /** The import's transactions, by what they are doing now. */
  async function importBackends(): Promise<{ state: string; wait: string | null; query: string }[]> {
    const { rows } = await api.db.query(
      `SELECT state, wait_event_type AS wait, query FROM pg_stat_activity
       WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), $1) AND state <> 'idle'`,
      [(other as unknown as { processID: number }).processID],
    );
    return rows as { state: string; wait: string | null; query: string }[];
  }

  async function storedOrder(prefix: string): Promise<string[]> {
    const { rows } = await api.db.query(`SELECT id FROM locations WHERE id LIKE $1 ORDER BY seq`, [`${prefix}%`]);
    return rows.map((row: { id: string }) => row.id);
  }

  it('writes a chunk after the one before, even when that one is held up: creation order is file order', async () => {
    const ids = Array.from({ length: 1_000 }, (_, n) => `ORD${String(n).padStart(4, '0')}`);
    expect((await api.admin('POST', '/locations', location(ids[0]!))).status).toBe(201);
    // The first chunk replaces ORD0000: while another transaction holds that row, the first chunk cannot write.
    await other.query('BEGIN');
    await other.query(`SELECT 1 FROM locations WHERE id = $1 FOR UPDATE`, [ids[0]]);
    const answer = api.admin(
      'POST',
      '/locations/import',
      ids.map((id) => ({ ...location(id), name: `Renamed ${id}` })),
    );
    // The second chunk has had its chance to overtake: it waits, idle in its transaction (or, if it did not wait, it committed).
    await pollUntil(
      async () => ({ backends: await importBackends(), second: (await storedOrder('ORD')).filter((id) => id >= 'ORD0500').length }),
      // Waiting: its last query the read that locks its rows, then idle (the outbox relay's transaction is idle too, after another query).
      ({ backends, second }) => second > 0 || (backends.some((b) => b.wait === 'Lock') && backends.some((b) => b.state === 'idle in transaction' && b.query.includes('FOR UPDATE'))),
      { intervalMs: 10, what: 'the first chunk blocked and the second one waiting (or done)' },
    );
    await other.query('COMMIT');
    const response = await answer;
    expect(response.status).toBe(200);
    expect((await response.json()) as ImportReport).toMatchObject({ total: 1_000, created: 999, replaced: 1, rejected: [] });
    expect(await storedOrder('ORD')).toEqual(ids);
  });

  it('takes a Location created by another transaction while the import wrote it as a replacement, without failing or losing a Location', async () => {
    const ids = Array.from({ length: 1_000 }, (_, n) => `CON${String(n).padStart(4, '0')}`);
    expect((await api.admin('POST', '/locations', location('CONSEED'))).status).toBe(201);
    // Another writer creates CON0600 (in the second chunk) and has not committed: the import's INSERT must wait for it.
    await other.query('BEGIN');
    await other.query(
      `INSERT INTO locations (country_code, party_id, id, publish, last_updated, revision, body)
       SELECT country_code, party_id, 'CON0600', publish, last_updated, 1, jsonb_set(body, '{id}', '"CON0600"') FROM locations WHERE id = 'CONSEED'`,
    );
    const answer = api.admin(
      'POST',
      '/locations/import',
      ids.map((id) => location(id)),
    );
    await pollUntil(importBackends, (backends) => backends.some((b) => b.wait === 'Lock' && b.query.startsWith('INSERT INTO locations')), {
      intervalMs: 10,
      what: "the import's INSERT waiting for the other writer's",
    });
    await other.query('COMMIT');
    const response = await answer;
    expect(response.status).toBe(200);
    expect((await response.json()) as ImportReport).toMatchObject({ total: 1_000, created: 999, replaced: 1, rejected: [] });
    const stored = await api.admin('GET', '/locations/CON0600');
    expect(((await stored.json()) as { location: { name: string } }).location.name).toBe(location('CON0600').name);
    expect(await storedOrder('CON0')).toHaveLength(1_000);
  });
});
