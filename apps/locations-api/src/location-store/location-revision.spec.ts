import 'reflect-metadata';
import { EvseStatus } from '@app/ocpi';
import { applyEvseStatus, mergeLocationPatch, reviseLocation } from './location-revision';
import { changeStamp, type StoredLocation } from './stored-location';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-02-02T10:00:00Z';

function stored(): StoredLocation {
  return {
    country_code: 'FR',
    party_id: 'ABC',
    id: 'LOC1',
    publish: true,
    name: 'Gare',
    last_updated: T0,
    evses: [
      {
        uid: 'E1',
        status: EvseStatus.AVAILABLE,
        connectors: [
          { id: '1', standard: 'IEC_62196_T2', last_updated: T0 },
          { id: '2', standard: 'CHADEMO', last_updated: T0 },
        ],
        last_updated: T0,
      },
      { uid: 'E2', status: EvseStatus.AVAILABLE, connectors: [{ id: '1', standard: 'IEC_62196_T2', last_updated: T0 }], last_updated: T0 },
    ],
  };
}

const noLive = { stamp: T1, liveStatusUids: new Set<string>() };

describe('reviseLocation', () => {
  it('stamps every level of a new Location', () => {
    const revised = reviseLocation(undefined, stored(), noLive);
    expect(revised.last_updated).toBe(T1);
    expect(revised.evses!.map((e) => e.last_updated)).toEqual([T1, T1]);
    expect(revised.evses![0].connectors.map((c) => c.last_updated)).toEqual([T1, T1]);
  });

  it('returns the stored Location itself when nothing but stamps differ', () => {
    const previous = stored();
    const next = stored();
    next.last_updated = '2030-01-01T00:00:00Z';
    next.evses![0].connectors[0].last_updated = '2030-01-01T00:00:00Z';
    expect(reviseLocation(previous, next, noLive)).toBe(previous);
  });

  it('moves the EVSE and Location stamps when a Connector changes, and only those', () => {
    const next = stored();
    next.evses![0].connectors[1] = { ...next.evses![0].connectors[1], max_amperage: 125 };
    const revised = reviseLocation(stored(), next, noLive);
    expect(revised.evses![0].connectors.map((c) => c.last_updated)).toEqual([T0, T1]);
    expect(revised.evses![0].last_updated).toBe(T1);
    expect(revised.evses![1].last_updated).toBe(T0);
    expect(revised.last_updated).toBe(T1);
  });

  it('moves the Location stamp when an EVSE field changes, not its Connectors', () => {
    const next = stored();
    next.evses![1] = { ...next.evses![1], floor_level: '-1' };
    const revised = reviseLocation(stored(), next, noLive);
    expect(revised.evses![1].last_updated).toBe(T1);
    expect(revised.evses![1].connectors[0].last_updated).toBe(T0);
    expect(revised.evses![0].last_updated).toBe(T0);
    expect(revised.last_updated).toBe(T1);
  });

  it('moves only the Location stamp when only a Location field changes', () => {
    const revised = reviseLocation(stored(), { ...stored(), name: 'Gare de Lyon' }, noLive);
    expect(revised.last_updated).toBe(T1);
    expect(revised.evses!.map((e) => e.last_updated)).toEqual([T0, T0]);
  });

  it('keeps an EVSE left out of the new body, as REMOVED', () => {
    const next = stored();
    next.evses = [next.evses![0]];
    const revised = reviseLocation(stored(), next, noLive);
    expect(revised.evses!.map((e) => [e.uid, e.status, e.last_updated])).toEqual([
      ['E1', EvseStatus.AVAILABLE, T0],
      ['E2', EvseStatus.REMOVED, T1],
    ]);
    expect(revised.last_updated).toBe(T1);
  });

  it('keeps the status a charger reported over the one in the CPO body, unless the CPO removes the EVSE', () => {
    const previous = stored();
    previous.evses![0].status = EvseStatus.CHARGING;
    const next = stored();
    next.evses![1].status = EvseStatus.REMOVED;
    const revised = reviseLocation(previous, next, { stamp: T1, liveStatusUids: new Set(['E1', 'E2']) });
    expect(revised.evses!.map((e) => e.status)).toEqual([EvseStatus.CHARGING, EvseStatus.REMOVED]);
    expect(revised.evses![0].last_updated).toBe(T0);
  });

  it('matches EVSEs and Connectors case-insensitively and keeps the stored ids', () => {
    const next = stored();
    next.evses![0] = { ...next.evses![0], uid: 'e1' };
    const revised = reviseLocation(stored(), next, noLive);
    expect(revised.evses![0].uid).toBe('E1');
    expect(revised.evses).toHaveLength(2);
  });
});

describe('applyEvseStatus', () => {
  it('sets the status and moves the EVSE and Location stamps', () => {
    const changed = applyEvseStatus(stored(), 'E2', EvseStatus.CHARGING, T1)!;
    expect(changed.evses![1]).toMatchObject({ status: EvseStatus.CHARGING, last_updated: T1 });
    expect(changed.evses![1].connectors[0].last_updated).toBe(T0);
    expect(changed.evses![0].last_updated).toBe(T0);
    expect(changed.last_updated).toBe(T1);
  });

  it('changes nothing for the same status, an unknown EVSE, or a REMOVED EVSE', () => {
    const location = stored();
    location.evses![1].status = EvseStatus.REMOVED;
    expect(applyEvseStatus(location, 'E1', EvseStatus.AVAILABLE, T1)).toBeUndefined();
    expect(applyEvseStatus(location, 'E9', EvseStatus.CHARGING, T1)).toBeUndefined();
    expect(applyEvseStatus(location, 'E2', EvseStatus.AVAILABLE, T1)).toBeUndefined();
  });
});

describe('mergeLocationPatch', () => {
  it('replaces given fields, drops null ones and merges EVSEs by uid', () => {
    const merged = mergeLocationPatch(stored(), {
      name: null,
      city: 'Paris',
      evses: [
        { uid: 'e2', status: 'PLANNED', connectors: [] },
        { uid: 'E3', status: 'PLANNED', connectors: [] },
      ],
    });
    expect(merged).not.toHaveProperty('name');
    expect(merged.city).toBe('Paris');
    expect((merged.evses as { uid: string }[]).map((e) => e.uid)).toEqual(['E1', 'e2', 'E3']);
  });
});

describe('changeStamp', () => {
  it('rounds up to the whole second, so the stamp is never before the change', () => {
    expect(changeStamp(new Date('2026-03-01T10:00:00.001Z'))).toBe('2026-03-01T10:00:01Z');
    expect(changeStamp(new Date('2026-03-01T10:00:00.000Z'))).toBe('2026-03-01T10:00:00Z');
  });
});
