import 'reflect-metadata';
import { pollUntil } from '@app/testing';
import { acceptedPatchesByEvse, ocpiLocation, PushTestBed, type RecordedRequest, Simulator, uid } from './push-test-kit';

/**
 * GIREVE's store-and-forward on real Kafka and PostgreSQL against the IOP
 * simulator (OCPI 2.2.1): every accepted transition reaches the IOP in causal
 * order with its own last_updated (transitions mode), latest mode ends on the
 * right time, back-office statuses go out, a Location PUT makes no status
 * truth of its own, and a request applied late by the IOP is re-asserted.
 */
jest.setTimeout(120_000);

const patchesOf = (requests: RecordedRequest[], evse: string) => (acceptedPatchesByEvse(requests).get(evse) ?? []).map((r) => `${String(r.body.status)}@${String(r.body.last_updated)}`);

/**
 * The transitions the IOP applied, a PATCH applied twice in a row counted once:
 * one whose answer we did not get in time (a loaded CI machine can stall past
 * the 1 s timeout) is sent again, as GIREVE's store-and-forward wants.
 */
const transitionsOf = (requests: RecordedRequest[], evse: string) => patchesOf(requests, evse).filter((patch, i, all) => patch !== all[i - 1]);

/** The status each EVSE holds at the IOP after every applied request (PATCH or Location PUT), in the order applied. */
function heldAtIop(requests: RecordedRequest[], evse: string): string | undefined {
  let held: string | undefined;
  for (const r of [...requests].sort((a, b) => a.seq - b.seq)) {
    if (r.http_status >= 300 || (r.ocpi_status_code !== undefined && r.ocpi_status_code !== 1000)) continue;
    if (r.method === 'PATCH' && r.evse_uid === evse && r.connector_id === undefined) held = String(r.body.status);
    if (r.method === 'PUT' && r.evse_uid === undefined) {
      const carried = (r.body.evses as { uid: string; status: string }[] | undefined)?.find((e) => e.uid === evse);
      if (carried) held = carried.status;
    }
  }
  return held;
}

