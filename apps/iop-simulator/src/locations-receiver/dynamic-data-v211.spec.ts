import { sampleConnectorV211, sampleEvseV211, sampleLocationV211 } from '@app/ocpi/fixtures/location.fixtures';
import { dynamicDataV211 } from './dynamic-data-v211';

describe('dynamicDataV211', () => {
  it('keeps of a Location only its id, its EVSEs’ uid and status, and their connectors’ id and tariff_id', () => {
    expect(dynamicDataV211('location', sampleLocationV211({ evses: 2, connectorsPerEvse: 2 }))).toEqual({
      id: 'LOC-0001',
      evses: [1, 2].map((n) => ({
        uid: `EVSE-${n}`,
        status: 'AVAILABLE',
        connectors: [
          { id: '1', tariff_id: 'TARIFF-AC' },
          { id: '2', tariff_id: 'TARIFF-DC' },
        ],
      })),
    });
  });

  it('does the same for an EVSE and a Connector', () => {
    expect(dynamicDataV211('evse', sampleEvseV211(3, 1))).toEqual({ uid: 'EVSE-3', status: 'AVAILABLE', connectors: [{ id: '1', tariff_id: 'TARIFF-AC' }] });
    expect(dynamicDataV211('connector', sampleConnectorV211(2))).toEqual({ id: '2', tariff_id: 'TARIFF-DC' });
  });

  it('keeps only the dynamic fields a PATCH carries', () => {
    expect(dynamicDataV211('evse', { status: 'CHARGING', last_updated: '2026-11-24T10:00:00Z' })).toEqual({ status: 'CHARGING' });
    expect(dynamicDataV211('location', { name: 'Renamed' })).toEqual({});
  });
});
