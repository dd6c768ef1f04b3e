import type { EvseStatusEventV1, StatusSource } from '@app/messaging';
import { EvseStatus, validateDto, type ValidationIssue } from '@app/ocpi';
import { randomUUID } from 'node:crypto';
import type { EvseRegistry, RegisteredEvse } from '../evse-registry/evse-registry';
import type { OcppStatusTable } from '../status-mapping/ocpp-status-table';
import { ConnectorStatusMemory } from '../connector-memory/connector-status-memory';
import { NativeStatusEventDto } from './native-status-event.dto';
import { Ocpp16StatusNotificationDto } from './ocpp16-status-notification.dto';
import { Ocpp201StatusNotificationDto } from './ocpp201-status-notification.dto';

/** Why an event was refused; also the `reason` label of the rejections metric. */
export type RejectionReason = 'invalid' | 'unknown_charger' | 'charger_not_bound_yet' | 'unknown_evse' | 'evse_removed' | 'clock_ahead' | 'too_old';

export interface Rejection {
  reason: RejectionReason;
  message: string;
  errors?: ValidationIssue[];
}

/** An EVSE status event to publish, with its Kafka key: its EVSE's, made once in the registry. */
export interface KeyedStatusEvent {
  key: string;
  event: EvseStatusEventV1;
}

/**
 * An event's outcome. `remembered`: the key of the EVSE whose connector memory
 * the event changed, whose memory must then be published with the events.
 */
export type Interpretation = { ok: true; events: KeyedStatusEvent[]; remembered?: string } | { ok: false; rejection: Rejection };

export interface InterpreterOptions {
  countryCode: string;
  partyId: string;
  table: OcppStatusTable;
  maxClockAheadMs: number;
  maxEventAgeMs: number;
}

/** Statuses only the back office sets (through the Locations admin API), never a charger. */
const BACK_OFFICE_STATUSES: ReadonlySet<string> = new Set([EvseStatus.PLANNED, EvseStatus.REMOVED]);
const CHARGE_POINT_STATUSES: ReadonlySet<string> = new Set(['Available', 'Unavailable', 'Faulted']);
/** ISO 8601 as Date.toISOString writes it; a valid timestamp in this shape is used as is. */
const TO_ISO_STRING_SHAPE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * The ingestor's domain rules, without HTTP or Kafka: validates one event of
 * any source, checks its time, resolves its EVSE(s) in the registry, maps its
 * status to OCPI, and turns it into the EVSE status events to publish.
 */
export class StatusInterpreter {
  /** The last receipt time written out (receivedIso). */
  private receipt = { at: Number.NaN, iso: '' };

  constructor(
    private readonly registry: EvseRegistry,
    private readonly options: InterpreterOptions,
    private readonly memory = new ConnectorStatusMemory(),
  ) {}

  native(body: unknown, receivedAt: number): Interpretation {
    const valid = validateDto<NativeStatusEventDto>(NativeStatusEventDto, body);
    if (!valid.ok) return invalid(valid.errors);
    const event = valid.value;
    if (BACK_OFFICE_STATUSES.has(event.status)) {
      return invalid([{ path: 'status', reason: 'PLANNED and REMOVED are set through the Locations admin API, not by a charger' }]);
    }
    const time = this.eventTime(event.timestamp, receivedAt);
    if (!time.ok) return time;
    const evse = this.registry.findNative(this.options.countryCode, this.options.partyId, event.location_id, event.evse_uid);
    if (!evse) return reject('unknown_evse', `no EVSE ${event.evse_uid} at Location ${event.location_id} is known`);
    if (evse.removed) return reject('evse_removed', `EVSE ${event.evse_uid} at Location ${event.location_id} is REMOVED`);
    // Kept in this replica only, not published: a native EVSE has no OCPP 1.6 connector 0 to give it back (one record per native event).
    this.memory.recordOwn(evse.key, event.status, time.value);
    return { ok: true, events: [this.event(evse, event.status, time.iso, receivedAt, 'ocpi')] };
  }

  ocpp16(body: unknown, receivedAt: number): Interpretation {
    const valid = validateDto<Ocpp16StatusNotificationDto>(Ocpp16StatusNotificationDto, body);
    if (!valid.ok) return invalid(valid.errors);
    const notification = valid.value;
    // OCPP 1.6 makes timestamp optional: without one, the status is as of its receipt.
    const time = notification.timestamp === undefined ? { ok: true as const, value: receivedAt, iso: this.receivedIso(receivedAt) } : this.eventTime(notification.timestamp, receivedAt);
    if (!time.ok) return time;
    const status = this.options.table.ocpp16[notification.status];
    if (notification.connectorId === 0) return this.chargePoint(notification, status, time, receivedAt);

    const evse = this.registry.findOcpp16(notification.charge_point_id, notification.connectorId);
    if (!evse) return this.unknownOcpp(notification.charge_point_id, `connector ${notification.connectorId}`);
    if (evse.removed) return reject('evse_removed', `the EVSE of charge point ${notification.charge_point_id} connector ${notification.connectorId} is REMOVED`);
    this.memory.recordOwn(evse.key, status, time.value);
    return { ok: true, events: [this.event(evse, status, time.iso, receivedAt, 'ocpp16')], remembered: evse.key };
  }

