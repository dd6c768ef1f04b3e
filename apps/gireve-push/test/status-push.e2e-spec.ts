import 'reflect-metadata';
import { TOPICS } from '@app/messaging';
import { pollUntil } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { acceptedPatchesByEvse, backwardsPatches, ocpiLocation, ocpiTime, PushTestBed, Simulator, STATUSES, type StatusInput, uid, untilIopHolds } from './push-test-kit';

/**
 * EVSE status push on real Kafka and PostgreSQL against the IOP simulator
 * (OCPI 2.1.1): the newest status wins, never backwards, one request in flight
 * per EVSE, identical statuses not re-sent, correlation id carried through.
 */
jest.setTimeout(120_000);

describe('gireve-push: EVSE status push', () => {
  const bed = new PushTestBed();
  let simulator: Simulator;

  beforeAll(async () => {
    await bed.setUp();
    simulator = await Simulator.start();
    await bed.startWorker(simulator, { PUSH_CONCURRENCY: '16' });
  });

  afterAll(async () => {
    await bed.tearDown();
    await simulator?.app.stop();
  });

  it('ends every EVSE with the status of its newest event, never sending one older than what the IOP accepted', async () => {
    const location = uid('LOC');
    const base = Date.parse('2026-11-23T08:00:00Z');
    const expected = new Map<string, { status: string; last_updated: string }>();
    const events: StatusInput[] = [];
    for (let e = 0; e < 30; e++) {
      const evse = uid('E');
      // Charger clocks and late deliveries: each EVSE's events arrive in a shuffled order of event time.
      const times = Array.from({ length: 8 }, (_, i) => base + i * 60_000);
      const order = [3, 0, 5, 1, 7, 2, 6, 4];
      for (const i of order) events.push({ location_id: location, evse_uid: evse, status: STATUSES[(e + i) % STATUSES.length], event_time: new Date(times[i]) });
      expected.set(evse, { status: STATUSES[(e + 7) % STATUSES.length], last_updated: ocpiTime(new Date(times[7])) });
    }
    // Several sends, so the worker sees them across batches too.
    for (let i = 0; i < events.length; i += 40) await bed.publishStatuses(events.slice(i, i + 40));

    const requests = await untilIopHolds(simulator, expected);
    expect(backwardsPatches(requests)).toEqual([]);
    const patches = acceptedPatchesByEvse(requests);
    for (const evse of expected.keys()) {
      expect(patches.get(evse)!.length).toBeLessThanOrEqual(8);
      expect(patches.get(evse)![0].path).toBe(`/ocpi/emsp/2.1.1/locations/FR/ABC/${location}/${evse}`);
    }
  });

  it('never has two requests in flight for one EVSE, while EVSEs go in parallel', async () => {
    await simulator.setFaults({ latency_ms: 150 });
    try {
      const location = uid('LOC');
      const evses = Array.from({ length: 10 }, () => uid('E'));
      const base = Date.parse('2026-11-23T09:00:00Z');
      const expected = new Map<string, { status: string; last_updated: string }>();
      // Five waves: each wave arrives while the previous PATCH of the EVSE is still in flight.
      for (let wave = 0; wave < 5; wave++) {
        const time = new Date(base + wave * 1000);
        await bed.publishStatuses(evses.map((evse, i) => ({ location_id: location, evse_uid: evse, status: STATUSES[(i + wave) % STATUSES.length], event_time: time })));
        evses.forEach((evse, i) => expected.set(evse, { status: STATUSES[(i + wave) % STATUSES.length], last_updated: ocpiTime(time) }));
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      const requests = await untilIopHolds(simulator, expected);
      const stats = await simulator.stats();
      expect(stats.max_in_flight_per_evse).toBe(1);
      expect(backwardsPatches(requests)).toEqual([]);
      // Parallel across EVSEs: some PATCHes of different EVSEs overlapped in time.
      const mine = requests.filter((r) => r.location_id === location && r.completed_at);
      const overlapping = mine.some((a) => mine.some((b) => a !== b && a.received_at < b.received_at && b.received_at < a.completed_at!));
      expect(overlapping).toBe(true);
    } finally {
      await simulator.clearFaults();
    }
  });

  it('does not re-send a status identical to the one the IOP holds', async () => {
    const location = uid('LOC');
    const evse = uid('E');
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'AVAILABLE', event_time: '2026-11-23T10:00:00Z' }]);
    await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => r.length === 1,
      { what: 'the first PATCH' },
    );

    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'AVAILABLE', event_time: '2026-11-23T10:01:00Z' }]);
    await pollUntil(
      () => bed.evseRow(location, evse),
      (row) => (row?.event_time as Date | undefined)?.toISOString() === '2026-11-23T10:01:00.000Z',
      { what: 'the repeated status recorded' },
    );
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'CHARGING', event_time: '2026-11-23T10:02:00Z' }]);
    const requests = await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => r.length === 2,
      { what: 'the CHARGING PATCH' },
    );
    expect(requests.map((r) => r.body)).toEqual([
      { status: 'AVAILABLE', last_updated: '2026-11-23T10:00:00Z' },
      { status: 'CHARGING', last_updated: '2026-11-23T10:02:00Z' },
    ]);
    // The IOP answered; our record of it follows (completions are batched).
    const row = await pollUntil(
      () => bed.evseRow(location, evse),
      (r) => r?.pending_since === null,
      { what: 'the CHARGING PATCH recorded' },
    );
    expect(row).toMatchObject({ status: 'CHARGING', pushed_status: 'CHARGING' });
  });

  it('ignores an event older than the newest one, even when it arrives last', async () => {
    const location = uid('LOC');
    const evse = uid('E');
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'CHARGING', event_time: '2026-11-23T11:00:00Z' }]);
    await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => r.length === 1,
      { what: 'the first PATCH' },
    );
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'AVAILABLE', event_time: '2026-11-23T10:59:00Z' }]);
    // A later, newer event proves the late one was consumed before it.
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'BLOCKED', event_time: '2026-11-23T11:01:00Z' }]);
    const requests = await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => r.length >= 2,
      { what: 'the BLOCKED PATCH' },
    );
    expect(requests.map((r) => r.body.status)).toEqual(['CHARGING', 'BLOCKED']);
  });

  it('carries the correlation id from the Kafka header to X-Correlation-ID', async () => {
    const location = uid('LOC');
    const evse = uid('E');
    const correlationId = randomUUID();
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'RESERVED', event_time: '2026-11-23T12:00:00Z' }], correlationId);
    const [request] = await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => r.length === 1,
      { what: 'the PATCH' },
    );
    expect(request.headers['x-correlation-id']).toBe(correlationId);
  });

  it('skips a message that breaks its contract and goes on with the next ones', async () => {
    const location = uid('LOC');
    const evse = uid('E');
    await bed.publishRaw(TOPICS.evseStatus, `FR/ABC/${location}/${evse}`, '{"status":"PLUGGED"}');
    await bed.publishRaw(TOPICS.evseStatus, `FR/ABC/${location}/${evse}`, 'not json');
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'AVAILABLE', event_time: '2026-11-23T13:00:00Z' }]);
    const requests = await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => r.length === 1,
      { what: 'the valid event PATCHed' },
    );
    expect(requests[0].body).toEqual({ status: 'AVAILABLE', last_updated: '2026-11-23T13:00:00Z' });
  });

  it('PUTs a Location converted to 2.1.1 and PATCHes a tariff-only change as the connector’s tariff_id', async () => {
    const loc = uid('LOC');
    const evse = uid('E');
    const location = (tariff: string) => ocpiLocation(loc, [{ uid: evse }], { tariffs: [tariff] });
    await bed.publishLocation({ country_code: 'FR', party_id: 'ABC', location_id: loc, change: 'upserted', location: location('T1'), changed_at: '2026-11-23T09:00:00Z' });
    const [put] = await pollUntil(
      () => simulator.requests({ location_id: loc }),
      (r) => r.length === 1,
      { what: 'the PUT' },
    );
    expect(put).toMatchObject({ method: 'PUT', path: `/ocpi/emsp/2.1.1/locations/FR/ABC/${loc}`, http_status: 201 });
    expect(put.body).toMatchObject({ id: loc, type: 'ON_STREET', postal_code: '75012' });
    expect(put.body).not.toHaveProperty('country_code');
    expect((put.body as { evses: { connectors: object[] }[] }).evses[0].connectors[0]).toMatchObject({ voltage: 230, amperage: 32, tariff_id: 'T1' });

    await bed.publishLocation({ country_code: 'FR', party_id: 'ABC', location_id: loc, change: 'upserted', location: location('T2'), changed_at: '2026-11-23T09:30:00Z' });
    const requests = await pollUntil(
      () => simulator.requests({ location_id: loc }),
      (r) => r.length === 2,
      { what: 'the tariff PATCH' },
    );
    expect(requests[1]).toMatchObject({ method: 'PATCH', path: `/ocpi/emsp/2.1.1/locations/FR/ABC/${loc}/${evse}/1`, body: { tariff_id: 'T2' }, http_status: 200 });
  });

  it('never PUTs a publish: false Location to a 2.1.1 IOP, which has no publish flag, and stops updating one that became unpublished', async () => {
    const loc = uid('LOC');
    const evse = uid('E');
    /** Waits until the worker has handled the change of `changedAt` (no push pending for it). */
    const handled = (changedAt: string) =>
      pollUntil(
        async () => (await bed.db.query('SELECT changed_at, pending_since FROM location_push_state WHERE location_id = $1', [loc])).rows[0],
        (row) => row?.changed_at.toISOString() === new Date(changedAt).toISOString() && row.pending_since === null,
        { what: `the change of ${changedAt} handled` },
      );
    const publishAs = async (publish: boolean, name: string, changedAt: string) => {
      await bed.publishLocation({
        country_code: 'FR',
        party_id: 'ABC',
        location_id: loc,
        change: 'upserted',
        location: { ...ocpiLocation(loc, [{ uid: evse }], { name }), publish },
        changed_at: changedAt,
      });
      await handled(changedAt);
    };
    const puts = async () => (await simulator.requests({ location_id: loc })).filter((r) => r.method === 'PUT').map((r) => r.body.name);

    await publishAs(false, 'Hidden', '2026-11-23T09:00:00Z');
    expect(await puts()).toEqual([]);
    await publishAs(true, 'Shown', '2026-11-23T09:10:00Z');
    expect(await puts()).toEqual(['Shown']);
    await publishAs(false, 'Hidden again', '2026-11-23T09:20:00Z');
    expect(await puts()).toEqual(['Shown']);
  });
});
