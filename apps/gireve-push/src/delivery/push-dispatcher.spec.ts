import { pollUntil } from '@app/testing';
import { Counter, Registry } from 'prom-client';
import { IopRequestError, type IopVerdict } from '../iop/iop-verdict';
import { BrokenCircuitError, type Admission, type IopTrafficService } from './iop-traffic.service';
import { PushDispatcher } from './push-dispatcher';
import type { ClaimedPush, PushOutbox, PushOutcome, StoreClaim } from './push-outbox';

interface Row extends ClaimedPush {
  /** Claimable from then on: after a backoff, or when a lease runs out. */
  dueAt: number;
  leasedBy?: string;
}

/**
 * An in-memory outbox with leases like the database's: a claim leases a row to
 * its token until `leaseMs` later (then any claim may take it again), and every
 * write is fenced by the token. `send` decides each delivery's fate; every
 * transition is recorded.
 */
class FakeOutbox implements PushOutbox<Row> {
  readonly kind = 'evse_status' as const;
  readonly rows = new Map<string, Row>();
  readonly events: string[] = [];
  readonly deliveries = new Map<string, number>();
  inFlight = 0;
  maxInFlight = 0;
  renewable = true;
  send: (row: Row, signal: AbortSignal) => Promise<PushOutcome> = async () => 'sent';
  /** Holds every result's recording until it settles. */
  recording: Promise<void> = Promise.resolve();
  recordsWaiting = 0;
  /** Holds every claim until it settles (a slow database). */
  claiming: Promise<void> = Promise.resolve();
  claims = 0;
  /** How many more deliveries a row needs after its current one (events queued behind). */
  readonly queuedBehind = new Map<string, number>();

  add(key: string): void {
    this.rows.set(key, { key, attempts: 0, lease: '', dueAt: 0 });
  }

  async claim(lease: string, limit: number, leaseMs: number, inFlight: string[]): Promise<Row[]> {
    this.claims++;
    await this.claiming;
    const due = [...this.rows.values()].filter((row) => row.dueAt <= Date.now() && !inFlight.includes(row.key)).slice(0, limit);
    for (const row of due) Object.assign(row, { leasedBy: lease, lease, dueAt: Date.now() + leaseMs });
    return due.map((row) => ({ ...row }));
  }

  /** What a store with `claim` leases: new rows, leased to the claim's token. */
  storeLeased(claim: StoreClaim<Row>, ...keys: string[]): Row[] {
    return keys.map((key) => {
      const row = { key, attempts: 0, lease: claim.lease, leasedBy: claim.lease, dueAt: Date.now() + claim.leaseMs };
      this.rows.set(key, row);
      return { ...row };
    });
  }

