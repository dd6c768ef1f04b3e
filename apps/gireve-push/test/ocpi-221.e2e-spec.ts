import 'reflect-metadata';
import { TOPICS } from '@app/messaging';
import { pollUntil } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { ocpiLocation, PushTestBed, Simulator, uid } from './push-test-kit';

jest.setTimeout(120_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A Location as locations-api publishes it (OCPI 2.2.1 shape). */
function location(id: string, evseUid: string, overrides: { name?: string; tariffs?: string[]; status?: string } = {}) {
  return ocpiLocation(id, [{ uid: evseUid, status: overrides.status }], overrides);
}

/**
 * OCPI 2.2.1 toward the IOP: base64 token, tracing and routing headers, the
 * IOP's URLs from its version details; static data: Location PUT, connector
 * tariff PATCH, Check Locations.
 */
describe('gireve-push: OCPI 2.2.1, Locations and Check Locations', () => {
  const bed = new PushTestBed();
  const env = { IOP_OCPI_VERSION: '2.2.1', IOP_PARTY_ID: '107', CPO_PARTY_ID: 'ABC' };
  let simulator: Simulator;

  beforeAll(async () => {
    await bed.setUp();
    simulator = await Simulator.start({ IOP_PARTY_ID: '107' });
    await bed.startWorker(simulator, env);
  });

  afterAll(async () => {
    await bed.tearDown();
    await simulator?.app.stop();
  });

  it('PATCHes a status with last_updated, X-Request-ID, X-Correlation-ID and the routing headers (OCPI-to = the hub)', async () => {
    const loc = uid('LOC');
    const evse = uid('E');
    const correlationId = randomUUID();
    await bed.publishStatuses([{ location_id: loc, evse_uid: evse, status: 'CHARGING', event_time: '2026-11-23T10:00:00.700Z' }], correlationId);
    const [request] = await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => r.length === 1,
      { what: 'the PATCH' },
    );
    expect(request).toMatchObject({
      method: 'PATCH',
      path: `/ocpi/emsp/2.2.1/locations/FR/ABC/${loc}/${evse}`,
      body: { status: 'CHARGING', last_updated: '2026-11-23T10:00:00Z' },
      http_status: 200, // the simulator accepts only the base64 token in 2.2.1
      ocpi_status_code: 1000,
    });
    expect(request.headers['x-request-id']).toMatch(UUID);
    expect(request.headers['x-correlation-id']).toBe(correlationId);
    expect(request.headers).toMatchObject({
      'ocpi-from-country-code': 'FR',
      'ocpi-from-party-id': 'ABC',
      'ocpi-to-country-code': 'FR',
      'ocpi-to-party-id': '107',
      'content-type': 'application/json',
    });
  });

  it('PUTs a changed Location with its EVSEs’ newest statuses, PATCHes a tariff-only change per connector, ignores status bookkeeping', async () => {
    const loc = uid('LOC');
    const evse = uid('E');
    await bed.publishLocation({ country_code: 'FR', party_id: 'ABC', location_id: loc, change: 'upserted', location: location(loc, evse), changed_at: '2026-11-23T09:00:00Z' });
    const [put] = await pollUntil(
      () => simulator.requests({ location_id: loc }),
      (r) => r.length === 1,
      { what: 'the PUT' },
    );
    expect(put).toMatchObject({ method: 'PUT', path: `/ocpi/emsp/2.2.1/locations/FR/ABC/${loc}`, body: location(loc, evse), http_status: 201 });
    expect(put.headers['ocpi-to-party-id']).toBe('107');

    // The status pipeline moves ahead of the Location's own copy...
    await bed.publishStatuses([{ location_id: loc, evse_uid: evse, status: 'CHARGING', event_time: '2026-11-23T10:00:00Z' }]);
    await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => r.length === 1,
      { what: 'the status PATCH' },
    );

    // ...a tariff-only change is a PATCH of the connector...
    await bed.publishLocation({
      country_code: 'FR',
      party_id: 'ABC',
      location_id: loc,
      change: 'upserted',
      location: location(loc, evse, { tariffs: ['T2'] }),
      changed_at: '2026-11-23T10:05:00Z',
    });
    const tariff = await pollUntil(
      () => simulator.requests({ location_id: loc }),
      (r) => r.some((x) => x.connector_id === '1'),
      { what: 'the tariff PATCH' },
    );
    expect(tariff.at(-1)).toMatchObject({
      method: 'PATCH',
      path: `/ocpi/emsp/2.2.1/locations/FR/ABC/${loc}/${evse}/1`,
      body: { tariff_ids: ['T2'], last_updated: '2026-11-23T09:00:00Z' },
      http_status: 200,
    });

    // ...status bookkeeping of the Location is not pushed...
    await bed.publishLocation({
      country_code: 'FR',
      party_id: 'ABC',
      location_id: loc,
      change: 'evse-status',
      location: location(loc, evse, { tariffs: ['T2'], status: 'CHARGING' }),
      changed_at: '2026-11-23T10:06:00Z',
    });
    // ...and a PUT after a static change carries the EVSE's live status, not the Location's stale copy.
    await bed.publishLocation({
      country_code: 'FR',
      party_id: 'ABC',
      location_id: loc,
      change: 'upserted',
      location: location(loc, evse, { tariffs: ['T2'], name: 'Gare de Lyon – Hall 1' }),
      changed_at: '2026-11-23T10:07:00Z',
    });
    const all = await pollUntil(
      () => simulator.requests({ location_id: loc }),
      (r) => r.filter((x) => x.method === 'PUT').length === 2,
      { what: 'the second PUT' },
    );
    expect(all.map((r) => `${r.method} ${r.connector_id ?? r.evse_uid ?? 'location'}`)).toEqual(['PUT location', `PATCH ${evse}`, 'PATCH 1', 'PUT location']);
    const body = all.at(-1)!.body as ReturnType<typeof location>;
    expect(body.name).toBe('Gare de Lyon – Hall 1');
    expect(body.evses[0]).toMatchObject({ status: 'CHARGING', last_updated: '2026-11-23T10:00:00Z' });
    expect(body.last_updated).toBe('2026-11-23T10:00:00Z');
  });

  it('Check Locations reports what differs at the IOP in what GIREVE keeps (every field with --full) and re-pushes it on request', async () => {
    const loc = uid('LOC');
    const evse = uid('E');
    const key = `FR/ABC/${loc}`;
    await bed.publishLocation({ country_code: 'FR', party_id: 'ABC', location_id: loc, change: 'upserted', location: location(loc, evse), changed_at: '2026-11-23T09:00:00Z' });
    await pollUntil(
      () => simulator.requests({ location_id: loc }),
      (r) => r.length === 1,
      { what: 'the PUT' },
    );
    await pollUntil(
      async () => (await bed.db.query('SELECT pending_since FROM location_push_state WHERE location_key = $1', [key])).rows[0],
      (row) => row?.pending_since === null,
      { what: 'the PUT recorded' },
    );

    const clean = await bed.runCheckLocations(simulator, env);
    expect(clean.output).not.toContain(loc);
    expect(clean.output).toMatch(/Checked \d+ Location\(s\)/);

    // GIREVE's quality process rewrote static data: only --full shows it, and --repush leaves it alone.
    await simulator.ocpiWrite('PUT', '2.2.1', key, { ...location(loc, evse), name: 'Wrong name' });
    const rewritten = await bed.runCheckLocations(simulator, env, ['--repush']);
    expect(rewritten.output).not.toContain(loc);
    const stillPushed = await bed.db.query('SELECT pushed_body IS NOT NULL AS pushed FROM location_push_state WHERE location_key = $1', [key]);
    expect(stillPushed.rows[0]).toEqual({ pushed: true });
    const full = await bed.runCheckLocations(simulator, env, ['--full']);
    expect(full.code).toBe(1);
    expect(full.output).toContain(`✗ ${key}: 1 difference(s)`);
    expect(full.output).toContain('name: ours "Gare de Lyon", IOP "Wrong name"');

    // What GIREVE keeps differs: the EVSE's status.
    await simulator.ocpiWrite('PUT', '2.2.1', key, location(loc, evse, { name: 'Wrong name', status: 'OUTOFORDER' }));
    const dirty = await bed.runCheckLocations(simulator, env);
    expect(dirty.code).toBe(1);
    expect(dirty.output).toContain(`✗ ${key}: 1 difference(s)`);
    expect(dirty.output).toContain(`evses[${evse}].status: ours "AVAILABLE", IOP "OUTOFORDER"`);

    // A live lease (another replica's push in flight) is left alone: its completion and its lease must stand.
    await bed.db.query(`UPDATE location_push_state SET lease_owner = 'other-replica/1', next_attempt_at = now() + interval '1 hour' WHERE location_key = $1`, [key]);
    const leased = await bed.runCheckLocations(simulator, env, ['--repush']);
    expect(leased.output).toContain('1 Location(s) being pushed right now');
    const row = await bed.db.query(
      `SELECT lease_owner, next_attempt_at > now() + interval '50 minutes' AS kept, pushed_body IS NOT NULL AS pushed FROM location_push_state WHERE location_key = $1`,
      [key],
    );
    expect(row.rows[0]).toEqual({ lease_owner: 'other-replica/1', kept: true, pushed: true });
    await bed.db.query('UPDATE location_push_state SET lease_owner = NULL, next_attempt_at = now() WHERE location_key = $1', [key]);

    const since = await simulator.lastSeq();
    const repushed = await bed.runCheckLocations(simulator, env, ['--repush']);
    expect(repushed.output).toContain('queued for a new PUT');
    const after = await pollUntil(
      () => simulator.requests({ location_id: loc, since }),
      (r) => r.some((x) => x.method === 'PUT'),
      { what: 'the re-push' },
    );
    expect((after.find((x) => x.method === 'PUT')!.body as { name: string }).name).toBe('Gare de Lyon');
    await pollUntil(
      async () => (await bed.runCheckLocations(simulator, env, ['--full'])).output,
      (output) => !output.includes(loc),
      { what: 'Check Locations to find the Location the same', intervalMs: 500 },
    );
  });

  it('reads the Location topic’s tombstones and invalid messages without stopping', async () => {
    const loc = uid('LOC');
    const evse = uid('E');
    await bed.publishRaw(TOPICS.locations, `FR/ABC/${loc}`, '{"change":"upserted"}');
    await bed.publishLocation({ country_code: 'FR', party_id: 'ABC', location_id: loc, change: 'upserted', location: location(loc, evse), changed_at: '2026-11-23T09:00:00Z' });
    await pollUntil(
      () => simulator.requests({ location_id: loc }),
      (r) => r.length === 1,
      { what: 'the PUT after the invalid message' },
    );
  });
});
