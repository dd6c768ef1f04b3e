import { randomUUID } from 'node:crypto';

/**
 * The sender's side of a chaos run: what each request sent and what it was
 * answered. This, not what happens to be on Kafka, says what was accepted:
 * an event answered accepted must be on the topic exactly as sent, whatever
 * the broker or the wire did; an event answered 503 (or never answered) may
 * have landed anyway, which is counted, not failed.
 */

/** One native event as the load generator sent it. */
export interface SentEvent {
  location_id: string;
  evse_uid: string;
  status: string;
  timestamp: string;
}

/** One OCPP 1.6 StatusNotification as sent (connector 0: the whole charge point). */
export interface Ocpp16SentEvent {
  charge_point_id: string;
  connectorId: number;
  status: string;
  errorCode: string;
  timestamp: string;
}

/** One OCPP 2.0.1 StatusNotification as sent. */
export interface Ocpp201SentEvent {
  station_id: string;
  evseId: number;
  connectorId: number;
  connectorStatus: string;
  timestamp: string;
}

export type StatusSource = 'native' | 'ocpp16' | 'ocpp201';
export type AnySentEvent = SentEvent | Ocpp16SentEvent | Ocpp201SentEvent;

/**
 * What one accepted event must have written, per EVSE (`location/uid`): one
 * record with the charger's time and one of `statuses` (several when the
 * sender cannot know which, e.g. an OCPP 1.6 connector 0 Available after an
 * unanswered request). Native events expect exactly what they say.
 */
export interface ExpectedWrite {
  evse: string;
  statuses: ReadonlySet<string>;
  time: string;
}

/** The writes an accepted event of a request must have made (see ExpectedWrite). */
export type Expectations = (request: SentRequest, index: number) => ExpectedWrite[];

/** Native events: one write of the EVSE, status and time sent. */
export const nativeExpectations: Expectations = (request, index) => {
  const sent = request.events[index] as SentEvent;
  return [{ evse: `${sent.location_id}/${sent.evse_uid}`, statuses: new Set([sent.status]), time: sent.timestamp }];
};

/** What a request was answered: per event for a batch answered 200, or the request's failure. */
export type Answer =
  | { kind: 'answered'; results: { index: number; status: 'accepted' | 'rejected'; event_ids?: string[]; reason?: string }[] }
  | { kind: 'unavailable' }
  | { kind: 'no_answer'; detail: string }
  | { kind: 'other'; httpStatus: number };

export interface SentRequest {
  /** Sent as X-Correlation-ID; charger-events puts it on every record of the request. */
  correlationId: string;
  /** Native when absent. */
  source?: StatusSource;
  events: AnySentEvent[];
  answer: Answer;
  /** When the request was sent, ms since the epoch: an event is causally after another only if sent after that one's answer. */
  sentAt: number;
  /** When the answer (or the failure) came, ms since the epoch. */
  answeredAt: number;
}

/** A status event as found on ocpi.evse-status.v1, with the request's correlation id from its header. */
export interface WrittenEvent {
  event_id: string;
  location_id: string;
  evse_uid: string;
  status: string;
  event_time: string;
  correlation_id?: string;
}

export type SenderViolationKind = 'accepted_not_written' | 'written_otherwise';

export interface SenderViolation {
  kind: SenderViolationKind;
  evse: string;
  detail: string;
}

export interface SenderTruth {
  sent: number;
  accepted: number;
  rejected: number;
  /** Events of requests answered 503 or never answered. */
  refused: number;
  /** Accepted events found on Kafka as answered. */
  acceptedOnKafka: number;
  /** Refused events found on Kafka anyway (indeterminate writes: allowed, reported). */
  refusedButWritten: number;
  violations: SenderViolation[];
}

