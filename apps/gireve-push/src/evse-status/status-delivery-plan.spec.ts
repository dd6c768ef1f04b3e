import { type HeldStatus, planStatusDelivery, type QueuedStatus } from './status-delivery-plan';

const NOW = new Date('2026-12-06T12:00:00Z');

/** An event at second `s` of 12:00 (partition 0, offset = its order of arrival on Kafka). */
function at(status: string, second: number, offset: number, ms = 0): QueuedStatus {
  return {
    status,
    event_time: new Date(Date.parse('2026-12-06T11:00:00Z') + second * 1000 + ms),
    kafka_partition: 0,
    kafka_offset: String(offset),
    received_at: NOW,
    correlation_id: null,
  };
}

function held(overrides: Partial<HeldStatus> = {}): HeldStatus {
  return { status: null, position: null, lastSentAt: null, attempted: null, officeStatus: null, reassertDue: false, ...overrides };
}

const sent = (plan: ReturnType<typeof planStatusDelivery>) => plan.send && { status: plan.send.status, at: plan.send.lastUpdated.toISOString() };

describe(planStatusDelivery.name, () => {
  describe('transitions', () => {
    it('sends A→B→A as three transitions, each with its own time, in event order', () => {
      const queue = [at('CHARGING', 46, 1), at('INOPERATIVE', 47, 2), at('CHARGING', 48, 3)];
      const first = planStatusDelivery('transitions', held(), queue, NOW);
      expect(sent(first)).toEqual({ status: 'CHARGING', at: '2026-12-06T11:00:46.000Z' });
      const afterFirst = held({ status: 'CHARGING', position: first.through, lastSentAt: first.send!.lastUpdated });
      const second = planStatusDelivery('transitions', afterFirst, queue.slice(1), NOW);
      expect(sent(second)).toEqual({ status: 'INOPERATIVE', at: '2026-12-06T11:00:47.000Z' });
      const afterSecond = held({ status: 'INOPERATIVE', position: second.through, lastSentAt: second.send!.lastUpdated });
      expect(sent(planStatusDelivery('transitions', afterSecond, queue.slice(2), NOW))).toEqual({ status: 'CHARGING', at: '2026-12-06T11:00:48.000Z' });
    });

    it('sends consecutive identical statuses once, consuming the repeats', () => {
      const plan = planStatusDelivery('transitions', held({ status: 'AVAILABLE' }), [at('AVAILABLE', 1, 1), at('AVAILABLE', 2, 2), at('CHARGING', 3, 3)], NOW);
      expect(sent(plan)).toEqual({ status: 'CHARGING', at: '2026-12-06T11:00:03.000Z' });
      expect(plan.through?.kafka_offset).toBe('3');
      const repeats = planStatusDelivery('transitions', held({ status: 'AVAILABLE' }), [at('AVAILABLE', 1, 1)], NOW);
      expect(repeats.send).toBeNull();
      expect(repeats.through?.kafka_offset).toBe('1');
    });

    it('orders an event older than those still queued into its place, and drops one older than what the IOP holds', () => {
      const ioP = held({ status: 'AVAILABLE', position: at('AVAILABLE', 10, 5) });
      const plan = planStatusDelivery('transitions', ioP, [at('CHARGING', 30, 7), at('FAULTED', 5, 8), at('BLOCKED', 20, 9)], NOW);
      expect(sent(plan)).toEqual({ status: 'BLOCKED', at: '2026-12-06T11:00:20.000Z' });
    });

    it('drops an event older than one already sent whose answer never came, and sends that one again', () => {
      // CHARGING@10 was sent (written ahead), its outcome unknown; INOPERATIVE@5 arrived after it.
      const attempted = at('CHARGING', 10, 2);
      const plan = planStatusDelivery('transitions', held({ status: 'AVAILABLE', position: at('AVAILABLE', 0, 0), attempted }), [at('INOPERATIVE', 5, 3), attempted], NOW);
      expect(sent(plan)).toEqual({ status: 'CHARGING', at: '2026-12-06T11:00:10.000Z' });
      expect(plan.through?.kafka_offset).toBe('2');
    });

    it('breaks event-time ties by Kafka position, whatever the receiving replicas stamped', () => {
      const first = { ...at('CHARGING', 7, 41), received_at: new Date('2026-12-06T11:59:59Z') };
      const second = { ...at('FINISHING', 7, 40), received_at: new Date('2026-12-06T11:00:00Z') };
      // Offset 40 was answered first: FINISHING, then CHARGING.
      expect(sent(planStatusDelivery('transitions', held(), [first, second], NOW))?.status).toBe('FINISHING');
    });

    it('clamps the time sent to [last sent, now]: never backwards, never in the future', () => {
      const lastSentAt = new Date('2026-12-06T11:00:50Z');
      expect(sent(planStatusDelivery('transitions', held({ status: 'AVAILABLE', lastSentAt }), [at('CHARGING', 40, 1)], NOW))?.at).toBe('2026-12-06T11:00:50.000Z');
      const future = { ...at('CHARGING', 0, 1), event_time: new Date('2026-12-06T12:03:00Z') };
      expect(sent(planStatusDelivery('transitions', held(), [future], NOW))?.at).toBe('2026-12-06T12:00:00.000Z');
    });
  });

  describe('latest', () => {
    it('ends with the newest status and the time its final run began: A@1 held, B@2 and A@3 queued sends A@3', () => {
      const plan = planStatusDelivery('latest', held({ status: 'A', position: at('A', 1, 1) }), [at('B', 2, 2), at('A', 3, 3)], NOW);
      expect(sent(plan)).toEqual({ status: 'A', at: '2026-12-06T11:00:03.000Z' });
      expect(plan.through?.kafka_offset).toBe('3');
    });

    it('sends the first event of the final run, and nothing when the run reaches back into what the IOP holds', () => {
      expect(sent(planStatusDelivery('latest', held({ status: 'A' }), [at('B', 2, 2), at('C', 3, 3), at('C', 4, 4)], NOW))).toEqual({
        status: 'C',
        at: '2026-12-06T11:00:03.000Z',
      });
      const unchanged = planStatusDelivery('latest', held({ status: 'C' }), [at('C', 3, 3), at('C', 4, 4)], NOW);
      expect(unchanged.send).toBeNull();
      expect(unchanged.through?.kafka_offset).toBe('4');
    });
  });

  it('holds charger statuses back while a back-office status is set, consuming them', () => {
    const plan = planStatusDelivery('transitions', held({ status: 'REMOVED', officeStatus: 'REMOVED' }), [at('AVAILABLE', 1, 1), at('CHARGING', 2, 2)], NOW);
    expect(plan.send).toBeNull();
    expect(plan.through?.kafka_offset).toBe('2');
  });

  it('re-asserts what the IOP should hold once due, when nothing newer is queued', () => {
    const lastSentAt = new Date('2026-12-06T11:00:30Z');
    const plan = planStatusDelivery('transitions', held({ status: 'CHARGING', lastSentAt, reassertDue: true, position: at('CHARGING', 30, 3) }), [], NOW);
    expect(sent(plan)).toEqual({ status: 'CHARGING', at: '2026-12-06T11:00:30.000Z' });
    expect(plan.send?.event).toBeNull();
    expect(planStatusDelivery('transitions', held({ status: 'CHARGING', lastSentAt }), [], NOW).send).toBeNull();
  });
});