  async deliver(row: Row, signal: AbortSignal): Promise<PushOutcome> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.deliveries.set(row.key, (this.deliveries.get(row.key) ?? 0) + 1);
    try {
      return await this.send(row, signal);
    } finally {
      this.inFlight--;
    }
  }

  /** The stored row, if `row`'s claim still holds its lease. */
  private held(row: Row): Row | undefined {
    const stored = this.rows.get(row.key);
    return stored?.leasedBy === row.lease ? stored : undefined;
  }

  async complete(row: Row, outcome: PushOutcome): Promise<boolean> {
    this.recordsWaiting++;
    await this.recording;
    this.recordsWaiting--;
    const stored = this.held(row);
    if (!stored) return false;
    this.events.push(`${outcome} ${row.key}`);
    const behind = this.queuedBehind.get(row.key) ?? 0;
    if (behind === 0) {
      this.rows.delete(row.key);
      return false;
    }
    // Events were queued behind the one delivered: the row is due again at once.
    this.queuedBehind.set(row.key, behind - 1);
    Object.assign(stored, { leasedBy: undefined, dueAt: 0 });
    return true;
  }

  async retry(row: Row, delayMs: number, _reason: string, failed: boolean): Promise<void> {
    const stored = this.held(row);
    if (!stored) return;
    this.events.push(`retry ${row.key} ${failed ? 'failed' : 'not-tried'}`);
    Object.assign(stored, { leasedBy: undefined, dueAt: Date.now() + delayMs, attempts: stored.attempts + (failed ? 1 : 0) });
  }

  async park(row: Row, reason: string): Promise<void> {
    if (!this.held(row)) return;
    this.events.push(`park ${row.key} ${reason}`);
    this.rows.delete(row.key);
  }

  async release(rows: Row[], outcomeUnknown: boolean): Promise<void> {
    for (const row of rows) {
      const stored = this.held(row);
      if (!stored) continue;
      this.events.push(`release ${row.key}${outcomeUnknown ? '' : ' unsent'}`);
      Object.assign(stored, { leasedBy: undefined, dueAt: 0 });
    }
  }

  async renew(rows: Row[], leaseMs: number): Promise<string[]> {
    if (!this.renewable) throw new Error('database unavailable');
    const renewed = rows.map((row) => this.held(row)).filter((stored) => stored !== undefined);
    for (const stored of renewed) stored.dueAt = Date.now() + leaseMs;
    return renewed.map((stored) => stored.key);
  }

  async resetBackoff(): Promise<void> {
    for (const row of this.rows.values()) if (!row.leasedBy) row.dueAt = 0;
  }
}

function fakeTraffic(admission: () => Admission = () => ({ slots: Number.POSITIVE_INFINITY, retryInMs: 0 })) {
  const listeners: (() => void)[] = [];
  const traffic = { admission, circuitOpen: false, onIopWideChange: (listener: () => void) => listeners.push(listener) } as unknown as IopTrafficService;
  return { traffic, recover: () => listeners.forEach((listener) => listener()) };
}

function failure(verdict: Exclude<IopVerdict, { kind: 'accepted' }>) {
  return async (): Promise<PushOutcome> => {
    throw new IopRequestError(verdict);
  };
}

