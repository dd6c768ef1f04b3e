import { FIXTURE_EMI3_OPERATOR_ID, sampleEvseV221, sampleLocationV211, sampleLocationV221 } from '../fixtures/location.fixtures';
import { withPath } from '../fixtures/json-path';
import { validateEvse, validateLocation } from './validate-location';

const GIREVE = { profile: 'gireve', emi3OperatorId: FIXTURE_EMI3_OPERATOR_ID } as const;
const errorsOf = (result: { ok: boolean; errors?: unknown[] }) => (result.ok ? [] : result.errors);

describe('Location consistency (every version and profile)', () => {
  const v221 = sampleLocationV221({ evses: 2 });
  const evses = v221.evses as Record<string, unknown>[];

  it('accepts the fixtures', () => {
    expect(validateLocation('2.2.1', v221, GIREVE)).toMatchObject({ ok: true });
    expect(validateLocation('2.1.1', sampleLocationV211({ evses: 2 }), GIREVE)).toMatchObject({ ok: true });
  });

  it('refuses a duplicate EVSE uid or evse_id in a Location', () => {
    expect(errorsOf(validateLocation('2.2.1', withPath(v221, 'evses[1].uid', evses[0]!.uid)))).toEqual([
      { path: 'evses[1].uid', reason: `duplicates evses[0].uid (${String(evses[0]!.uid)})` },
    ]);
    expect(errorsOf(validateLocation('2.2.1', withPath(v221, 'evses[1].evse_id', evses[0]!.evse_id)))).toEqual([
      { path: 'evses[1].evse_id', reason: `duplicates evses[0].evse_id (${String(evses[0]!.evse_id)})` },
    ]);
  });

  it('refuses a duplicate connector id in an EVSE, in a Location and in an EVSE body', () => {
    expect(errorsOf(validateLocation('2.2.1', withPath(v221, 'evses[0].connectors[1].id', '1')))).toEqual([
      { path: 'evses[0].connectors[1].id', reason: 'duplicates evses[0].connectors[0].id (1)' },
    ]);
    expect(errorsOf(validateEvse('2.2.1', withPath(sampleEvseV221(1, 2), 'connectors[1].id', '1')))).toEqual([{ path: 'connectors[1].id', reason: 'duplicates connectors[0].id (1)' }]);
  });

  it.each([
    ['2.2.1', 'max_voltage'],
    ['2.2.1', 'max_amperage'],
    ['2.2.1', 'max_electric_power'],
    ['2.1.1', 'voltage'],
    ['2.1.1', 'amperage'],
  ] as const)('refuses a %s connector %s below 1', (version, field) => {
    const location = version === '2.2.1' ? v221 : sampleLocationV211({ evses: 2 });
    expect(errorsOf(validateLocation(version, withPath(location, `evses[0].connectors[0].${field}`, 0)))).toEqual([
      { path: `evses[0].connectors[0].${field}`, reason: 'must be at least 1' },
    ]);
  });

  it.each(['owner', 'operator'])("refuses an empty or blank %s.name under GIREVE's profile", (party) => {
    for (const name of ['', '   ']) {
      expect(errorsOf(validateLocation('2.2.1', withPath(v221, `${party}.name`, name), GIREVE))).toContainEqual(expect.objectContaining({ path: `${party}.name` }));
    }
  });
});
