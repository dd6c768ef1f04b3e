import { EvseStatus } from '@app/ocpi';
import type { StoredConnector, StoredLocation } from '../location-store/stored-location';
import { tariffWarnings } from './tariff-warnings';

const connector = (id: string, tariff_ids?: string[]): StoredConnector => ({ id, last_updated: '2025-01-01T00:00:00Z', ...(tariff_ids && { tariff_ids }) });
const locationWith = (...evses: StoredConnector[][]): StoredLocation => ({
  country_code: 'FR',
  party_id: 'ABC',
  id: 'L1',
  publish: true,
  last_updated: '2025-01-01T00:00:00Z',
  evses: evses.map((connectors, i) => ({ uid: `E${i + 1}`, status: EvseStatus.AVAILABLE, connectors, last_updated: '2025-01-01T00:00:00Z' })),
});

describe('tariffWarnings', () => {
  it("names each EVSE whose connectors' tariff_ids differ, by uid and path", () => {
    const location = locationWith([connector('1', ['AC'])], [connector('1', ['AC']), connector('2', ['DC'])], [connector('1', ['AC']), connector('2')]);
    expect(tariffWarnings(location)).toEqual([
      { path: 'evses[1].connectors', evse_uid: 'E2', reason: "connectors have different tariff_ids: GIREVE keeps only the first connector's for the whole EVSE" },
      { path: 'evses[2].connectors', evse_uid: 'E3', reason: "connectors have different tariff_ids: GIREVE keeps only the first connector's for the whole EVSE" },
    ]);
  });

  it('finds nothing when the connectors carry the same tariffs, in any order or case', () => {
    expect(tariffWarnings(locationWith([connector('1', ['AC', 'NIGHT']), connector('2', ['night', 'AC'])], [connector('1'), connector('2', [])]))).toEqual([]);
    expect(tariffWarnings({ ...locationWith(), evses: undefined })).toEqual([]);
  });
});