describe(PushDispatcher.name, () => {
  const retries = new Counter({ name: 'test_retries_total', help: 'test', labelNames: ['kind', 'reason'], registers: [new Registry()] });
  const options = { owner: 'me', concurrency: 3, leaseMs: 10_000, pollIntervalMs: 20, initialDelayMs: 10, maxDelayMs: 50 };
  let dispatcher: PushDispatcher<Row>;

  afterEach(async () => dispatcher.stop(0));

  it('delivers every due row with at most `concurrency` requests in flight', async () => {
    const outbox = new FakeOutbox();
    for (let i = 0; i < 20; i++) outbox.add(`E${i}`);
    outbox.send = () => new Promise((resolve) => setTimeout(() => resolve('sent'), 5));
    dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, options, retries);
    dispatcher.start();
    await pollUntil(
      () => outbox.rows.size,
      (size) => size === 0,
      { timeoutMs: 5000, what: 'all rows delivered' },
    );
    expect(outbox.events.filter((e) => e.startsWith('sent'))).toHaveLength(20);
    expect(outbox.maxInFlight).toBeLessThanOrEqual(3);
    expect(outbox.maxInFlight).toBeGreaterThan(1);
  });

  it('gives a request slot to the next claim while the last answer is being recorded, up to twice `concurrency` deliveries in all', async () => {
    const outbox = new FakeOutbox();
    for (let i = 0; i < 20; i++) outbox.add(`E${i}`);
    let release!: () => void;
    outbox.recording = new Promise((resolve) => (release = resolve));
    dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, options, retries);
    dispatcher.start();
    // Recording stalls (a slow database): requests go on until 6 deliveries (3 requests' worth twice) await theirs.
    await pollUntil(
      () => outbox.recordsWaiting,
      (waiting) => waiting === 6,
      { timeoutMs: 5000, what: 'six results waiting to be recorded' },
    );
    expect([...outbox.deliveries.keys()]).toHaveLength(6);
    release();
    await pollUntil(
      () => outbox.rows.size,
      (size) => size === 0,
      { timeoutMs: 5000, what: 'all rows delivered' },
    );
    expect(outbox.maxInFlight).toBeLessThanOrEqual(3);
    expect(outbox.events.filter((e) => e.startsWith('sent'))).toHaveLength(20);
  });

  /** Starts a dispatcher on 10 rows whose requests wait to be answered; resolves once E3 is claimed ahead of the 3 requests. */
  async function startWithRowClaimedAhead(): Promise<{ outbox: FakeOutbox; finishes: (() => void)[] }> {
    const outbox = new FakeOutbox();
    for (let i = 0; i < 10; i++) outbox.add(`E${i}`);
    const finishes: (() => void)[] = [];
    outbox.send = () => new Promise((resolve) => finishes.push(() => resolve('sent')));
    dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, options, retries);
    dispatcher.start();
    // 3 requests in flight, and one row more claimed (a quarter of `concurrency`, rounded up).
    await pollUntil(
      () => [outbox.inFlight, [...outbox.rows.values()].filter((row) => row.leasedBy).length],
      ([requests, rows]) => requests === 3 && rows === 4,
      { what: 'three requests in flight and a fourth row claimed' },
    );
    return { outbox, finishes };
  }

  it('claims rows ahead of the free slots: a slot freed by an answer starts the next row while a claim is still running', async () => {
    const { outbox, finishes } = await startWithRowClaimedAhead();
    // Claims stall from now on: the row claimed ahead still goes out when a slot frees.
    let claimsResume!: () => void;
    outbox.claiming = new Promise((resolve) => (claimsResume = resolve));
    finishes[0]!();
    await pollUntil(
      () => outbox.deliveries.size,
      (size) => size === 4,
      { what: 'the row claimed ahead sent' },
    );
    expect(outbox.maxInFlight).toBe(3);
    claimsResume();
  });

  it('on stop, hands back the rows claimed ahead as never sent, and sends them nothing', async () => {
    const { outbox, finishes } = await startWithRowClaimedAhead();
    const stopped = dispatcher.stop(5000);
    // The answers come after the stop began: their slots start nothing.
    await pollUntil(
      () => outbox.events,
      (events) => events.length === 1,
      { what: 'the row claimed ahead handed back' },
    );
    for (const finish of finishes) finish();
    await stopped;
    expect(outbox.events.sort()).toEqual(['release E3 unsent', 'sent E0', 'sent E1', 'sent E2']);
    expect(outbox.deliveries.has('E3')).toBe(false);
    expect(outbox.rows.get('E3')?.leasedBy).toBeUndefined();
  });

  it('never sends a row claimed ahead whose lease was lost while it waited for a slot', async () => {
    const outbox = new FakeOutbox();
    for (let i = 0; i < 10; i++) outbox.add(`E${i}`);
    outbox.renewable = false;
    const sentWithLostLease: string[] = [];
    outbox.send = (row, signal) => {
      if (signal.aborted) sentWithLostLease.push(row.key);
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    };
    dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, { ...options, leaseMs: 60 }, retries);
    dispatcher.start();
    // The leases cannot be renewed: the 3 requests and E3, claimed ahead, lose theirs together; the requests end,
    // and E3 goes out only under a claim of its own, once its lost lease ran out.
    await pollUntil(
      () => outbox.deliveries.get('E3'),
      (n) => n === 1,
      { timeoutMs: 2000, what: 'E3 sent under a new claim' },
    );
    expect(sentWithLostLease).toEqual([]);
  });

  it('retries a technical failure with backoff, counting the attempt, until it succeeds', async () => {
    const outbox = new FakeOutbox();
    outbox.add('E1');
    let calls = 0;
    outbox.send = async () => {
      calls++;
      if (calls < 3) throw new IopRequestError({ kind: 'transient', reason: 'HTTP 503' });
      return 'sent';
    };
    dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, options, retries);
    dispatcher.start();
    await pollUntil(
      () => outbox.rows.size,
      (size) => size === 0,
      { timeoutMs: 5000, what: 'the row delivered' },
    );
    expect(outbox.events).toEqual(['retry E1 failed', 'retry E1 failed', 'sent E1']);
  });

  it('parks a refused object with the reason and goes on with the others', async () => {
    const outbox = new FakeOutbox();
    outbox.add('BAD');
    outbox.add('GOOD');
    outbox.send = async (row) => (row.key === 'BAD' ? failure({ kind: 'refused', reason: 'HTTP 404, OCPI 2003' })() : 'sent');
    dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, options, retries);
    dispatcher.start();
    await pollUntil(
      () => outbox.rows.size,
      (size) => size === 0,
      { timeoutMs: 5000, what: 'both rows handled' },
    );
    expect(outbox.events.sort()).toEqual(['park BAD HTTP 404, OCPI 2003', 'sent GOOD']);
  });

  it('does not count an attempt for a 429 or an open circuit: the object was not refused', async () => {
    const outbox = new FakeOutbox();
    outbox.add('E1');
    outbox.add('E2');
    const seen = new Set<string>();
    outbox.send = async (row) => {
      if (seen.has(row.key)) return 'sent';
      seen.add(row.key);
      if (row.key === 'E1') throw new IopRequestError({ kind: 'rate-limited', retryAfterMs: 30, reason: 'HTTP 429' });
      throw new BrokenCircuitError();
    };
    dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, options, retries);
    dispatcher.start();
    await pollUntil(
      () => outbox.rows.size,
      (size) => size === 0,
      { timeoutMs: 5000, what: 'both rows delivered' },
    );
    expect(outbox.events.filter((e) => e.startsWith('retry')).sort()).toEqual(['retry E1 not-tried', 'retry E2 not-tried']);
  });

  describe('stored work, with a claim interval far longer than the test', () => {
    const slow = { ...options, claimIntervalMs: 60_000 };

    /** Starts a dispatcher (`concurrency` slots) whose first row, E0, is in flight until `finish` is called. */
    async function startWithE0InFlight(concurrency: number): Promise<{ outbox: FakeOutbox; finish: () => void }> {
      const outbox = new FakeOutbox();
      outbox.add('E0');
      const finishes: (() => void)[] = [];
      outbox.send = (row) => (row.key === 'E0' ? new Promise((resolve) => finishes.push(() => resolve('sent'))) : Promise.resolve('sent'));
      dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, { ...slow, concurrency }, retries);
      dispatcher.start();
      await pollUntil(
        () => outbox.inFlight,
        (n) => n === 1,
        { what: 'E0 in flight' },
      );
      return { outbox, finish: () => finishes[0]!() };
    }

    it('is claimed at once while a request slot is free, not after the interval', async () => {
      const { outbox, finish } = await startWithE0InFlight(3);
      outbox.add('E1');
      dispatcher.stored();
      await pollUntil(
        () => outbox.events,
        (events) => events.includes('sent E1'),
        { timeoutMs: 2000, what: 'E1 sent while E0 is in flight' },
      );
      finish();
    });

    it('with every slot busy, is claimed as soon as a slot frees', async () => {
      const { outbox, finish } = await startWithE0InFlight(1);
      outbox.add('E1');
      dispatcher.stored();
      finish();
      await pollUntil(
        () => outbox.events,
        (events) => events.includes('sent E1'),
        { timeoutMs: 2000, what: 'E1 sent once E0 is answered' },
      );
    });
  });

  describe('claims only when work may be due (a poll interval far longer than the test)', () => {
    const polling = { ...options, pollIntervalMs: 60_000 };

    afterEach(() => jest.useRealTimers());

    it('an answer and its record that leave nothing due start no claim', async () => {
      jest.useFakeTimers();
      const outbox = new FakeOutbox();
      outbox.add('E1');
      dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, polling, retries);
      dispatcher.start();
      await jest.advanceTimersByTimeAsync(1000);
      expect(outbox.events).toEqual(['sent E1']);
      // One claim found E1, fewer rows than it asked for: E1's answer and record claim nothing more.
      expect(outbox.claims).toBe(1);
      outbox.add('E2');
      dispatcher.stored();
      await jest.advanceTimersByTimeAsync(1000);
      expect(outbox.events).toEqual(['sent E1', 'sent E2']);
      expect(outbox.claims).toBe(2);
    });

    it('a failure retried without delay (an open circuit) is claimed again at once', async () => {
      jest.useFakeTimers();
      const outbox = new FakeOutbox();
      outbox.add('E1');
      let tries = 0;
      outbox.send = async () => {
        tries += 1;
        if (tries === 1) throw new BrokenCircuitError();
        return 'sent';
      };
      dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, polling, retries);
      dispatcher.start();
      await jest.advanceTimersByTimeAsync(1000);
      expect(outbox.events).toEqual(['retry E1 not-tried', 'sent E1']);
    });

    it('a record that leaves its row due (events queued behind) is claimed again at once', async () => {
      jest.useFakeTimers();
      const outbox = new FakeOutbox();
      outbox.add('E1');
      outbox.queuedBehind.set('E1', 2);
      dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, polling, retries);
      dispatcher.start();
      await jest.advanceTimersByTimeAsync(1000);
      expect(outbox.events).toEqual(['sent E1', 'sent E1', 'sent E1']);
    });
  });

  describe('leases by the store itself (offer), with a poll interval far longer than the test', () => {
    const polling = { ...options, pollIntervalMs: 60_000 };

    afterEach(() => jest.useRealTimers());

    async function idleDispatcher(admission?: () => Admission): Promise<FakeOutbox> {
      jest.useFakeTimers();
      const outbox = new FakeOutbox();
      dispatcher = new PushDispatcher(outbox, fakeTraffic(admission).traffic, polling, retries);
      dispatcher.start();
      await jest.advanceTimersByTimeAsync(10);
      return outbox;
    }

    it('offers stores running together the free slots between them, and delivers what they leased with no claim of its own', async () => {
      const outbox = await idleDispatcher();
      expect(outbox.claims).toBe(1);
      const first = dispatcher.offer(2)!;
      const second = dispatcher.offer(5)!;
      expect([first.limit, second.limit]).toEqual([2, 1]);
      expect(dispatcher.offer(1)).toBeNull();

      first.done(outbox.storeLeased(first, 'S1', 'S2'));
      second.done([]);
      await jest.advanceTimersByTimeAsync(1000);
      expect(outbox.events).toEqual(['sent S1', 'sent S2']);
      expect(outbox.claims).toBe(1);
      // Every slot is free again.
      expect(dispatcher.offer(5)!.limit).toBe(3);
    });

    it('offers nothing while its last claim was full: the backlog goes first, longest pending first', async () => {
      const outbox = new FakeOutbox();
      for (const key of ['E1', 'E2', 'E3', 'E4']) outbox.add(key);
      outbox.send = (_row, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve('sent')));
      jest.useFakeTimers();
      dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, { ...polling, concurrency: 2 }, retries);
      dispatcher.start();
      await jest.advanceTimersByTimeAsync(10);
      expect(outbox.inFlight).toBe(2);
      expect(dispatcher.offer(1)).toBeNull();
    });

    it('offers nothing while the IOP takes only a probe', async () => {
      await idleDispatcher(() => ({ slots: 1, retryInMs: 50 }));
      expect(dispatcher.offer(1)).toBeNull();
    });

    it('keeps track of a row a store leased again while its last result was being recorded', async () => {
      const outbox = await idleDispatcher();
      let recorded!: () => void;
      outbox.recording = new Promise((resolve) => (recorded = resolve));
      outbox.add('E1');
      dispatcher.stored();
      await jest.advanceTimersByTimeAsync(10);
      expect(outbox.recordsWaiting).toBe(1);

      // Its next delivery runs until aborted: only a dispatcher that still tracks it aborts it and hands it back on stop.
      outbox.send = (_row, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve('sent')));
      const claim = dispatcher.offer(1)!;
      claim.done(outbox.storeLeased(claim, 'E1'));
      recorded();
      await jest.advanceTimersByTimeAsync(10);
      const stopping = dispatcher.stop(0);
      await jest.advanceTimersByTimeAsync(10);
      await stopping;
      expect(outbox.events).toEqual(['release E1']);
    });

    it('hands back, unsent, what a store leased after it stopped', async () => {
      const outbox = await idleDispatcher();
      const claim = dispatcher.offer(1)!;
      await dispatcher.stop(0);
      claim.done(outbox.storeLeased(claim, 'S1'));
      await jest.advanceTimersByTimeAsync(10);
      expect(outbox.events).toEqual(['release S1 unsent']);
    });
  });

  it('claims nothing while the traffic policy admits no request', async () => {
    const outbox = new FakeOutbox();
    outbox.add('E1');
    let open = true;
    let refusals = 0;
    const { traffic } = fakeTraffic(() => {
      if (!open) return { slots: 1, retryInMs: 0 };
      refusals += 1;
      return { slots: 0, retryInMs: 10 };
    });
    dispatcher = new PushDispatcher(outbox, traffic, options, retries);
    dispatcher.start();
    // Several rounds of the dispatcher loop, each refused by the policy.
    await pollUntil(
      () => refusals,
      (count) => count >= 5,
      { timeoutMs: 5000, what: 'five refused admissions' },
    );
    expect(outbox.events).toEqual([]);
    open = false;
    await pollUntil(
      () => outbox.events,
      (events) => events.length === 1,
      { timeoutMs: 5000, what: 'the row delivered after the pause' },
    );
  });

  it('on stop, lets requests in flight finish within the grace period', async () => {
    const outbox = new FakeOutbox();
    outbox.add('E1');
    let started = false;
    outbox.send = () => {
      started = true;
      return new Promise((resolve) => setTimeout(() => resolve('sent'), 100));
    };
    dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, options, retries);
    dispatcher.start();
    await pollUntil(() => started, Boolean, { what: 'the request started' });
    await dispatcher.stop(5000);
    expect(outbox.events).toEqual(['sent E1']);
  });

  it('on stop, aborts what outlives the grace period and hands it back', async () => {
    const outbox = new FakeOutbox();
    outbox.add('E1');
    let aborted = false;
    outbox.send = (_row, signal) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          aborted = true;
          reject(new Error('aborted'));
        });
      });
    dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, options, retries);
    dispatcher.start();
    await pollUntil(
      () => outbox.inFlight,
      (n) => n === 1,
      { what: 'the request started' },
    );
    await dispatcher.stop(50);
    expect(aborted).toBe(true);
    expect(outbox.events).toEqual(['release E1']);
    expect(outbox.rows.get('E1')?.leasedBy).toBeUndefined();
  });

  it('when the IOP as a whole goes down or comes back, makes rows in backoff due at once', async () => {
    const outbox = new FakeOutbox();
    outbox.add('E1');
    outbox.rows.get('E1')!.dueAt = Date.now() + 60_000;
    const { traffic, recover } = fakeTraffic();
    dispatcher = new PushDispatcher(outbox, traffic, options, retries);
    dispatcher.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(outbox.events).toEqual([]);
    recover();
    await pollUntil(
      () => outbox.events,
      (events) => events.length === 1,
      { timeoutMs: 5000, what: 'the row delivered after recovery' },
    );
  });

  it('keeps the lease of a delivery that outlasts it, by renewal, and never claims that row again meanwhile', async () => {
    const outbox = new FakeOutbox();
    outbox.add('LOC');
    let finish!: () => void;
    outbox.send = () => new Promise((resolve) => (finish = () => resolve('sent')));
    dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, { ...options, leaseMs: 60 }, retries);
    dispatcher.start();
    await pollUntil(
      () => outbox.inFlight,
      (n) => n === 1,
      { what: 'the delivery started' },
    );
    // Ten leases long: without renewal the row would be due again after the first.
    const until = Date.now() + 600;
    await pollUntil(
      () => Date.now(),
      (now) => now >= until,
      { timeoutMs: 2000, what: 'ten leases' },
    );
    expect(outbox.deliveries.get('LOC')).toBe(1);
    // Still leased: no other replica could claim it.
    expect(outbox.rows.get('LOC')!.dueAt).toBeGreaterThan(Date.now());
    finish();
    await pollUntil(
      () => outbox.events,
      (events) => events.length === 1,
      { what: 'the delivery recorded' },
    );
    expect(outbox.events).toEqual(['sent LOC']);
  });

  it('aborts a delivery whose lease cannot be renewed before it runs out, and never claims the row while it still runs', async () => {
    const outbox = new FakeOutbox();
    outbox.add('LOC');
    outbox.renewable = false;
    let aborted = 0;
    let finish!: () => void;
    outbox.send = (_row, signal) =>
      new Promise((resolve, reject) => {
        finish = () => resolve('sent');
        signal.addEventListener('abort', () => {
          aborted += 1;
          // The request ends a while after the abort (an HTTP request winding down).
          setTimeout(() => reject(new Error('aborted')), 200);
        });
      });
    dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, { ...options, leaseMs: 60 }, retries);
    dispatcher.start();
    await pollUntil(
      () => aborted,
      (n) => n === 1,
      { timeoutMs: 2000, what: 'the delivery aborted' },
    );
    // Aborted, not over yet: its lease ran out, yet this replica does not claim the row a second time.
    expect(outbox.deliveries.get('LOC')).toBe(1);
    outbox.renewable = true;
    await pollUntil(
      () => outbox.deliveries.get('LOC'),
      (n) => n === 2,
      { timeoutMs: 2000, what: 'the row claimed again once the aborted delivery ended' },
    );
    finish();
    await pollUntil(
      () => outbox.events,
      (events) => events.includes('sent LOC'),
      { timeoutMs: 2000, what: 'the second delivery recorded' },
    );
  });

  it('records nothing for a claim whose row was claimed again since (fenced by its own lease token)', async () => {
    const outbox = new FakeOutbox();
    outbox.add('E1');
    const finishes: (() => void)[] = [];
    outbox.send = () => new Promise((resolve) => finishes.push(() => resolve('sent')));
    dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, options, retries);
    dispatcher.start();
    await pollUntil(
      () => outbox.inFlight,
      (n) => n === 1,
      { what: 'the delivery started' },
    );
    // Another claim (here, another replica's) took the row meanwhile.
    outbox.rows.get('E1')!.leasedBy = 'other/1';
    finishes[0]!();
    await pollUntil(
      () => outbox.inFlight,
      (n) => n === 0,
      { what: 'the delivery ended' },
    );
    expect(outbox.events).toEqual([]);
    expect(outbox.rows.get('E1')?.leasedBy).toBe('other/1');
  });

  it('while the circuit is open, probes with another object after one fails: a poisoned object cannot hold the circuit open', async () => {
    const outbox = new FakeOutbox();
    outbox.add('POISONED');
    outbox.add('HEALTHY');
    outbox.send = async (row) => (row.key === 'POISONED' ? failure({ kind: 'transient', reason: 'HTTP 500 on this object' })() : 'sent');
    // The circuit is open: one probe at a time.
    const { traffic } = fakeTraffic(() => ({ slots: outbox.inFlight === 0 ? 1 : 0, retryInMs: 5 }));
    Object.assign(traffic, { circuitOpen: true });
    dispatcher = new PushDispatcher(outbox, traffic, { ...options, initialDelayMs: 1000, maxDelayMs: 1000 }, retries);
    dispatcher.start();
    await pollUntil(
      () => outbox.events,
      (events) => events.includes('sent HEALTHY'),
      { timeoutMs: 2000, what: 'the healthy object probed' },
    );
    expect(outbox.deliveries.get('POISONED')).toBe(1);
  });
});
