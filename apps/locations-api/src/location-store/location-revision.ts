import { EvseStatus } from '@app/ocpi';
import { isDeepStrictEqual } from 'node:util';
import { sameId, type StoredConnector, type StoredEvse, type StoredLocation } from './stored-location';

/**
 * How a CPO edit becomes the new stored Location. The server owns
 * `last_updated`: an object whose content did not change keeps its stamp, a
 * changed one gets `stamp`, and a change moves every parent's stamp too
 * (Connector → EVSE → Location), so a delta pull (date_from) sees it.
 */
export interface RevisionContext {
  stamp: string;
  /** EVSEs whose status a charger has reported: their live status wins over the one in the CPO's body. */
  liveStatusUids: ReadonlySet<string>;
}

export function reviseLocation(previous: StoredLocation | undefined, next: StoredLocation, context: RevisionContext): StoredLocation {
  const nextEvses = next.evses ?? [];
  const evses = nextEvses.map((evse) =>
    reviseEvse(
      previous?.evses?.find((e) => sameId(e.uid, evse.uid)),
      evse,
      context,
    ),
  );
  // EVSEs are never deleted (Sessions and CDRs refer to them): one left out of the new body stays, REMOVED.
  for (const omitted of previous?.evses ?? []) {
    if (!nextEvses.some((e) => sameId(e.uid, omitted.uid))) evses.push(reviseEvse(omitted, { ...omitted, status: EvseStatus.REMOVED }, context));
  }
  const location: StoredLocation = { ...next, id: previous?.id ?? next.id, last_updated: context.stamp };
  if (evses.length > 0 || next.evses !== undefined) location.evses = evses;
  return keepStampIfUnchanged(previous, location);
}

function reviseEvse(previous: StoredEvse | undefined, next: StoredEvse, context: RevisionContext): StoredEvse {
  const keepLiveStatus = previous !== undefined && context.liveStatusUids.has(previous.uid) && previous.status !== EvseStatus.REMOVED && next.status !== EvseStatus.REMOVED;
  const connectors = next.connectors.map((connector) =>
    reviseConnector(
      previous?.connectors.find((c) => sameId(c.id, connector.id)),
      connector,
      context,
    ),
  );
  const evse: StoredEvse = {
    ...next,
    uid: previous?.uid ?? next.uid,
    status: keepLiveStatus ? previous.status : next.status,
    connectors,
    last_updated: context.stamp,
  };
  return keepStampIfUnchanged(previous, evse);
}

function reviseConnector(previous: StoredConnector | undefined, next: StoredConnector, context: RevisionContext): StoredConnector {
  return keepStampIfUnchanged(previous, { ...next, id: previous?.id ?? next.id, last_updated: context.stamp });
}

/** The previous object itself when only the stamp would differ (its children already carry their own stamps). */
function keepStampIfUnchanged<T extends { last_updated: string }>(previous: T | undefined, next: T): T {
  if (previous === undefined) return next;
  return isDeepStrictEqual({ ...previous, last_updated: '' }, { ...next, last_updated: '' }) ? previous : next;
}

/**
 * A charger-reported status applied to a stored Location: the new Location, or
 * undefined when nothing OCPI-visible changes (unknown EVSE, same status, or an
 * EVSE the CPO removed, which stays REMOVED).
 */
export function applyEvseStatus(location: StoredLocation, evseUid: string, status: EvseStatus, stamp: string): StoredLocation | undefined {
  const evse = location.evses?.find((e) => e.uid === evseUid);
  if (!evse || evse.status === status || evse.status === EvseStatus.REMOVED) return undefined;
  const evses = location.evses!.map((e) => (e === evse ? { ...e, status, last_updated: stamp } : e));
  return { ...location, evses, last_updated: stamp };
}

/**
 * A CPO's partial update: top-level fields replace the stored ones (null drops
 * an optional field); `evses` entries replace the stored EVSE with the same uid
 * or are added. The result is validated as a whole before it is stored.
 */
export function mergeLocationPatch(stored: StoredLocation, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const [field, value] of Object.entries(patch)) {
    if (field === 'evses' && Array.isArray(value)) {
      const evses: unknown[] = [...(stored.evses ?? [])];
      for (const evse of value) {
        const uid = typeof evse === 'object' && evse !== null ? (evse as { uid?: unknown }).uid : undefined;
        const at = typeof uid === 'string' ? evses.findIndex((e) => sameId((e as StoredEvse).uid, uid)) : -1;
        if (at >= 0) evses[at] = evse;
        else evses.push(evse);
      }
      merged.evses = evses;
    } else if (value === null) {
      delete merged[field];
    } else {
      merged[field] = value;
    }
  }
  return merged;
}