/** Checks every accepted answer against what Kafka holds, and counts what landed without one. */
export function checkSenderTruth(requests: readonly SentRequest[], written: readonly WrittenEvent[], expectations: Expectations = nativeExpectations): SenderTruth {
  const byId = new Map(written.map((event) => [event.event_id, event]));
  const byCorrelation = new Map<string, number>();
  for (const event of written) if (event.correlation_id) byCorrelation.set(event.correlation_id, (byCorrelation.get(event.correlation_id) ?? 0) + 1);
  const truth: SenderTruth = { sent: 0, accepted: 0, rejected: 0, refused: 0, acceptedOnKafka: 0, refusedButWritten: 0, violations: [] };
  for (const request of requests) {
    truth.sent += request.events.length;
    if (request.answer.kind === 'unavailable' || request.answer.kind === 'no_answer') {
      truth.refused += request.events.length;
      truth.refusedButWritten += byCorrelation.get(request.correlationId) ?? 0;
    }
    if (request.answer.kind !== 'answered') continue;
    for (const result of request.answer.results) {
      if (result.status === 'rejected') {
        truth.rejected++;
        continue;
      }
      truth.accepted++;
      const expected = expectations(request, result.index);
      const eventIds = result.event_ids ?? [];
      const evse = expected.map((e) => e.evse).join(',') || '(no EVSE)';
      if (eventIds.length !== expected.length) {
        truth.violations.push({
          kind: 'written_otherwise',
          evse,
          detail: `event ${result.index} of request ${request.correlationId}: ${eventIds.length} records for ${expected.length} EVSEs`,
        });
      }
      for (const eventId of eventIds) {
        const found = byId.get(eventId);
        if (!found) {
          const what = expected.map((e) => `${[...e.statuses].join(' or ')} at ${e.time}`).join(', ');
          truth.violations.push({ kind: 'accepted_not_written', evse, detail: `event ${eventId} (${what}) was answered accepted and is not on Kafka` });
          continue;
        }
        const match = expected.find((e) => e.evse === `${found.location_id}/${found.evse_uid}`) ?? (expected.length === 1 ? expected[0] : undefined);
        const differences = match ? differencesFrom(match, found, request.correlationId) : [`EVSE ${found.location_id}/${found.evse_uid}, expected ${evse}`];
        if (differences.length > 0) truth.violations.push({ kind: 'written_otherwise', evse, detail: `event ${eventId}: ${differences.join(', ')}` });
        else truth.acceptedOnKafka++;
      }
    }
  }
  return truth;
}

function differencesFrom(expected: ExpectedWrite, found: WrittenEvent, correlationId: string): string[] {
  const differences: string[] = [];
  if (`${found.location_id}/${found.evse_uid}` !== expected.evse) differences.push(`EVSE ${found.location_id}/${found.evse_uid}`);
  if (!expected.statuses.has(found.status)) differences.push(`status ${found.status}, sent ${[...expected.statuses].join(' or ')}`);
  if (Date.parse(found.event_time) !== Date.parse(expected.time)) differences.push(`event_time ${found.event_time}, sent ${expected.time}`);
  if (found.correlation_id !== correlationId) differences.push(`correlation id ${found.correlation_id ?? 'none'}, sent ${correlationId}`);
  return differences;
}

/**
 * POSTs a batch of native events to charger-events as a sender would, with a
 * correlation id of its own, and returns the request with what it was answered.
 */
export async function postRecordedBatch(ingestUrl: string, apiKey: string, events: AnySentEvent[], timeoutMs = 10_000, source: StatusSource = 'native'): Promise<SentRequest> {
  const correlationId = randomUUID();
  const sentAt = Date.now();
  let answer: Answer;
  try {
    const response = await fetch(`${ingestUrl}/v1/status-events/${source}/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, 'x-correlation-id': correlationId },
      body: JSON.stringify({ events }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 200) answer = { kind: 'answered', results: ((await response.json()) as { results: Extract<Answer, { kind: 'answered' }>['results'] }).results };
    else if (response.status === 503) answer = { kind: 'unavailable' };
    else answer = { kind: 'other', httpStatus: response.status };
  } catch (error) {
    answer = { kind: 'no_answer', detail: String(error) };
  }
  return { correlationId, source, events, answer, sentAt, answeredAt: Date.now() };
}

/** How many events of a request were answered accepted. */
export function acceptedCount(request: SentRequest): number {
  return request.answer.kind === 'answered' ? request.answer.results.filter((r) => r.status === 'accepted').length : 0;
}

export interface Recovery {
  /** From `from` to the first answer with an accepted event (undefined: none before `until`). */
  firstAcceptedMs?: number;
  /** From `from` to the last refusal (503 or no answer) before `until`; undefined when none. */
  lastRefusalMs?: number;
  refusedRequests: number;
}

/** How the answers went after a fault ended at `from`, until `until`: a recovery with refusals after the first 202 is not one. */
export function recoveryAfter(requests: readonly SentRequest[], from: number, until = Infinity): Recovery {
  const window = requests.filter((r) => r.answeredAt >= from && r.answeredAt < until).sort((a, b) => a.answeredAt - b.answeredAt);
  const first = window.find((r) => acceptedCount(r) > 0);
  const refusals = window.filter((r) => r.answer.kind === 'unavailable' || r.answer.kind === 'no_answer');
  const last = refusals.at(-1);
  return {
    ...(first ? { firstAcceptedMs: first.answeredAt - from } : {}),
    ...(last ? { lastRefusalMs: last.answeredAt - from } : {}),
    refusedRequests: refusals.length,
  };
}
