import { gireveKeptView } from './gireve-kept-view';

describe(gireveKeptView.name, () => {
  it("keeps of each EVSE its uid, evse_id, status and its first connector's tariff ids, and nothing else", () => {
    const location = {
      id: 'L',
      name: 'Gare de Lyon',
      coordinates: { latitude: '48.844700', longitude: '2.373900' },
      evses: [
        {
          uid: 'E1',
          evse_id: 'FR*ABC*E1',
          status: 'CHARGING',
          capabilities: ['RFID_READER'],
          connectors: [
            { id: '1', standard: 'IEC_62196_T2', tariff_ids: ['NIGHT', 'DAY'] },
            { id: '2', tariff_ids: ['DC'] },
          ],
        },
        { uid: 'E2', evse_id: 'FR*ABC*E2', status: 'AVAILABLE', connectors: [{ id: '1', tariff_id: 'T211' }] },
      ],
    };
    expect(gireveKeptView(location)).toEqual({
      evses: [
        { uid: 'E1', evse_id: 'FR*ABC*E1', status: 'CHARGING', tariff_ids: ['DAY', 'NIGHT'] },
        { uid: 'E2', evse_id: 'FR*ABC*E2', status: 'AVAILABLE', tariff_ids: ['T211'] },
      ],
    });
  });

  it('is the same for a Location GIREVE rewrote in static data only', () => {
    const ours = {
      id: 'L',
      name: 'Gare de Lyon',
      evses: [
        {
          uid: 'E1',
          evse_id: 'FR*ABC*E1',
          status: 'AVAILABLE',
          connectors: [
            { id: '1', tariff_ids: ['A'] },
            { id: '2', tariff_ids: ['B'] },
          ],
        },
      ],
    };
    const rewritten = {
      id: 'L',
      name: 'GARE DE LYON',
      gireve_id: 'G42',
      evses: [
        {
          uid: 'E1',
          evse_id: 'FR*ABC*E1',
          status: 'AVAILABLE',
          connectors: [
            { id: '1', tariff_ids: ['A'] },
            { id: '2', tariff_ids: ['A'] },
          ],
        },
      ],
    };
    expect(gireveKeptView(rewritten)).toEqual(gireveKeptView(ours));
  });
});
