import 'reflect-metadata';
import { pollUntil } from '@app/testing';
import type { AppProcess } from '@app/testing';
import { acceptedPatchesByEvse, backwardsPatches, ocpiTime, PushTestBed, type RecordedRequest, Simulator, STATUSES, streamStatuses, uid, untilIopHolds } from './push-test-kit';

jest.setTimeout(180_000);

function evses(count: number) {
  const location = uid('LOC');
  return Array.from({ length: count }, () => ({ location_id: location, evse_uid: uid('E') }));
}

/**
 * The IOP failing in every way the issue lists: full outage (store and
 * forward, coalesced and FIFO replay, circuit breaker), technical errors
 * (backoff), 429 (Retry-After), 401 (slow retry), refusals of one object
 * (parking, replay), and our own rate limit.
 */
describe('gireve-push: IOP failures', () => {
  let simulator: Simulator;

  beforeAll(async () => {
    simulator = await Simulator.start();
  });

  afterEach(async () => {
    await simulator.clearFaults();
  });

  afterAll(async () => {
    await simulator?.app.stop();
  });

  describe('with one worker', () => {
    const bed = new PushTestBed();
    let worker: AppProcess;

    beforeAll(async () => {
      await bed.setUp();
      worker = await bed.startWorker(simulator, { CIRCUIT_BREAKER_THRESHOLD: '5', UNAUTHORIZED_RETRY_DELAY_MS: '1500' });
    });

    afterAll(async () => {
      await bed.tearDown();
    });

    it('stores every transition during an outage and replays them when the IOP is back: per EVSE in order, oldest first across EVSEs', async () => {
      await simulator.setFaults({ outage: true });
      const group = evses(20);
      const expected = await streamStatuses(bed, group, 10, undefined, 50);
      // Stored durably meanwhile: every EVSE's 10 transitions wait in its queue.
      await pollUntil(
        async () => (await bed.db.query(`SELECT count(*)::int AS n FROM evse_status_queue WHERE evse_key LIKE $1`, [`FR/ABC/${group[0].location_id}/%`])).rows[0].n,
        (n) => n === 200,
        { what: 'the 200 transitions stored' },
      );
      await pollUntil(
        () => worker.logs,
        (logs) => logs.includes('circuit opened'),
        { what: 'the circuit to open' },
      );

      const since = await simulator.lastSeq();
      await simulator.clearFaults();
      const requests = await pollUntil(
        () => simulator.requests({ since }),
        (r) => group.every(({ evse_uid }) => acceptedPatchesByEvse(r).get(evse_uid)?.length === 10),
        { what: 'the 200 transitions replayed' },
      );
      const patches = acceptedPatchesByEvse(requests);
      const roundOf = (r: RecordedRequest) => (Date.parse(String(r.body.last_updated)) - Date.parse('2026-11-24T00:00:00Z')) / 1000;
      group.forEach(({ evse_uid }, i) => {
        expect(patches.get(evse_uid)!.map((r) => `${String(r.body.status)}@${roundOf(r)}`)).toEqual(
          Array.from({ length: 10 }, (_, round) => `${STATUSES[(i + round) % STATUSES.length]}@${round}`),
        );
        expect(String(patches.get(evse_uid)!.at(-1)!.body.status)).toBe(expected.get(evse_uid)!.status);
      });
      // FIFO across EVSEs: the first 20 PATCHes of the replay are first transitions (a few second ones overtake with the freed slots).
      const replay = requests.filter((r) => r.method === 'PATCH' && r.http_status === 200).sort((a, b) => a.seq - b.seq);
      expect(Math.max(...replay.slice(0, 20).map(roundOf))).toBeLessThanOrEqual(1);
      expect(worker.logs).toContain('IOP reachable again');
    });

    it('retries network errors, timeouts, HTTP 5xx and OCPI 3000 with backoff until every EVSE holds its newest status', async () => {
      await simulator.setFaults({ error_rate: 0.4, error_kinds: ['http_500', 'http_503', 'timeout', 'reset', 'ocpi_3000'] });
      const since = await simulator.lastSeq();
      const expected = await streamStatuses(bed, evses(15), 5);
      await simulator.setFaults({ error_rate: 0.4, error_kinds: ['http_500', 'http_503', 'reset', 'ocpi_3000'] }); // keep failing, faster
      const requests = await untilIopHolds(simulator, expected, { since, timeoutMs: 90_000 });
      expect(requests.some((r) => r.fault)).toBe(true);
      expect(backwardsPatches(requests)).toEqual([]);
    });

    it('honours Retry-After on HTTP 429: no request before it has passed', async () => {
      await simulator.setFaults({ rate_limit: { every_nth: 10, retry_after_s: 1 } });
      const since = await simulator.lastSeq();
      const expected = await streamStatuses(bed, evses(20), 3);
      const requests = await untilIopHolds(simulator, expected, { since });
      const limited = requests.filter((r) => r.http_status === 429);
      expect(limited.length).toBeGreaterThan(0);
      // Requests already on the wire when the 429 came back may arrive just after it; none is sent after that until Retry-After.
      for (const refusal of limited) {
        const at = Date.parse(refusal.received_at);
        const early = requests.filter((r) => Date.parse(r.received_at) > at + 200 && Date.parse(r.received_at) < at + 950);
        expect(early.map((r) => r.seq)).toEqual([]);
      }
    });

    it('stops hammering when our token is refused (401), says so, and recovers once it is accepted', async () => {
      await simulator.setFaults({ unauthorized: true });
      const since = await simulator.lastSeq();
      const expected = await streamStatuses(bed, evses(20), 2);
      await pollUntil(
        () => worker.logs,
        (logs) => logs.includes('the IOP refused our token'),
        { what: 'the refused token logged' },
      );
      const start = Date.now();
      await pollUntil(
        () => Date.now() - start,
        (elapsed) => elapsed > 4000,
        { intervalMs: 500, what: '4 s of refusals' },
      );
      const answered401 = (await simulator.requests({ since })).filter((r) => r.http_status === 401);
      // The versions and details calls are recorded too: after a 401 the worker reads the IOP's endpoints again, once per probe.
      const discovery = answered401.filter((r) => !r.path.includes('/locations/'));
      expect(discovery.length).toBeLessThanOrEqual(6);
      const refused = answered401.filter((r) => r.path.includes('/locations/'));
      // One burst of the requests already in flight, then one probe per UNAUTHORIZED_RETRY_DELAY_MS (1.5 s).
      expect(refused.length).toBeLessThanOrEqual(20 + 5);
      // Hammering would be dozens of requests a second; the paused worker sends ~3 probes in 4 s. The margin
      // covers in-flight requests that reach a busy 2-core machine late (6 were seen under CI load).
      const late = refused.filter((r) => Date.parse(r.received_at) > Date.parse(refused[0].received_at) + 500);
      expect(late.length).toBeLessThanOrEqual(8);
      await simulator.clearFaults();
      await untilIopHolds(simulator, expected, { since });
    });

    it('parks an EVSE the IOP refuses, with the reason, without blocking the others; lists and replays it', async () => {
      const group = evses(5);
      const refused = group[0].evse_uid;
      await simulator.setFaults({ refuse_evse_uids: [refused] });
      const expected = await streamStatuses(bed, group, 2);
      const others = new Map([...expected].filter(([evse]) => evse !== refused));
      await untilIopHolds(simulator, others);

      const key = `FR/ABC/${group[0].location_id}/${refused}`;
      const parked = await pollUntil(
        async () => (await bed.adminCall(worker, 'GET', '/admin/parked')).body as { key: string; reason: string; kind: string }[],
        (list) => list.some((p) => p.key === key),
        { what: 'the refused EVSE listed as parked' },
      );
      expect(parked.find((p) => p.key === key)).toMatchObject({ kind: 'evse_status', reason: expect.stringMatching(/HTTP 4\d\d|OCPI 2\d\d\d/) });
      expect((await bed.adminCall(worker, 'GET', '/admin/parked', undefined, 'wrong-key')).status).toBe(401);
      expect((await bed.adminCall(worker, 'POST', '/admin/parked/replay', { kind: 'nonsense' })).status).toBe(400);

      await simulator.clearFaults();
      const replay = await bed.adminCall(worker, 'POST', '/admin/parked/replay', { kind: 'evse_status', keys: [key] });
      expect(replay).toEqual({ status: 200, body: { replayed: 1 } });
      await untilIopHolds(simulator, new Map([[refused, expected.get(refused)!]]));
      expect(((await bed.adminCall(worker, 'GET', '/admin/parked')).body as { key: string }[]).some((p) => p.key === key)).toBe(false);
    });
  });

  it('replays the backlog in FIFO order after an outage', async () => {
    const bed = new PushTestBed();
    await bed.setUp();
    try {
      await bed.startWorker(simulator, { PUSH_CONCURRENCY: '1', CIRCUIT_BREAKER_THRESHOLD: '2' });
      await simulator.setFaults({ outage: true });
      const location = uid('LOC');
      const order = Array.from({ length: 8 }, () => uid('E'));
      for (const [i, evse] of order.entries()) {
        await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: STATUSES[i % STATUSES.length], event_time: '2026-11-24T01:00:00Z' }]);
        await pollUntil(
          () => bed.evseRow(location, evse),
          (row) => row !== undefined,
          { what: `${evse} stored` },
        );
      }
      const since = await simulator.lastSeq();
      await simulator.clearFaults();
      const expected = new Map(order.map((evse, i) => [evse, { status: STATUSES[i % STATUSES.length], last_updated: ocpiTime('2026-11-24T01:00:00Z') }]));
      const requests = await untilIopHolds(simulator, expected, { since });
      const firstAccepted = (evse: string) => requests.find((r: RecordedRequest) => r.evse_uid === evse && r.http_status === 200)!.seq;
      expect([...order].sort((a, b) => firstAccepted(a) - firstAccepted(b))).toEqual(order);
    } finally {
      await bed.tearDown();
    }
  });

  it('never sends more requests per second than IOP_RATE_LIMIT_PER_SECOND', async () => {
    const bed = new PushTestBed();
    await bed.setUp();
    try {
      await bed.startWorker(simulator, { IOP_RATE_LIMIT_PER_SECOND: '20' });
      const since = await simulator.lastSeq();
      const expected = await streamStatuses(bed, evses(60), 1);
      const requests = await untilIopHolds(simulator, expected, { since });
      const times = requests.map((r) => Date.parse(r.received_at)).sort((a, b) => a - b);
      const busiestSecond = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
      // A token bucket of 2 requests per 100 ms: at most 20 in any second, plus one refill at the window's edge.
      expect(busiestSecond).toBeLessThanOrEqual(22);
      expect(times.at(-1)! - times[0]).toBeGreaterThanOrEqual(2000);
    } finally {
      await bed.tearDown();
    }
  });
});
