import { Injectable } from '@nestjs/common';
import { toV211, toV221, v211ViewIssues, validateLocation, type OcpiVersion } from '@app/ocpi';
import { LocationsApiSettings } from '../locations-api.settings';
import { servedVersions } from '../ocpi/served-versions';
import type { StoredLocation } from './stored-location';

export interface LocationError {
  path: string;
  reason: string;
}

export type LocationCheck = { ok: true; location: StoredLocation } | { ok: false; errors: LocationError[] };

/** A Location as served in either version: what the sender reads of it to find an EVSE or a Connector. */
export interface PresentedLocation {
  evses?: { uid: string; connectors: { id: string }[] }[];
}

/**
 * The OCPI rules of libs/ocpi applied to this CPO: CPO input is validated
 * against the GIREVE profile (every error listed, fields outside the OCPI
 * model of its version included), 2.1.1 input is converted to
 * the stored 2.2.1 shape, and stored Locations are served in the version asked.
 * The stored shape is always validated in 2.2.1; when 2.1.1 is served, its
 * 2.1.1 view too, so that no served version ever carries an invalid Location.
 */
@Injectable()
export class OcpiLocationFormat {
  constructor(private readonly settings: LocationsApiSettings) {}

  /**
   * A CPO's Location, checked. `last_updated` is the server's to set, so a
   * missing one is filled with `stamp` before validation; the store re-stamps
   * every level anyway.
   */
  check(input: unknown, version: OcpiVersion, stamp: string): LocationCheck {
    // Unknown fields are refused, not stored and pushed: in a CPO's own data they are typos (tarif_id) or leftovers.
    const options = { profile: 'gireve' as const, emi3OperatorId: this.settings.CPO_EMI3_OPERATOR_ID, unknownFields: 'report' as const };
    let candidate = fillStamps(input, stamp);
    if (version === '2.1.1') {
      const v211 = validateLocation('2.1.1', candidate, options);
      if (!v211.ok) return { ok: false, errors: v211.errors };
      candidate = toV221(v211.value as unknown as Record<string, unknown>, {
        country_code: this.settings.CPO_COUNTRY_CODE,
        party_id: this.settings.CPO_PARTY_ID,
        time_zone: this.settings.OCPI_211_DEFAULT_TIME_ZONE,
      });
    }
    const result = validateLocation('2.2.1', candidate, options);
    const errors = [...(result.ok ? [] : result.errors), ...this.ownershipErrors(candidate)];
    if (!result.ok || errors.length > 0) return { ok: false, errors };
    const v211Errors = servedVersions(this.settings).includes('2.1.1') ? v211ViewIssues(result.value as unknown as Record<string, unknown>, options) : [];
    if (v211Errors.length > 0) return { ok: false, errors: v211Errors.map(({ path, reason }) => ({ path, reason: `in OCPI 2.1.1 (served): ${reason}` })) };
    return { ok: true, location: result.value as unknown as StoredLocation };
  }

  /** Every stored Location is this CPO's own. */
  private ownershipErrors(candidate: unknown): LocationError[] {
    if (!isRecord(candidate)) return [];
    const errors: LocationError[] = [];
    for (const [field, expected] of [
      ['country_code', this.settings.CPO_COUNTRY_CODE],
      ['party_id', this.settings.CPO_PARTY_ID],
    ] as const) {
      if (typeof candidate[field] === 'string' && candidate[field] !== expected) errors.push({ path: field, reason: `must be ${expected}, this CPO's` });
    }
    return errors;
  }

  /** A stored Location in the version the IOP pulls. */
  present(location: StoredLocation, version: OcpiVersion): PresentedLocation & object {
    return version === '2.2.1' ? location : (toV211(location as Record<string, unknown>) as PresentedLocation & object);
  }
}

/** A copy of a Location-shaped input with a stamp wherever last_updated is missing (Location, EVSEs, Connectors). */
function fillStamps(input: unknown, stamp: string): unknown {
  if (!isRecord(input)) return input;
  const stamped = (value: Record<string, unknown>) => ('last_updated' in value ? value : { ...value, last_updated: stamp });
  const location = stamped(input);
  if (!Array.isArray(location.evses)) return location;
  return {
    ...location,
    evses: location.evses.map((evse: unknown) => {
      if (!isRecord(evse)) return evse;
      const withStamp = stamped(evse);
      return Array.isArray(withStamp.connectors) ? { ...withStamp, connectors: withStamp.connectors.map((c: unknown) => (isRecord(c) ? stamped(c) : c)) } : withStamp;
    }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
