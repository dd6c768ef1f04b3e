import type { SentRequest, WrittenEvent } from '@app/testing';
import { type IopRecord, isSuccess, type Violation } from './invariant-checker';

/**
 * Transitions mode, checked from the sender's side: per EVSE, the statuses
 * the IOP was PATCHed with, repeats merged, must be the accepted events in
 * charger-time order, repeats merged, with only these allowed to be missing:
 * - an event older than another of the EVSE that was not sent after its answer
 *   (that one may reach gireve-push first and be delivered first: the older
 *   event is then behind what the IOP holds, and is dropped);
 * - an event whose request was answered 503 or not at all yet landed on Kafka
 *   (it may or may not be delivered; it must never be delivered out of order).
 * An accepted OCPP notification counts as what it wrote for each EVSE, which
 * the sender's truth checked against the sender's own expectation.
 * Causality comes from the sender's clock alone (sent after an answer), never
 * from gireve-push's order or Kafka's. EVSEs in `removed` (location/uid) are
 * skipped: the back office removed them.
 */
export function checkTransitions(requests: readonly SentRequest[], written: readonly WrittenEvent[], records: readonly IopRecord[], removed: ReadonlySet<string> = new Set()): Violation[] {
  const violations: Violation[] = [];
  const expected = expectedPerEvse(requests, written);
  const delivered = deliveredPerEvse(records);
  for (const [evse, events] of expected) {
    // A removed EVSE's charger statuses are held back from then on (see checkLocations).
    if (removed.has(evse)) continue;
    const { initial, statuses } = delivered.get(evse) ?? { initial: null, statuses: [] };
    if (!explains(events, initial, statuses)) {
      violations.push({
        kind: 'swallowed_transition',
        evse,
        // `?` marks an event allowed to be missing
        detail: `accepted ${shorten(events.map((e) => `${e.status}${e.optional ? '?' : ''}`))}; the IOP got ${shorten(statuses) || 'nothing'} after ${initial ?? 'nothing'}`,
      });
    }
  }
  return violations;
}

interface ExpectedEvent {
  status: string;
  time: number;
  sentAt: number;
  answeredAt: number;
  /** Allowed to be missing at the IOP (see checkTransitions). */
  optional: boolean;
}

function expectedPerEvse(requests: readonly SentRequest[], written: readonly WrittenEvent[]): Map<string, ExpectedEvent[]> {
  const byCorrelation = new Map<string, WrittenEvent[]>();
  const byId = new Map(written.map((event) => [event.event_id, event]));
  for (const event of written) if (event.correlation_id) byCorrelation.set(event.correlation_id, [...(byCorrelation.get(event.correlation_id) ?? []), event]);
  const perEvse = new Map<string, ExpectedEvent[]>();
  const add = (evse: string, event: ExpectedEvent) => perEvse.set(evse, [...(perEvse.get(evse) ?? []), event]);
  for (const request of requests) {
    const { sentAt, answeredAt } = request;
    if (request.answer.kind === 'answered') {
      for (const result of request.answer.results) {
        if (result.status !== 'accepted') continue;
        const sent = request.events[result.index]!;
        if ('location_id' in sent) {
          add(`${sent.location_id}/${sent.evse_uid}`, { status: sent.status, time: Date.parse(sent.timestamp), sentAt, answeredAt, optional: false });
          continue;
        }
        // What an OCPP notification became per EVSE, as the sender's truth checked it (checkSenderTruth with ocppExpectations).
        const landed = (result.event_ids ?? []).map((id) => byId.get(id)).filter((event) => event !== undefined);
        for (const event of landed) add(`${event.location_id}/${event.evse_uid}`, { status: event.status, time: Date.parse(event.event_time), sentAt, answeredAt, optional: false });
      }
    } else if (request.answer.kind === 'unavailable' || request.answer.kind === 'no_answer') {
      for (const landed of byCorrelation.get(request.correlationId) ?? []) {
        add(`${landed.location_id}/${landed.evse_uid}`, { status: landed.status, time: Date.parse(landed.event_time), sentAt, answeredAt, optional: true });
      }
    }
  }
  for (const events of perEvse.values()) {
    events.sort((a, b) => a.time - b.time || a.answeredAt - b.answeredAt);
    for (const event of events) {
      event.optional ||= events.some((newer) => newer.time > event.time && !(event.answeredAt < newer.sentAt));
    }
  }
  return perEvse;
}

/** Per EVSE: the status a Location PUT gave it before any PATCH, and the PATCHed statuses, repeats (re-assertions) merged. */
function deliveredPerEvse(records: readonly IopRecord[]): Map<string, { initial: string | null; statuses: string[] }> {
  const perEvse = new Map<string, { initial: string | null; statuses: string[] }>();
  for (const record of [...records].sort((a, b) => a.seq - b.seq)) {
    if (!isSuccess(record)) continue;
    const body = (record.body ?? {}) as Record<string, unknown>;
    if (record.method === 'PATCH' && record.evse_uid !== undefined && typeof body.status === 'string') {
      const entry = perEvse.get(`${record.location_id}/${record.evse_uid}`) ?? { initial: null, statuses: [] };
      if (entry.statuses.at(-1) !== body.status) entry.statuses.push(body.status);
      perEvse.set(`${record.location_id}/${record.evse_uid}`, entry);
    } else if (record.method === 'PUT' && record.evse_uid === undefined && Array.isArray(body.evses)) {
      for (const evse of body.evses as { uid?: unknown; status?: unknown }[]) {
        const key = `${record.location_id}/${String(evse.uid)}`;
        if (!perEvse.has(key) && typeof evse.status === 'string') perEvse.set(key, { initial: evse.status, statuses: [] });
      }
    }
  }
  return perEvse;
}

/**
 * Whether the delivered statuses are the expected events, repeats merged,
 * with some optional events left out (dynamic programming over both lists:
 * the status last delivered decides what counts as a repeat). Events tied in
 * charger time come in any order among themselves: neither is newer, so
 * gireve-push may order them either way (as the invariant checker allows a
 * tie to end the EVSE either way).
 */
function explains(events: readonly ExpectedEvent[], initial: string | null, delivered: readonly string[]): boolean {
  const groups: ExpectedEvent[][] = [];
  for (const event of events) {
    const last = groups.at(-1);
    if (last && last[0]!.time === event.time) last.push(event);
    else groups.push([event]);
  }
  const memo = new Map<string, boolean>();
  // g: the group at hand; taken: a bit per event of it already matched; j: statuses delivered so far.
  const match = (g: number, taken: number, j: number): boolean => {
    if (g === groups.length) return j === delivered.length;
    const group = groups[g]!;
    if (taken === (1 << group.length) - 1) return match(g + 1, 0, j);
    const id = `${g},${taken},${j}`;
    const known = memo.get(id);
    if (known !== undefined) return known;
    const last = j === 0 ? initial : delivered[j - 1]!;
    let result = false;
    for (let k = 0; k < group.length && !result; k++) {
      if (taken & (1 << k)) continue;
      const event = group[k]!;
      const next = taken | (1 << k);
      result = (event.optional && match(g, next, j)) || (event.status === last && match(g, next, j)) || (j < delivered.length && delivered[j] === event.status && match(g, next, j + 1));
    }
    memo.set(id, result);
    return result;
  };
  return match(0, 0, 0);
}

/** A long sequence, its first and last few (violation details stay readable in the log). */
function shorten(items: readonly string[]): string {
  return items.length <= 12 ? items.join('→') : `${items.slice(0, 6).join('→')}→…(${items.length - 12} more)…→${items.slice(-6).join('→')}`;
}
