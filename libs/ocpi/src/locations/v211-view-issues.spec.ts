import { FIXTURE_EMI3_OPERATOR_ID, sampleConnectorV221, sampleLocationV221 } from '../fixtures/location.fixtures';
import { REMOVE, withPath } from '../fixtures/json-path';
import { v211ViewIssues } from './v211-view-issues';

const GIREVE = { profile: 'gireve', emi3OperatorId: FIXTURE_EMI3_OPERATOR_ID } as const;

describe('v211ViewIssues', () => {
  it('finds nothing in a Location 2.1.1 can carry', () => {
    expect(v211ViewIssues(sampleLocationV221({ evses: 3 }), GIREVE)).toEqual([]);
  });

  it('reports a Location without postal code, which 2.1.1 requires', () => {
    expect(v211ViewIssues(withPath(sampleLocationV221(), 'postal_code', REMOVE), GIREVE)).toEqual([{ path: 'postal_code', reason: 'required' }]);
  });

  it("reports an EVSE whose capabilities all vanish in 2.1.1, under GIREVE's profile", () => {
    const location = withPath(sampleLocationV221(), 'evses[1].capabilities', ['CHIP_CARD_SUPPORT', 'PED_TERMINAL']);
    expect(v211ViewIssues(location, GIREVE)).toEqual([{ path: 'evses[1].capabilities', reason: 'required by GIREVE' }]);
    expect(v211ViewIssues(location)).toEqual([]);
  });

  it('reports an EVSE toV211 would leave out, its connectors all of 2.2.1-only standards', () => {
    const location = withPath(sampleLocationV221(), 'evses[0].connectors', [
      { ...sampleConnectorV221(1), standard: 'GBT_AC' },
      { ...sampleConnectorV221(2), standard: 'NEMA_5_20' },
    ]);
    expect(v211ViewIssues(location, GIREVE)).toEqual([
      { path: 'evses[0].connectors', reason: 'none of its connector standards (GBT_AC, NEMA_5_20) exists in 2.1.1, so the EVSE would be left out' },
    ]);
  });

  it("names the stored Location's EVSE and connector when toV211 dropped some before them", () => {
    let location = withPath(sampleLocationV221({ evses: 2 }), 'evses[0].connectors', [{ ...sampleConnectorV221(1), standard: 'GBT_DC' }]);
    location = withPath(location, 'evses[1].connectors[0].standard', 'CHAOJI');
    location = withPath(location, 'evses[1].connectors[1].tariff_ids', []);
    expect(v211ViewIssues(location, GIREVE)).toEqual([
      { path: 'evses[0].connectors', reason: 'none of its connector standards (GBT_DC) exists in 2.1.1, so the EVSE would be left out' },
      { path: 'evses[1].connectors[1].tariff_id', reason: 'required by GIREVE' },
    ]);
  });
});
