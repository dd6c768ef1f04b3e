import type { LocationChangedV1, OcppBindingV1 } from '@app/messaging';
import type { AnySentEvent, StatusSource } from '@app/testing';
import type { OcppFleet } from './ocpp-expectations';

const OCPP16_STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Reserved', 'Unavailable', 'Faulted'];
const CHARGE_POINT_STATUSES = ['Available', 'Unavailable', 'Faulted'];
const OCPP201_STATUSES = ['Available', 'Occupied', 'Reserved', 'Unavailable', 'Faulted'];
/** OCPP 2.0.1 connectors per EVSE: two, so the EVSE's status is a fold. */
const CONNECTORS_PER_EVSE = 2;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

interface Charger {
  id: string;
  source: 'ocpp16' | 'ocpp201';
  /** Which charger-events replica it talks to: OCPP connections stick to one (see charger-events' README). */
  replica: number;
  evses: number;
  lastTime: number;
  busy: boolean;
}

/**
 * The OCPP chargers of the chaos load: one charge point (1.6) or station
 * (2.0.1) per Location, EVSE n on connector / EVSE id n. Each sends one
 * notification at a time (OCPP-J: one CALL in flight), with rising times,
 * always to the same replica.
 */
export class OcppLoad {
  readonly fleet: OcppFleet = { ocpp16: new Map(), ocpp201: new Map() };
  private readonly chargers: Charger[] = [];

  constructor(ocpp16: readonly LocationChangedV1[], ocpp201: readonly LocationChangedV1[], replicas: number) {
    const add = (change: LocationChangedV1, source: Charger['source']) => {
      const id = `${source === 'ocpp16' ? 'CP' : 'CS'}-${change.location_id}`;
      const uids = (change.location.evses as { uid: string }[]).map((e) => `${change.location_id}/${e.uid}`);
      this.fleet[source].set(id, new Map(uids.map((evse, i) => [i + 1, evse])));
      this.chargers.push({ id, source, replica: this.chargers.length % replicas, evses: uids.length, lastTime: 0, busy: false });
    };
    for (const change of ocpp16) add(change, 'ocpp16');
    for (const change of ocpp201) add(change, 'ocpp201');
  }

  /** The bindings to set on a Location through locations-api. */
  static bindings(change: LocationChangedV1, source: 'ocpp16' | 'ocpp201'): OcppBindingV1[] {
    const id = `${source === 'ocpp16' ? 'CP' : 'CS'}-${change.location_id}`;
    return (change.location.evses as { uid: string }[]).map((evse, i) =>
      source === 'ocpp16' ? { evse_uid: evse.uid, charge_point_id: id, ocpp16_connector_id: i + 1 } : { evse_uid: evse.uid, charge_point_id: id, ocpp201_evse_id: i + 1 },
    );
  }

  /**
   * Up to `count` notifications of `source` from idle chargers of `replica`,
   * one per charger; those chargers stay busy until `done` is called.
   */
  take(source: StatusSource, replica: number, count: number): { events: AnySentEvent[]; done: () => void } {
    const idle = this.chargers
      .filter((c) => c.source === source && c.replica === replica && !c.busy)
      .sort(() => Math.random() - 0.5)
      .slice(0, count);
    const events = idle.map((charger) => {
      charger.busy = true;
      // Rising per charger, never ahead of the sender's clock by more than a few ms.
      charger.lastTime = Math.max(Date.now(), charger.lastTime + 1);
      return source === 'ocpp16' ? this.ocpp16(charger) : this.ocpp201(charger);
    });
    return { events, done: () => idle.forEach((c) => (c.busy = false)) };
  }

  private ocpp16(charger: Charger): AnySentEvent {
    const timestamp = new Date(charger.lastTime).toISOString();
    // One in ten speaks for the whole charge point (connector 0).
    if (Math.random() < 0.1) return { charge_point_id: charger.id, connectorId: 0, status: pick(CHARGE_POINT_STATUSES), errorCode: 'NoError', timestamp };
    const status = pick(OCPP16_STATUSES);
    return { charge_point_id: charger.id, connectorId: 1 + Math.floor(Math.random() * charger.evses), status, errorCode: status === 'Faulted' ? 'InternalError' : 'NoError', timestamp };
  }

  private ocpp201(charger: Charger): AnySentEvent {
    // One in four with a zone offset (+01:00): the same instant, written otherwise.
    const timestamp = Math.random() < 0.25 ? withOffset(charger.lastTime) : new Date(charger.lastTime).toISOString();
    return {
      station_id: charger.id,
      evseId: 1 + Math.floor(Math.random() * charger.evses),
      connectorId: 1 + Math.floor(Math.random() * CONNECTORS_PER_EVSE),
      connectorStatus: pick(OCPP201_STATUSES),
      timestamp,
    };
  }
}

function withOffset(ms: number): string {
  return `${new Date(ms + 3_600_000).toISOString().slice(0, -1)}+01:00`;
}