describe('gireve-push: store-and-forward (transitions mode)', () => {
  const bed = new PushTestBed();
  let simulator: Simulator;

  beforeAll(async () => {
    await bed.setUp();
    simulator = await Simulator.start({ IOP_OCPI_VERSION: '2.2.1' });
    await bed.startWorker(simulator, { IOP_OCPI_VERSION: '2.2.1', IOP_REQUEST_TIMEOUT_MS: '1000', RETRY_INITIAL_DELAY_MS: '50', STATUS_REASSERT_AFTER_MS: '8000' });
  });

  afterAll(async () => {
    await bed.tearDown();
    await simulator?.app.stop();
  });

  afterEach(() => simulator.clearFaults());

  it('delivers A→B→A that arrived during one request as three PATCHes, in event order, each with its own time', async () => {
    await simulator.setFaults({ latency_ms: 300 });
    const [location, evse] = [uid('LOC'), uid('E')];
    await bed.publishStatuses([
      { location_id: location, evse_uid: evse, status: 'CHARGING', event_time: '2026-12-05T13:00:46.403Z' },
      { location_id: location, evse_uid: evse, status: 'INOPERATIVE', event_time: '2026-12-05T13:00:46.538Z' },
      { location_id: location, evse_uid: evse, status: 'CHARGING', event_time: '2026-12-05T13:00:47.613Z' },
    ]);
    const requests = await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => transitionsOf(r, evse).length >= 3,
      { what: 'three transitions' },
    );
    expect(transitionsOf(requests, evse)).toEqual(['CHARGING@2026-12-05T13:00:46Z', 'INOPERATIVE@2026-12-05T13:00:46Z', 'CHARGING@2026-12-05T13:00:47Z']);
  });

  it('breaks an event-time tie by Kafka order, not by the accepting replicas’ clocks', async () => {
    const [location, evse] = [uid('LOC'), uid('E')];
    // One send, so BLOCKED is before CHARGING on the partition; the replica that took CHARGING has a clock 10 s behind.
    await bed.publishStatuses([
      { location_id: location, evse_uid: evse, status: 'BLOCKED', event_time: '2026-12-05T14:00:00Z', received_at: '2026-12-05T14:00:10Z' },
      { location_id: location, evse_uid: evse, status: 'CHARGING', event_time: '2026-12-05T14:00:00Z', received_at: '2026-12-05T14:00:00Z' },
    ]);
    const requests = await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => transitionsOf(r, evse).length >= 2,
      { what: 'two transitions' },
    );
    expect(transitionsOf(requests, evse)).toEqual(['BLOCKED@2026-12-05T14:00:00Z', 'CHARGING@2026-12-05T14:00:00Z']);
  });

  it('sends REMOVED and PLANNED set by the back office, and holds charger statuses back while they are set', async () => {
    const [location, e1, e2] = [uid('LOC'), uid('E'), uid('E')];
    const publish = (statuses: [string, string], changedAt: string) =>
      bed.publishLocation({
        country_code: 'FR',
        party_id: 'ABC',
        location_id: location,
        change: 'upserted',
        location: ocpiLocation(location, [
          { uid: e1, status: statuses[0] },
          { uid: e2, status: statuses[1] },
        ]),
        changed_at: changedAt,
      });
    await publish(['AVAILABLE', 'PLANNED'], '2026-12-05T09:00:00Z');
    await pollUntil(
      () => simulator.requests({ location_id: location }),
      (r) => r.some((x) => x.method === 'PUT'),
      { what: 'the first PUT' },
    );
    await bed.publishStatuses([{ location_id: location, evse_uid: e1, status: 'CHARGING', event_time: '2026-12-05T09:01:00Z' }]);
    await pollUntil(
      () => simulator.requests({ evse_uid: e1 }),
      (r) => patchesOf(r, e1).length === 1,
      { what: 'the CHARGING PATCH' },
    );

    // E1 removed, E2 commissioned; then a charger status of E1 accepted before the removal arrives.
    await publish(['REMOVED', 'AVAILABLE'], '2026-12-05T09:02:00Z');
    await bed.publishStatuses([{ location_id: location, evse_uid: e1, status: 'AVAILABLE', event_time: '2026-12-05T09:01:30Z' }]);
    const requests = await pollUntil(
      () => simulator.requests({ location_id: location }),
      (r) => r.filter((x) => x.method === 'PUT').length === 2,
      {
        what: 'the PUT of the removal',
      },
    );
    expect(heldAtIop(requests, e1)).toBe('REMOVED');
    expect(heldAtIop(requests, e2)).toBe('AVAILABLE');
    // The late AVAILABLE of E1 is consumed without being sent: its queue empties.
    await pollUntil(
      () => bed.db.query('SELECT count(*)::int AS n FROM evse_status_queue WHERE evse_key = $1', [`FR/ABC/${location}/${e1}`]),
      (r) => r.rows[0].n === 0,
      {
        what: "E1's queue drained",
      },
    );
    expect(patchesOf(await simulator.requests({ evse_uid: e1 }), e1)).toEqual(['CHARGING@2026-12-05T09:01:00Z']);
  });

  it('delivers a charger event older than the Location PUT, with last_updated never behind what the PUT sent', async () => {
    const [location, evse] = [uid('LOC'), uid('E')];
    // Onboarding: the Location is stamped 30 s ahead of the charger's real change (rounded-up content stamps, clock drift).
    const stamp = new Date(Math.floor(Date.now() / 1000) * 1000 + 30_000).toISOString().replace('.000Z', 'Z');
    await bed.publishLocation({
      country_code: 'FR',
      party_id: 'ABC',
      location_id: location,
      change: 'upserted',
      location: ocpiLocation(location, [{ uid: evse }], { lastUpdated: stamp }),
      changed_at: stamp,
    });
    await pollUntil(
      () => simulator.requests({ location_id: location }),
      (r) => r.some((x) => x.method === 'PUT' && x.http_status < 300),
      { what: 'the PUT' },
    );
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'CHARGING', event_time: new Date(Date.now() - 20_000) }]);
    const requests = await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => patchesOf(r, evse).length === 1,
      { what: 'the CHARGING PATCH' },
    );
    expect(patchesOf(requests, evse)).toEqual([`CHARGING@${stamp}`]);
  });

  it('holds an EVSE status back until its Location’s first PUT is accepted, instead of PATCHing an EVSE the IOP does not know', async () => {
    const [location, evse] = [uid('LOC'), uid('E')];
    const publish = (body: Record<string, unknown>, changedAt: string) =>
      bed.publishLocation({ country_code: 'FR', party_id: 'ABC', location_id: location, change: 'upserted', location: body, changed_at: changedAt });
    // The IOP refuses the first version of the Location (no evse_id): it is parked, never PUT.
    const invalid = ocpiLocation(location, [{ uid: evse }]);
    delete invalid.evses[0]!.evse_id;
    await publish(invalid, '2026-12-05T16:00:00Z');
    await pollUntil(
      () => bed.db.query('SELECT parked_at FROM location_push_state WHERE location_key = $1', [`FR/ABC/${location}`]),
      (r) => r.rows[0]?.parked_at != null,
      {
        what: 'the refused Location parked',
      },
    );
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'CHARGING', event_time: '2026-12-05T16:01:00Z' }]);
    await pollUntil(
      () => bed.db.query('SELECT count(*)::int AS n FROM evse_status_queue WHERE evse_key = $1', [`FR/ABC/${location}/${evse}`]),
      (r) => r.rows[0].n === 1,
      {
        what: 'the status stored',
      },
    );
    // The back office fixes the Location: PUT, then the status.
    await publish(ocpiLocation(location, [{ uid: evse }]), '2026-12-05T16:02:00Z');
    const requests = await pollUntil(
      () => simulator.requests({ location_id: location }),
      (r) => patchesOf(r, evse).length === 1,
      { what: 'the CHARGING PATCH' },
    );
    const accepted = requests.filter((r) => r.http_status < 300).map((r) => `${r.method}${r.evse_uid ? ` ${String(r.body.status)}` : ''}`);
    expect(accepted).toEqual(['PUT', 'PATCH CHARGING']);
    expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('re-asserts the newest status after a request the IOP applied late, once', async () => {
    const [location, evse] = [uid('LOC'), uid('E')];
    const key = `FR/ABC/${location}/${evse}`;
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'AVAILABLE', event_time: '2026-12-05T15:00:00Z' }]);
    await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => patchesOf(r, evse).length === 1,
      { what: 'the first PATCH' },
    );

    // The IOP holds the CHARGING request past our timeout; the retry is accepted; BLOCKED follows.
    // The ambiguity window (8 s) is far longer than these steps, which take well under a second.
    await simulator.setFaults({ next_faults: ['held'] });
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'CHARGING', event_time: '2026-12-05T15:01:00Z' }]);
    await pollUntil(
      () => simulator.heldCount(),
      (n) => n === 1,
      { what: 'the CHARGING request held' },
    );
    await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => patchesOf(r, evse).length >= 2,
      { what: 'the CHARGING retry accepted' },
    );
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'BLOCKED', event_time: '2026-12-05T15:02:00Z' }]);
    await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => patchesOf(r, evse).length >= 3,
      { what: 'the BLOCKED PATCH' },
    );

    // Now the IOP applies the held CHARGING: it holds a stale status...
    expect(await simulator.releaseHeld()).toBe(1);
    await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => r.some((x) => x.fault === 'held'),
      { what: 'the late CHARGING applied' },
    );
    expect(heldAtIop(await simulator.requests({ evse_uid: evse }), evse)).toBe('CHARGING');
    // ...until the ambiguity window ends and BLOCKED is sent again, once: the window is then closed.
    await pollUntil(
      () => bed.db.query('SELECT reassert_at FROM evse_push_state WHERE evse_key = $1', [key]),
      (r) => r.rows[0].reassert_at === null,
      {
        what: 'the re-assertion done',
        timeoutMs: 20_000,
      },
    );
    const requests = await simulator.requests({ evse_uid: evse });
    expect(heldAtIop(requests, evse)).toBe('BLOCKED');
    expect(patchesOf(requests, evse)).toEqual([
      'AVAILABLE@2026-12-05T15:00:00Z',
      'CHARGING@2026-12-05T15:01:00Z',
      'BLOCKED@2026-12-05T15:02:00Z',
      'CHARGING@2026-12-05T15:01:00Z',
      'BLOCKED@2026-12-05T15:02:00Z',
    ]);
  });
  it('PUTs a Location again after a PUT the IOP applied late, over a newer one', async () => {
    const [location, evse] = [uid('LOC'), uid('E')];
    const publish = (name: string, changedAt: string) =>
      bed.publishLocation({
        country_code: 'FR',
        party_id: 'ABC',
        location_id: location,
        change: 'upserted',
        location: ocpiLocation(location, [{ uid: evse }], { name }),
        changed_at: changedAt,
      });
    const acceptedPuts = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'PUT' && r.http_status < 300).map((r) => r.body.name);
    const heldName = async () => ((await simulator.ocpiGet('2.2.1', `FR/ABC/${location}`)).body.data as { name?: string } | undefined)?.name;
    await publish('Name 1', '2026-12-05T18:00:00Z');
    await pollUntil(
      () => simulator.requests({ location_id: location }),
      (r) => acceptedPuts(r).length === 1,
      { what: 'the first PUT' },
    );

    // The IOP holds the 'Name 2' PUT past our timeout; its retry is accepted, then 'Name 3' (all within the 8 s window).
    await simulator.setFaults({ next_faults: ['held'] });
    await publish('Name 2', '2026-12-05T18:01:00Z');
    await pollUntil(
      () => simulator.heldCount(),
      (n) => n === 1,
      { what: "the 'Name 2' PUT held" },
    );
    await pollUntil(
      () => simulator.requests({ location_id: location }),
      (r) => acceptedPuts(r).includes('Name 2'),
      { what: "the 'Name 2' retry accepted" },
    );
    await publish('Name 3', '2026-12-05T18:02:00Z');
    await pollUntil(
      () => simulator.requests({ location_id: location }),
      (r) => acceptedPuts(r).includes('Name 3'),
      { what: "the 'Name 3' PUT" },
    );

    // Now the IOP applies the held 'Name 2' over 'Name 3'; once the window is over, 'Name 3' is PUT again.
    expect(await simulator.releaseHeld()).toBe(1);
    await pollUntil(heldName, (name) => name === 'Name 2', { what: "the late 'Name 2' applied" });
    await pollUntil(heldName, (name) => name === 'Name 3', { what: "'Name 3' PUT again", timeoutMs: 20_000 });
    await pollUntil(
      () => bed.db.query('SELECT reassert_at, pending_since FROM location_push_state WHERE location_key = $1', [`FR/ABC/${location}`]),
      (r) => r.rows[0].reassert_at === null && r.rows[0].pending_since === null,
      { what: 'the re-assertion done' },
    );
    // The IOP records the held request when it applies it: after 'Name 3'.
    expect(acceptedPuts(await simulator.requests({ location_id: location }))).toEqual(['Name 1', 'Name 2', 'Name 3', 'Name 2', 'Name 3']);
  });

  it('never sends an event older than one the IOP may already hold (sent, its answer lost)', async () => {
    const [location, evse] = [uid('LOC'), uid('E')];
    const key = `FR/ABC/${location}/${evse}`;
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'AVAILABLE', event_time: '2026-12-05T17:00:00Z' }]);
    await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => patchesOf(r, evse).length === 1,
      { what: 'the first PATCH' },
    );

    // CHARGING@10 goes out and is held (every retry too) until an older INOPERATIVE@05 is stored behind it.
    await simulator.setFaults({ next_faults: Array.from({ length: 50 }, () => 'held' as const) });
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'CHARGING', event_time: '2026-12-05T17:00:10Z' }]);
    await pollUntil(
      () => simulator.heldCount(),
      (n) => n >= 1,
      { what: 'the CHARGING request held' },
    );
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'INOPERATIVE', event_time: '2026-12-05T17:00:05Z' }]);
    await pollUntil(
      () => bed.db.query('SELECT status FROM evse_status_queue WHERE evse_key = $1', [key]),
      (r) => r.rows.some((row) => row.status === 'INOPERATIVE'),
      {
        what: 'INOPERATIVE queued',
      },
    );
    // The held requests are applied (their answers lost), and the IOP answers again.
    await simulator.clearFaults();
    await simulator.releaseHeld();
    await pollUntil(
      () => bed.db.query('SELECT count(*)::int AS n FROM evse_status_queue WHERE evse_key = $1', [key]),
      (r) => r.rows[0].n === 0,
      {
        what: 'the queue drained',
      },
    );
    const requests = await simulator.requests({ evse_uid: evse });
    expect(patchesOf(requests, evse).filter((p) => p.startsWith('INOPERATIVE'))).toEqual([]);
    expect(heldAtIop(requests, evse)).toBe('CHARGING');
  });
});

