import { checkSenderTruth, recoveryAfter, type SentRequest, type WrittenEvent } from './sender-truth';

const sent = (evse: string, status: string, timestamp: string) => ({ location_id: 'L1', evse_uid: evse, status, timestamp });
const written = (eventId: string, evse: string, status: string, eventTime: string, correlationId: string): WrittenEvent => ({
  event_id: eventId,
  location_id: 'L1',
  evse_uid: evse,
  status,
  event_time: eventTime,
  correlation_id: correlationId,
});

const accepted: SentRequest = {
  correlationId: 'r1',
  events: [sent('E1', 'CHARGING', '2026-12-03T10:00:00Z'), sent('E2', 'BLOCKED', '2026-12-03T10:00:01Z'), sent('E9', 'AVAILABLE', '2026-12-03T10:00:02Z')],
  answer: {
    kind: 'answered',
    results: [
      { index: 0, status: 'accepted', event_ids: ['a'] },
      { index: 1, status: 'accepted', event_ids: ['b'] },
      { index: 2, status: 'rejected', reason: 'unknown_evse' },
    ],
  },
  sentAt: 0,
  answeredAt: 1,
};
const refused: SentRequest = {
  correlationId: 'r2',
  events: [sent('E1', 'AVAILABLE', '2026-12-03T10:00:03Z'), sent('E2', 'AVAILABLE', '2026-12-03T10:00:03Z')],
  answer: { kind: 'unavailable' },
  sentAt: 1,
  answeredAt: 2,
};
const unanswered: SentRequest = { correlationId: 'r3', events: [sent('E3', 'CHARGING', '2026-12-03T10:00:04Z')], answer: { kind: 'no_answer', detail: 'timeout' }, sentAt: 2, answeredAt: 3 };

describe('checkSenderTruth', () => {
  const good = [
    written('a', 'E1', 'CHARGING', '2026-12-03T10:00:00.000Z', 'r1'),
    written('b', 'E2', 'BLOCKED', '2026-12-03T10:00:01.000Z', 'r1'),
    written('c', 'E1', 'AVAILABLE', '2026-12-03T10:00:03.000Z', 'r2'),
    written('d', 'E3', 'CHARGING', '2026-12-03T10:00:04.000Z', 'r3'),
  ];

  it('finds every accepted event as answered, and counts refused events that landed anyway without failing them', () => {
    expect(checkSenderTruth([accepted, refused, unanswered], good)).toEqual({
      sent: 6,
      accepted: 2,
      rejected: 1,
      refused: 3,
      acceptedOnKafka: 2,
      refusedButWritten: 2,
      violations: [],
    });
  });

  it('catches an event answered accepted that Kafka does not hold', () => {
    const truth = checkSenderTruth(
      [accepted],
      good.filter((e) => e.event_id !== 'b'),
    );
    expect(truth.violations).toEqual([{ kind: 'accepted_not_written', evse: 'L1/E2', detail: 'event b (BLOCKED at 2026-12-03T10:00:01Z) was answered accepted and is not on Kafka' }]);
    expect(truth.acceptedOnKafka).toBe(1);
  });

  it('catches an accepted event written with another status, time, EVSE or request', () => {
    const truth = checkSenderTruth([accepted], [written('a', 'E2', 'AVAILABLE', '2026-12-03T10:00:00.500Z', 'r9'), good[1]!]);
    expect(truth.violations).toEqual([
      {
        kind: 'written_otherwise',
        evse: 'L1/E1',
        detail: 'event a: EVSE L1/E2, status AVAILABLE, sent CHARGING, event_time 2026-12-03T10:00:00.500Z, sent 2026-12-03T10:00:00Z, correlation id r9, sent r1',
      },
    ]);
  });
});

describe('recoveryAfter', () => {
  it('times the first accepted answer and the last refusal after a fault, within the window', () => {
    const at = (answeredAt: number, request: SentRequest) => ({ ...request, answeredAt });
    const requests = [at(900, refused), at(1100, refused), at(1500, accepted), at(1700, unanswered), at(1900, accepted), at(5000, refused)];
    expect(recoveryAfter(requests, 1000, 4000)).toEqual({ firstAcceptedMs: 500, lastRefusalMs: 700, refusedRequests: 2 });
    expect(recoveryAfter([at(1100, refused)], 1000)).toEqual({ lastRefusalMs: 100, refusedRequests: 1 });
  });
});
