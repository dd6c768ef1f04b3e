import { pollUntil } from '@app/testing';
import { type AcceptedEvent, checkInvariants, type IopRecord } from '../../../tools/chaos/invariant-checker';
import { checkLocations } from '../../../tools/chaos/locations-checker';
import { ocpiLocation, PushTestBed, Simulator, uid } from './push-test-kit';

const STATUSES = ['AVAILABLE', 'CHARGING', 'BLOCKED', 'RESERVED', 'OUTOFORDER'];

/**
 * The invariant checker the chaos run relies on must be able to fail: it flags
 * a deliberately broken pusher (arrival order, no per-EVSE serialisation) and
 * passes gireve-push on the same kind of load.
 */
describe('invariant checker', () => {
  const bed = new PushTestBed();
  let simulator: Simulator;

  beforeAll(async () => {
    await bed.setUp();
    simulator = await Simulator.start();
  });

  afterAll(async () => {
    await simulator?.app.stop();
    await bed.tearDown();
  });

  /** 5 EVSEs × 12 events whose event times arrive shuffled (late events, skewed clocks). */
  function shuffledLoad(locationId: string): AcceptedEvent[] {
    const base = Date.now() - 60_000;
    const events: AcceptedEvent[] = [];
    for (let e = 1; e <= 5; e++) {
      for (let n = 0; n < 12; n++) {
        const eventTime = new Date(base + n * 1500 + (n % 3 === 0 ? 4000 : 0)).toISOString();
        events.push({
          country_code: 'FR',
          party_id: 'ABC',
          location_id: locationId,
          evse_uid: `${locationId}-${e}`,
          status: STATUSES[(n + e) % STATUSES.length]!,
          event_time: eventTime,
          received_at: new Date().toISOString(),
        });
      }
    }
    return events;
  }

  async function recordsOf(locationId: string): Promise<IopRecord[]> {
    return (await simulator.requests({ location_id: locationId })) as unknown as IopRecord[];
  }

  it('flags a pusher that sends in arrival order, several at once per EVSE', async () => {
    const locationId = uid('BROKEN');
    const events = shuffledLoad(locationId);
    await simulator.setFaults({ latency_ms: 30 });
    try {
      // The broken pusher: every event, as it comes, no ordering, no one-at-a-time.
      await Promise.all(
        events.map((event) =>
          fetch(`${simulator.app.url}/ocpi/emsp/2.1.1/locations/FR/ABC/${event.location_id}/${event.evse_uid}`, {
            method: 'PATCH',
            headers: { authorization: `Token ${simulator.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ status: event.status, last_updated: event.event_time.replace(/\.\d+Z$/, 'Z') }),
          }),
        ),
      );
    } finally {
      await simulator.clearFaults();
    }
    const kinds = new Set(checkInvariants(events, await recordsOf(locationId)).map((violation) => violation.kind));
    expect(kinds).toContain('concurrent_requests');
    expect(kinds).toContain('went_backwards');
  });

  it('flags a Locations pusher that PUTs an older edit last, drops a removal and PATCHes during a PUT', async () => {
    const id = uid('BROKENLOC');
    const [e1, e2] = ['E1', 'E2'];
    // The CPO's last edit: tariff T2, E2 removed. The broken pusher sends it without the removal...
    await simulator.ocpiWrite('PUT', '2.2.1', `FR/ABC/${id}`, ocpiLocation(id, [{ uid: e1 }, { uid: e2 }], { tariffs: ['T2'] }));
    // ...then the older edit (T1) last, with a status PATCH of E1 while that PUT is in flight.
    await simulator.setFaults({ latency_ms: 200 });
    try {
      const before = (await simulator.stats()).requests_total as number;
      const stalePut = simulator.ocpiWrite('PUT', '2.2.1', `FR/ABC/${id}`, ocpiLocation(id, [{ uid: e1 }, { uid: e2 }], { tariffs: ['T1'] }));
      await pollUntil(
        () => simulator.stats(),
        (stats) => (stats.requests_total as number) > before,
        { what: 'the stale PUT in flight at the IOP' },
      );
      await Promise.all([stalePut, simulator.ocpiWrite('PATCH', '2.2.1', `FR/ABC/${id}/${e1}`, { status: 'CHARGING', last_updated: '2026-11-23T09:00:00Z' })]);
    } finally {
      await simulator.clearFaults();
    }
    const evse = (uidOf: string, removed: boolean) => ({ uid: uidOf, removed, connectors: [{ id: '1', tariff_ids: ['T2'] }] });
    const records = await recordsOf(id);
    const kinds = new Set([...checkLocations([{ id, publish: true, evses: [evse(e1, false), evse(e2, true)] }], records), ...checkInvariants([], records)].map((v) => v.kind));
    expect(kinds).toEqual(new Set(['stale_location', 'removed_never_arrived', 'concurrent_requests']));
  });

  it('passes gireve-push on the same load', async () => {
    const locationId = uid('SOUND');
    await bed.startWorker(simulator);
    const accepted = await bed.publishStatuses(shuffledLoad(locationId));
    const violations = await pollUntil(
      async () => checkInvariants(accepted, await recordsOf(locationId)),
      (found) => found.length === 0,
      { what: 'the IOP to converge with no violation', timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(violations).toEqual([]);
  });
});
