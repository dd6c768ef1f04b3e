import { pollUntil } from '@app/testing';
import { Counter, Registry } from 'prom-client';
import { IopRequestError, type IopVerdict } from '../iop/iop-verdict';
import { BrokenCircuitError, type Admission, type IopTrafficService } from './iop-traffic.service';
import { PushDispatcher } from './push-dispatcher';
import type { ClaimedPush, PushOutbox, PushOutcome } from './push-outbox';

interface Row extends ClaimedPush {
  dueAt: number;
  leasedBy?: string;
}

/** An in-memory outbox: `send` decides each delivery's fate, and every transition is recorded. */
class FakeOutbox implements PushOutbox<Row> {
  readonly kind = 'evse_status' as const;
  readonly rows = new Map<string, Row>();
  readonly events: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  send: (row: Row, signal: AbortSignal) => Promise<PushOutcome> = async () => 'sent';

  add(key: string): void {
    this.rows.set(key, { key, attempts: 0, dueAt: 0 });
  }

  async claim(owner: string, limit: number): Promise<Row[]> {
    const due = [...this.rows.values()].filter((row) => !row.leasedBy && row.dueAt <= Date.now()).slice(0, limit);
    for (const row of due) row.leasedBy = owner;
    return due.map((row) => ({ ...row }));
  }

  async deliver(row: Row, signal: AbortSignal): Promise<PushOutcome> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await this.send(row, signal);
    } finally {
      this.inFlight--;
    }
  }

  async complete(_owner: string, row: Row, outcome: PushOutcome): Promise<void> {
    this.events.push(`${outcome} ${row.key}`);
    this.rows.delete(row.key);
  }

  async retry(_owner: string, row: Row, delayMs: number, _reason: string, failed: boolean): Promise<void> {
    this.events.push(`retry ${row.key} ${failed ? 'failed' : 'not-tried'}`);
    const stored = this.rows.get(row.key)!;
    Object.assign(stored, { leasedBy: undefined, dueAt: Date.now() + delayMs, attempts: stored.attempts + (failed ? 1 : 0) });
  }

  async park(_owner: string, row: Row, reason: string): Promise<void> {
    this.events.push(`park ${row.key} ${reason}`);
    this.rows.delete(row.key);
  }

  async release(_owner: string, keys: string[]): Promise<void> {
    for (const key of keys) {
      this.events.push(`release ${key}`);
      this.rows.get(key)!.leasedBy = undefined;
    }
  }

  async resetBackoff(): Promise<void> {
    for (const row of this.rows.values()) row.dueAt = 0;
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
    await pollUntil(() => outbox.rows.size, (size) => size === 0, { timeoutMs: 5000, what: 'all rows delivered' });
    expect(outbox.events.filter((e) => e.startsWith('sent'))).toHaveLength(20);
    expect(outbox.maxInFlight).toBeLessThanOrEqual(3);
    expect(outbox.maxInFlight).toBeGreaterThan(1);
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
    await pollUntil(() => outbox.rows.size, (size) => size === 0, { timeoutMs: 5000, what: 'the row delivered' });
    expect(outbox.events).toEqual(['retry E1 failed', 'retry E1 failed', 'sent E1']);
  });

  it('parks a refused object with the reason and goes on with the others', async () => {
    const outbox = new FakeOutbox();
    outbox.add('BAD');
    outbox.add('GOOD');
    outbox.send = async (row) => (row.key === 'BAD' ? failure({ kind: 'refused', reason: 'HTTP 404, OCPI 2003' })() : 'sent');
    dispatcher = new PushDispatcher(outbox, fakeTraffic().traffic, options, retries);
    dispatcher.start();
    await pollUntil(() => outbox.rows.size, (size) => size === 0, { timeoutMs: 5000, what: 'both rows handled' });
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
    await pollUntil(() => outbox.rows.size, (size) => size === 0, { timeoutMs: 5000, what: 'both rows delivered' });
    expect(outbox.events.filter((e) => e.startsWith('retry')).sort()).toEqual(['retry E1 not-tried', 'retry E2 not-tried']);
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
    await pollUntil(() => refusals, (count) => count >= 5, { timeoutMs: 5000, what: 'five refused admissions' });
    expect(outbox.events).toEqual([]);
    open = false;
    await pollUntil(() => outbox.events, (events) => events.length === 1, { timeoutMs: 5000, what: 'the row delivered after the pause' });
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
    await pollUntil(() => outbox.inFlight, (n) => n === 1, { what: 'the request started' });
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
    await pollUntil(() => outbox.events, (events) => events.length === 1, { timeoutMs: 5000, what: 'the row delivered after recovery' });
  });
});