describe('gireve-push: latest mode', () => {
  const bed = new PushTestBed();
  let simulator: Simulator;

  beforeAll(async () => {
    await bed.setUp();
    simulator = await Simulator.start();
    await bed.startWorker(simulator, { STATUS_DELIVERY: 'latest' });
  });

  afterAll(async () => {
    await bed.tearDown();
    await simulator?.app.stop();
  });

  it('ends with the newest status and the time its final run began: A@1 pushed, B@2 and A@3 accepted gives A@3', async () => {
    const [location, evse] = [uid('LOC'), uid('E')];
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'AVAILABLE', event_time: '2026-12-05T16:00:01Z' }]);
    await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => patchesOf(r, evse).length === 1,
      { what: 'A@1' },
    );
    await simulator.setFaults({ latency_ms: 300 });
    await bed.publishStatuses([
      { location_id: location, evse_uid: evse, status: 'CHARGING', event_time: '2026-12-05T16:00:02Z' },
      { location_id: location, evse_uid: evse, status: 'AVAILABLE', event_time: '2026-12-05T16:00:03Z' },
    ]);
    const requests = await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => patchesOf(r, evse).at(-1) === 'AVAILABLE@2026-12-05T16:00:03Z',
      {
        what: 'A@3 at the IOP',
      },
    );
    expect(patchesOf(requests, evse).length).toBeLessThanOrEqual(3);
  });
});
