import { FIXTURE_EMI3_OPERATOR_ID, sampleConnectorV211, sampleConnectorV221, sampleEvseV221, sampleLocationV211, sampleLocationV221 } from '../fixtures/location.fixtures';
import { REMOVE, withPath } from '../fixtures/json-path';
import type { ValidationIssue } from '../validation/validation-result';
import { isEmi3OperatorId } from './gireve-profile';
import { validateConnector, validateEvse, validateLocation, validateLocationPatch } from './validate-location';

const GIREVE = { profile: 'gireve', emi3OperatorId: FIXTURE_EMI3_OPERATOR_ID } as const;
const FIXTURES = { '2.1.1': sampleLocationV211, '2.2.1': sampleLocationV221 } as const;
const TARIFF = { '2.1.1': 'tariff_id', '2.2.1': 'tariff_ids' } as const;

function issuesOf(result: { ok: true } | { ok: false; errors: ValidationIssue[] }): ValidationIssue[] {
  return result.ok ? [] : result.errors;
}

describe.each(['2.1.1', '2.2.1'] as const)('GIREVE profile, %s', (version) => {
  const fixture = () => FIXTURES[version]({ evses: 3 });
  const gireve = (body: unknown) => issuesOf(validateLocation(version, body, GIREVE));
  const tariffReason = version === '2.1.1' ? 'required by GIREVE' : 'required by GIREVE (at least one tariff ID)';

  it('accepts the fixture', () => {
    expect(gireve(fixture())).toEqual([]);
  });

  it.each([
    ['owner', REMOVE, 'owner.name'],
    ['owner', null, 'owner.name'],
    ['operator', REMOVE, 'operator.name'],
    ['evses[1].capabilities', REMOVE, 'evses[1].capabilities'],
    ['evses[1].capabilities', [], 'evses[1].capabilities'],
    ['evses[1].capabilities', null, 'evses[1].capabilities'],
  ])('requires %s (set to %p): %s', (path, value, reported) => {
    expect(gireve(withPath(fixture(), path, value))).toEqual([{ path: reported, reason: 'required by GIREVE' }]);
  });

  it('is off without the profile: the same body passes the spec rules', () => {
    const body = withPath(withPath(fixture(), 'owner', REMOVE), 'evses[1].capabilities', REMOVE);
    expect(validateLocation(version, body)).toMatchObject({ ok: true });
  });

  it(`requires every connector's ${TARIFF[version]}, reported with its exact path`, () => {
    const body = withPath(fixture(), `evses[2].connectors[0].${TARIFF[version]}`, REMOVE);
    expect(gireve(body)).toEqual([{ path: `evses[2].connectors[0].${TARIFF[version]}`, reason: tariffReason }]);
  });

  it('reports a spec problem once, not again as a GIREVE one', () => {
    expect(gireve(withPath(fixture(), 'owner.name', REMOVE))).toEqual([{ path: 'owner.name', reason: 'required' }]);
  });

  it('requires evse_id unless the EVSE is REMOVED', () => {
    const missing = withPath(fixture(), 'evses[0].evse_id', REMOVE);
    expect(gireve(missing)).toEqual([{ path: 'evses[0].evse_id', reason: 'required by GIREVE unless status is REMOVED' }]);
    expect(gireve(withPath(missing, 'evses[0].status', 'REMOVED'))).toEqual([]);
    expect(gireve(withPath(withPath(fixture(), 'evses[0].evse_id', null), 'evses[0].status', 'REMOVED'))).toEqual([]);
  });

  it.each(['FR*ABC*E0001*1', 'FRABCE00011', 'FRABC*E1', 'FR*ABCE1', 'fr*abc*e1', 'FR*ABC*EABCDEFG*1'])('accepts the evse_id %s for operator FR*ABC', (evseId) => {
    expect(gireve(withPath(fixture(), 'evses[0].evse_id', evseId))).toEqual([]);
  });

  it.each([
    ['FR*XYZ*E1', "must start with the CPO's eMI3 operator ID FR*ABC (or FRABC) (GIREVE)"],
    ['DE*ABC*E1', "must start with the CPO's eMI3 operator ID FR*ABC (or FRABC) (GIREVE)"],
    ['FR*ABD*E1', "must start with the CPO's eMI3 operator ID FR*ABC (or FRABC) (GIREVE)"],
    ['FR*ABC*1', 'must be an eMI3 EVSE ID such as FR*ABC*E123*1 (GIREVE)'],
    ['FR*ABC', 'must be an eMI3 EVSE ID such as FR*ABC*E123*1 (GIREVE)'],
    ['FR-ABC-E1', 'must be an eMI3 EVSE ID such as FR*ABC*E123*1 (GIREVE)'],
    ['FR*ABCD*E1', 'must be an eMI3 EVSE ID such as FR*ABC*E123*1 (GIREVE)'],
  ])('refuses the evse_id %s', (evseId, reason) => {
    expect(gireve(withPath(fixture(), 'evses[0].evse_id', evseId))).toEqual([{ path: 'evses[0].evse_id', reason }]);
  });

  it('also checks the evse_id of a REMOVED EVSE when one is sent', () => {
    const body = withPath(withPath(fixture(), 'evses[0].status', 'REMOVED'), 'evses[0].evse_id', 'FR*XYZ*E1');
    expect(gireve(body)).toEqual([{ path: 'evses[0].evse_id', reason: expect.stringMatching(/^must start with/) }]);
  });

  it('takes the operator ID with or without the separator', () => {
    expect(issuesOf(validateLocation(version, fixture(), { profile: 'gireve', emi3OperatorId: 'FRABC' }))).toEqual([]);
    expect(issuesOf(validateLocation(version, fixture(), { profile: 'gireve', emi3OperatorId: 'fr*abc' }))).toEqual([]);
    expect(issuesOf(validateLocation(version, fixture(), { profile: 'gireve', emi3OperatorId: 'FR*XYZ' }))).toHaveLength(3);
  });

  it('reports spec and GIREVE problems together, in one list', () => {
    let body = withPath(fixture(), 'operator', REMOVE);
    body = withPath(body, 'evses[0].evse_id', 'DE*ABC*E1');
    body = withPath(body, 'evses[1].connectors[1].format', 'PLUG');
    body = withPath(body, `evses[2].connectors[1].${TARIFF[version]}`, null);
    expect(gireve(body)).toEqual([
      { path: 'evses[1].connectors[1].format', reason: 'must be one of SOCKET, CABLE' },
      { path: 'operator.name', reason: 'required by GIREVE' },
      { path: 'evses[0].evse_id', reason: "must start with the CPO's eMI3 operator ID FR*ABC (or FRABC) (GIREVE)" },
      { path: `evses[2].connectors[1].${TARIFF[version]}`, reason: tariffReason },
    ]);
  });

  it('applies to EVSE and Connector bodies, with relative paths', () => {
    const evse = (fixture().evses as Record<string, unknown>[])[0];
    expect(issuesOf(validateEvse(version, withPath(evse, 'capabilities', []), GIREVE))).toEqual([{ path: 'capabilities', reason: 'required by GIREVE' }]);
    expect(issuesOf(validateEvse(version, withPath(evse, `connectors[1].${TARIFF[version]}`, REMOVE), GIREVE))).toEqual([{ path: `connectors[1].${TARIFF[version]}`, reason: tariffReason }]);
    const connector = version === '2.1.1' ? sampleConnectorV211() : sampleConnectorV221();
    expect(issuesOf(validateConnector(version, withPath(connector, TARIFF[version], REMOVE), GIREVE))).toEqual([{ path: TARIFF[version], reason: tariffReason }]);
  });

  it('throws on a misconfigured operator ID (configuration, not input)', () => {
    expect(() => validateLocation(version, fixture(), { profile: 'gireve', emi3OperatorId: 'FRANCE' })).toThrow(RangeError);
  });
});

