import type { TraceCarrier } from '@app/platform';
/**
 * What to send next for one EVSE, from what the IOP holds and the events
 * still queued. Pure: the outbox reads the inputs and records the result.
 */

/** STATUS_DELIVERY: every transition (GIREVE's store-and-forward), or only the newest state. */
export type StatusDeliveryMode = 'transitions' | 'latest';

/** Where an event stands in the causal order of its EVSE. */
export interface CausalPosition {
  event_time: Date;
  kafka_partition: number;
  kafka_offset: string;
}

export interface QueuedStatus extends CausalPosition {
  status: string;
  received_at: Date;
  correlation_id: string | null;
  /** Absent in plans built without the queue's storage (specs). */
  trace_context?: TraceCarrier | null;
}

/** What the IOP holds for the EVSE, as far as we know. */
export interface HeldStatus {
  status: string | null;
  /** The newest event consumed (sent, or repeated what the IOP held); null when none was (a Location PUT set the status). */
  position: CausalPosition | null;
  /** The last_updated last sent for the EVSE. */
  lastSentAt: Date | null;
  /**
   * The newest event ever sent, whether or not its answer came back: the IOP
   * may hold it. Queued events older than it arrived after it was sent, and
   * are dropped like those older than what the IOP holds; it is sent again.
   */
  attempted: CausalPosition | null;
  /** Set by the back office (REMOVED, PLANNED): the Location PUT carries it, charger statuses wait. */
  officeStatus: string | null;
  /** A request with an unknown outcome may still be applied: send the held status again. */
  reassertDue: boolean;
}

export interface StatusDelivery {
  /** The PATCH to send, if any. */
  send: { status: string; lastUpdated: Date; event: QueuedStatus | null } | null;
  /** Queued events up to this position are done once the PATCH (if any) is accepted. */
  through: CausalPosition | null;
}

export function comparePositions(a: CausalPosition, b: CausalPosition): number {
  return a.event_time.getTime() - b.event_time.getTime() || a.kafka_partition - b.kafka_partition || Number(BigInt(a.kafka_offset) - BigInt(b.kafka_offset));
}

/**
 * Transitions: the first queued status that differs from the one the IOP holds,
 * with its own time; the repeats before it are done. Latest: the newest status,
 * with the time of the first event of its final run of identical statuses
 * (A@1 held, B@2 and A@3 queued: A@3). Events not newer than what the IOP holds
 * are dropped (never backwards), and so are those older than an event already
 * sent whose outcome is unknown (they arrived after it). While a back-office status is set, queued
 * charger statuses are dropped: the Location PUT carries REMOVED or PLANNED.
 * The time sent is the event time clamped to [last sent, now], since charger
 * clocks drift and last_updated at the IOP must never go backwards.
 */
export function planStatusDelivery(mode: StatusDeliveryMode, held: HeldStatus, queue: readonly QueuedStatus[], now: Date): StatusDelivery {
  const sorted = [...queue].sort(comparePositions);
  const last = sorted.at(-1) ?? null;
  const fresh = sorted.filter((event) => (held.position === null || comparePositions(event, held.position) > 0) && (held.attempted === null || comparePositions(event, held.attempted) >= 0));
  const through = last && (held.position === null || comparePositions(last, held.position) > 0) ? last : held.position;
  if (held.officeStatus !== null) return { send: null, through };

  const next = mode === 'transitions' ? firstChange(held.status, fresh) : finalRunStart(held.status, fresh);
  if (next) {
    return { send: { status: next.status, lastUpdated: clamp(next.event_time, held.lastSentAt, now), event: next }, through: mode === 'transitions' ? next : through };
  }
  if (held.reassertDue && held.status !== null) {
    return { send: { status: held.status, lastUpdated: held.lastSentAt ?? now, event: null }, through };
  }
  return { send: null, through };
}

function firstChange(heldStatus: string | null, fresh: readonly QueuedStatus[]): QueuedStatus | undefined {
  return fresh.find((event) => event.status !== heldStatus);
}

function finalRunStart(heldStatus: string | null, fresh: readonly QueuedStatus[]): QueuedStatus | undefined {
  const newest = fresh.at(-1);
  if (!newest) return undefined;
  let start = fresh.length - 1;
  while (start > 0 && fresh[start - 1]!.status === newest.status) start -= 1;
  // The run reaches back into what the IOP holds: nothing changed.
  if (start === 0 && heldStatus === newest.status) return undefined;
  return fresh[start];
}

/** Whole seconds, as OCPI DateTimes are sent (formatOcpiDateTime). */
function clamp(eventTime: Date, lastSentAt: Date | null, now: Date): Date {
  const capped = Math.floor(Math.min(eventTime.getTime(), now.getTime()) / 1000) * 1000;
  return new Date(lastSentAt === null ? capped : Math.max(capped, lastSentAt.getTime()));
}