  ocpp201(body: unknown, receivedAt: number): Interpretation {
    const valid = validateDto<Ocpp201StatusNotificationDto>(Ocpp201StatusNotificationDto, body);
    if (!valid.ok) return invalid(valid.errors);
    const notification = valid.value;
    const time = this.eventTime(notification.timestamp, receivedAt);
    if (!time.ok) return time;
    const evse = this.registry.findOcpp201(notification.station_id, notification.evseId);
    if (!evse) return this.unknownOcpp(notification.station_id, `EVSE ${notification.evseId}`);
    if (evse.removed) return reject('evse_removed', `the EVSE of station ${notification.station_id} EVSE ${notification.evseId} is REMOVED`);
    const connectorStatus = this.options.table.ocpp201[notification.connectorStatus];
    const status = this.memory.foldConnector(evse.key, notification.connectorId, connectorStatus, time.value);
    return { ok: true, events: [this.event(evse, status, time.iso, receivedAt, 'ocpp201')], remembered: evse.key };
  }

  /**
   * OCPP 1.6 connector 0 speaks for the whole charge point: Unavailable and
   * Faulted apply to each of its EVSEs; Available gives each EVSE back its own
   * last status (AVAILABLE when none is known).
   */
  private chargePoint(notification: Ocpp16StatusNotificationDto, status: EvseStatus, time: { iso: string }, receivedAt: number): Interpretation {
    if (!CHARGE_POINT_STATUSES.has(notification.status)) {
      return invalid([{ path: 'status', reason: 'connector 0 (the whole charge point) reports only Available, Unavailable or Faulted' }]);
    }
    const evses = this.registry.evsesOfChargePoint(notification.charge_point_id).filter((evse) => !evse.removed);
    if (evses.length === 0) return reject('unknown_charger', `charge point ${notification.charge_point_id} has no EVSE bound to it`);
    const restore = notification.status === 'Available';
    return {
      ok: true,
      events: evses.map((evse) => this.event(evse, restore ? (this.memory.ownStatus(evse.key) ?? status) : status, time.iso, receivedAt, 'ocpp16')),
    };
  }

  private unknownOcpp(chargerId: string, what: string): Interpretation {
    return this.registry.isKnownChargePoint(chargerId)
      ? reject('unknown_evse', `${what} of charger ${chargerId} is not bound to an EVSE`)
      : reject('unknown_charger', `charger ${chargerId} is not bound to any EVSE`);
  }

  /**
   * The charger's time, refused when absurd: a clock far ahead would block newer
   * statuses, a stale queue would replay history. `iso` is it as OCPI writes it.
   */
  private eventTime(timestamp: string, receivedAt: number): { ok: true; value: number; iso: string } | { ok: false; rejection: Rejection } {
    const time = Date.parse(timestamp);
    if (Number.isNaN(time) || !isCalendarDate(timestamp)) return invalid([{ path: 'timestamp', reason: 'is not a valid date' }]);
    if (time - receivedAt > this.options.maxClockAheadMs) {
      return reject('clock_ahead', `timestamp ${timestamp} is more than ${this.options.maxClockAheadMs / 1000} s ahead of the receipt time: check the charger's clock`);
    }
    if (receivedAt - time > this.options.maxEventAgeMs) {
      return reject('too_old', `timestamp ${timestamp} is more than ${this.options.maxEventAgeMs / 1000} s old`);
    }
    return { ok: true, value: time, iso: TO_ISO_STRING_SHAPE.test(timestamp) ? timestamp : new Date(time).toISOString() };
  }

  /** The receipt time as OCPI writes it, made once for all the events of a batch. */
  private receivedIso(receivedAt: number): string {
    if (this.receipt.at !== receivedAt) this.receipt = { at: receivedAt, iso: new Date(receivedAt).toISOString() };
    return this.receipt.iso;
  }

  private event(evse: RegisteredEvse, status: EvseStatus, eventTime: string, receivedAt: number, source: StatusSource): KeyedStatusEvent {
    return {
      key: evse.key,
      event: {
        event_id: randomUUID(),
        country_code: evse.country_code,
        party_id: evse.party_id,
        location_id: evse.location_id,
        evse_uid: evse.evse_uid,
        status,
        event_time: eventTime,
        received_at: this.receivedIso(receivedAt),
        source,
      },
    };
  }
}

/** Date.parse rolls 2026-11-31 over to December 1st; a charger sending it has a bug worth a 400. */
function isCalendarDate(timestamp: string): boolean {
  if (Number(timestamp.slice(8, 10)) <= 28) return true; // every month has 28 days
  const [year, month, day] = timestamp.slice(0, 10).split('-').map(Number) as [number, number, number];
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function invalid(errors: ValidationIssue[]): { ok: false; rejection: Rejection } {
  return { ok: false, rejection: { reason: 'invalid', message: errors.map((e) => (e.path ? `${e.path}: ${e.reason}` : e.reason)).join('; '), errors } };
}

function reject(reason: RejectionReason, message: string): { ok: false; rejection: Rejection } {
  return { ok: false, rejection: { reason, message } };
}