describe('GIREVE profile on PATCH bodies: only the fields sent', () => {
  const stamp = '2024-05-01T10:00:00Z';
  it.each([
    ['evse', { status: 'CHARGING', last_updated: stamp }, []],
    ['evse', { status: 'REMOVED', evse_id: null, last_updated: stamp }, []],
    ['evse', { evse_id: null, last_updated: stamp }, [{ path: 'evse_id', reason: 'required by GIREVE unless status is REMOVED' }]],
    ['evse', { evse_id: 'FR*XYZ*E1', last_updated: stamp }, [{ path: 'evse_id', reason: "must start with the CPO's eMI3 operator ID FR*ABC (or FRABC) (GIREVE)" }]],
    ['evse', { capabilities: [], last_updated: stamp }, [{ path: 'capabilities', reason: 'required by GIREVE' }]],
    ['connector', { tariff_ids: ['T2'], last_updated: stamp }, []],
    ['connector', { tariff_ids: [], last_updated: stamp }, [{ path: 'tariff_ids', reason: 'required by GIREVE (at least one tariff ID)' }]],
    ['location', { name: 'Gare', last_updated: stamp }, []],
    ['location', { owner: null, last_updated: stamp }, [{ path: 'owner.name', reason: 'required by GIREVE' }]],
    ['location', { evses: [withPath(sampleEvseV221(), 'capabilities', REMOVE)], last_updated: stamp }, [{ path: 'evses[0].capabilities', reason: 'required by GIREVE' }]],
  ] as const)('%s PATCH %j', (level, body, expected) => {
    expect(issuesOf(validateLocationPatch(level, '2.2.1', body, GIREVE))).toEqual(expected);
  });
});

describe(isEmi3OperatorId.name, () => {
  it.each([
    ['FR*ABC', true],
    ['FRABC', true],
    ['DE*A36', true],
    ['FR*AB', false],
    ['FR**ABC', false],
    ['FRA*BC', false],
    ['', false],
  ])('%s → %s', (value, expected) => {
    expect(isEmi3OperatorId(value)).toBe(expected);
  });
});
