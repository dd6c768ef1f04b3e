import { evseKey, locationKey, type LocationChangedV1 } from '@app/messaging';

/** An OCPI EVSE a charger event may be published for. */
export interface RegisteredEvse {
  country_code: string;
  party_id: string;
  location_id: string;
  evse_uid: string;
  /** Its evseKey, the Kafka key of its events, made once rather than per event. */
  key: string;
  /** REMOVED EVSEs stay known so events for them get a precise refusal. */
  removed: boolean;
}

/**
 * Who is who: OCPP identities (charge point + connector, station + EVSE id) and
 * OCPI (Location, EVSE uid) pairs → the EVSE to publish for. Built from the
 * compacted Locations topic; each change replaces everything its Location
 * said before, so a moved or unbound connector never lingers.
 */
export class EvseRegistry {
  private readonly byLocation = new Map<string, LocationEntries>();
  private readonly ocpp16 = new Map<string, RegisteredEvse>();
  private readonly ocpp201 = new Map<string, RegisteredEvse>();
  private readonly chargePoints = new Map<string, Set<RegisteredEvse>>();

  get locationCount(): number {
    return this.byLocation.size;
  }

  /** Applies a Location as published on the Locations topic. */
  apply(change: LocationChangedV1): void {
    const key = locationKey(change);
    this.remove(key);
    const evses = new Map<string, RegisteredEvse>();
    for (const evse of evsesOf(change.location)) {
      const identity = { country_code: change.country_code, party_id: change.party_id, location_id: change.location_id, evse_uid: evse.uid };
      const registered = { ...identity, key: evseKey(identity), removed: evse.status === 'REMOVED' };
      evses.set(evse.uid, registered);
    }
    const entries: LocationEntries = { evses, ocpp16Keys: [], ocpp201Keys: [], chargePoints: new Set() };
    for (const binding of change.ocpp_bindings) {
      const evse = evses.get(binding.evse_uid);
      if (!evse) continue; // locations-api validates bindings against the EVSEs; a stale one binds nothing
      entries.chargePoints.add(binding.charge_point_id);
      if (!this.chargePoints.has(binding.charge_point_id)) this.chargePoints.set(binding.charge_point_id, new Set());
      this.chargePoints.get(binding.charge_point_id)!.add(evse);
      if (binding.ocpp16_connector_id !== undefined) {
        const key = ocppKey(binding.charge_point_id, binding.ocpp16_connector_id);
        this.ocpp16.set(key, evse);
        entries.ocpp16Keys.push(key);
      }
      if (binding.ocpp201_evse_id !== undefined) {
        const key = ocppKey(binding.charge_point_id, binding.ocpp201_evse_id);
        this.ocpp201.set(key, evse);
        entries.ocpp201Keys.push(key);
      }
    }
    this.byLocation.set(key, entries);
  }

  /** Forgets a Location, by its locationKey (a tombstone on the compacted topic). */
  remove(key: string): void {
    const previous = this.byLocation.get(key);
    if (!previous) return;
    this.byLocation.delete(key);
    const gone = new Set(previous.evses.values());
    // Only if still ours: another Location may have taken the identity over since.
    for (const key of previous.ocpp16Keys) if (gone.has(this.ocpp16.get(key)!)) this.ocpp16.delete(key);
    for (const key of previous.ocpp201Keys) if (gone.has(this.ocpp201.get(key)!)) this.ocpp201.delete(key);
    for (const chargePoint of previous.chargePoints) {
      const bound = this.chargePoints.get(chargePoint);
      for (const evse of gone) bound?.delete(evse);
      if (bound?.size === 0) this.chargePoints.delete(chargePoint);
    }
  }

  findNative(countryCode: string, partyId: string, locationId: string, evseUid: string): RegisteredEvse | undefined {
    return this.byLocation.get(locationKey({ country_code: countryCode, party_id: partyId, location_id: locationId }))?.evses.get(evseUid);
  }

  findOcpp16(chargePointId: string, connectorId: number): RegisteredEvse | undefined {
    return this.ocpp16.get(ocppKey(chargePointId, connectorId));
  }

  findOcpp201(stationId: string, evseId: number): RegisteredEvse | undefined {
    return this.ocpp201.get(ocppKey(stationId, evseId));
  }

  /** Every EVSE a charge point feeds (OCPP 1.6 connector 0 speaks for all of them). */
  evsesOfChargePoint(chargePointId: string): RegisteredEvse[] {
    return [...(this.chargePoints.get(chargePointId) ?? [])];
  }

  isKnownChargePoint(chargePointId: string): boolean {
    return this.chargePoints.has(chargePointId);
  }
}

/** What one Location put in the indexes, so replacing it touches only its own entries. */
interface LocationEntries {
  /** By EVSE uid. */
  evses: Map<string, RegisteredEvse>;
  ocpp16Keys: string[];
  ocpp201Keys: string[];
  chargePoints: Set<string>;
}

function evsesOf(location: Record<string, unknown>): { uid: string; status: unknown }[] {
  const evses = Array.isArray(location.evses) ? location.evses : [];
  return evses.filter((evse): evse is { uid: string; status: unknown } => typeof evse === 'object' && evse !== null && typeof evse.uid === 'string');
}

/** Charge point ids are opaque strings: a separator that cannot be confused with their end. */
function ocppKey(chargePointId: string, id: number): string {
  return `${chargePointId}\u0000${id}`;
}
