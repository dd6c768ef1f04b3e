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
    // Short, so that an import stuck in a wait PostgreSQL cannot see fails in seconds rather than in a minute.
    api = await LocationsApiHarness.start('importorder', { DATABASE_QUERY_TIMEOUT_MS: '10000' });
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

  /** A chunk's transaction waiting for its turn (the outbox relay's is idle in its transaction too, after its read). */
  function waitingForItsTurn(backend: { state: string; query: string }): boolean {
    return backend.state === 'idle in transaction' && !backend.query.startsWith('SELECT id, message_key');
  }

  async function storedOrder(prefix: string): Promise<string[]> {
    const { rows } = await api.db.query(`SELECT id FROM locations WHERE id LIKE $1 ORDER BY seq`, [`${prefix}%`]);
    return rows.map((row: { id: string }) => row.id);
  }

  it('writes a chunk after the one before, even when that one is held up: creation order is file order', async () => {
    const ids = Array.from({ length: 1_000 }, (_, n) => `ORD${String(n).padStart(4, '0')}`);
    // Another writer inserts ORD0001 (in the first chunk) and has not committed: the first chunk's INSERT waits for it.
    await other.query('BEGIN');
    await other.query(
      `INSERT INTO locations (country_code, party_id, id, publish, last_updated, revision, body)
       VALUES ('FR', 'ABC', 'ORD0001', true, now(), 1, $1)`,
      [location('ORD0001')],
    );
    const answer = api.admin(
      'POST',
      '/locations/import',
      ids.map((id) => location(id)),
    );
    // The second chunk has had its chance to overtake: it waits, idle in its transaction (or, if it did not wait, it committed).
    await pollUntil(
      async () => ({ backends: await importBackends(), second: (await storedOrder('ORD')).filter((id) => id >= 'ORD0500').length }),
      ({ backends, second }) => second > 0 || (backends.some((b) => b.wait === 'Lock' && b.query.startsWith('INSERT INTO locations')) && backends.some(waitingForItsTurn)),
      { intervalMs: 10, what: "the first chunk's INSERT blocked and the second chunk waiting (or done)" },
    );
    await other.query('ROLLBACK');
    const response = await answer;
    expect(response.status).toBe(200);
    expect((await response.json()) as ImportReport).toMatchObject({ total: 1_000, created: 1_000, rejected: [] });
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

  it('runs two imports that lock the same Locations in crossing chunks without waiting on each other for good', async () => {
    // R2 then R: a chunk locks its rows in creation order, so a chunk holding both takes R2 first.
    for (const id of ['XR2', 'XR']) expect((await api.admin('POST', '/locations', location(id))).status).toBe(201);
    const fresh = (prefix: string, count: number) => Array.from({ length: count }, (_, n) => location(`${prefix}${String(n).padStart(4, '0')}`));
    const renamed = (id: string, by: string) => ({ ...location(id), name: `${id} by ${by}` });
    // A: XR2 in its first chunk, XR in its second. B: one chunk with both.
    const fileA = [renamed('XR2', 'A'), ...fresh('XA', 499), renamed('XR', 'A'), ...fresh('XB', 499)];
    const fileB = [renamed('XR2', 'B'), renamed('XR', 'B')];
    // Another transaction holds XR2: B's chunk queues for it first, then A's first chunk.
    await other.query('BEGIN');
    await other.query(`SELECT 1 FROM locations WHERE id = 'XR2' FOR UPDATE`);
    const answerB = api.admin('POST', '/locations/import', fileB);
    await pollUntil(importBackends, (backends) => backends.filter((b) => b.wait === 'Lock').length === 1, { intervalMs: 10, what: "B's chunk waiting for XR2" });
    const answerA = api.admin('POST', '/locations/import', fileA);
    // A's second chunk has begun: it waits for its turn to lock (or, had it locked XR at once, after that).
    await pollUntil(importBackends, (backends) => backends.filter((b) => b.wait === 'Lock').length === 2 && backends.some(waitingForItsTurn), {
      intervalMs: 10,
      what: "A's first chunk waiting for XR2 and its second chunk begun",
    });
    await other.query('COMMIT');
    // Had A's second chunk locked XR while its first waited, B (holding XR2, waiting for XR) and A would wait on each other
    // until PostgreSQL ended A's idle transaction (DATABASE_QUERY_TIMEOUT_MS), failing A's import.
    const [responseA, responseB] = await Promise.all([answerA, answerB]);
    expect([responseA.status, responseB.status]).toEqual([200, 200]);
    expect((await responseA.json()) as ImportReport).toMatchObject({ total: 1_000, created: 998, replaced: 2, rejected: [] });
    const names = await api.db.query(`SELECT id, body->>'name' AS name FROM locations WHERE id IN ('XR2', 'XR') ORDER BY id`);
    expect(names.rows).toEqual([
      { id: 'XR', name: 'XR by A' },
      { id: 'XR2', name: 'XR2 by A' },
    ]);
  });
});
