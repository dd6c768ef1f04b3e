import { sampleConnectorV221, sampleEvseV221, sampleLocationV211, sampleLocationV221 } from '../fixtures/location.fixtures';
import { REMOVE, withPath } from '../fixtures/json-path';
import type { ValidationIssue } from '../validation/validation-result';
import { validateConnector, validateEvse, validateLocation, validateLocationPatch } from './validate-location';

const FIXTURES = { '2.1.1': sampleLocationV211, '2.2.1': sampleLocationV221 } as const;

function issuesOf(result: { ok: true } | { ok: false; errors: ValidationIssue[] }): ValidationIssue[] {
  return result.ok ? [] : result.errors;
}

/** Required in both versions, as paths in the fixtures (mod_locations object tables). */
const REQUIRED_IN_BOTH = [
  'id',
  'address',
  'city',
  'country',
  'coordinates',
  'coordinates.latitude',
  'coordinates.longitude',
  'related_locations[0].latitude',
  'related_locations[0].longitude',
  'related_locations[0].name.language',
  'related_locations[0].name.text',
  'directions[0].language',
  'directions[0].text',
  'operator.name',
  'operator.logo.url',
  'operator.logo.category',
  'operator.logo.type',
  'owner.name',
  'opening_times.regular_hours[0].weekday',
  'opening_times.regular_hours[0].period_begin',
  'opening_times.regular_hours[0].period_end',
  'opening_times.exceptional_closings[0].period_begin',
  'opening_times.exceptional_closings[0].period_end',
  'images[0].url',
  'images[0].category',
  'images[0].type',
  'energy_mix.is_green_energy',
  'energy_mix.energy_sources[0].source',
  'energy_mix.energy_sources[0].percentage',
  'energy_mix.environ_impact[0].amount',
  'last_updated',
  'evses[1].uid',
  'evses[1].status',
  'evses[1].connectors',
  'evses[1].last_updated',
  'evses[1].status_schedule[0].period_begin',
  'evses[1].status_schedule[0].status',
  'evses[1].coordinates.latitude',
  'evses[1].coordinates.longitude',
  'evses[1].directions[0].language',
  'evses[1].directions[0].text',
  'evses[1].images[0].url',
  'evses[1].images[0].category',
  'evses[1].images[0].type',
  'evses[1].connectors[0].id',
  'evses[1].connectors[0].standard',
  'evses[1].connectors[0].format',
  'evses[1].connectors[0].power_type',
  'evses[1].connectors[0].last_updated',
];

const REQUIRED = {
  '2.1.1': [...REQUIRED_IN_BOTH, 'type', 'postal_code', 'energy_mix.environ_impact[0].source', 'evses[1].connectors[0].voltage', 'evses[1].connectors[0].amperage'],
  '2.2.1': [
    ...REQUIRED_IN_BOTH,
    'country_code',
    'party_id',
    'publish',
    'time_zone',
    'opening_times.twentyfourseven',
    'energy_mix.environ_impact[0].category',
    'evses[1].connectors[0].max_voltage',
    'evses[1].connectors[0].max_amperage',
  ],
};

/** Enum fields, as paths in the fixtures. */
const ENUMS_IN_BOTH = [
  'facilities[0]',
  'operator.logo.category',
  'images[0].category',
  'energy_mix.energy_sources[0].source',
  'evses[1].status',
  'evses[1].status_schedule[0].status',
  'evses[1].capabilities[2]',
  'evses[1].parking_restrictions[0]',
  'evses[1].images[0].category',
  'evses[1].connectors[1].standard',
  'evses[1].connectors[1].format',
  'evses[1].connectors[1].power_type',
];
const ENUMS = {
  '2.1.1': [...ENUMS_IN_BOTH, 'type', 'energy_mix.environ_impact[0].source'],
  '2.2.1': [...ENUMS_IN_BOTH, 'parking_type', 'energy_mix.environ_impact[0].category'],
};

describe.each(['2.1.1', '2.2.1'] as const)('validateLocation %s: spec rules', (version) => {
  const fixture = () => FIXTURES[version]({ evses: 2 });

  it('accepts the full fixture and returns the body itself (nothing stripped, nothing copied)', () => {
    const body = { ...fixture(), gireve_id: 'GIR-123' };
    const result = validateLocation(version, body);
    expect(result).toEqual({ ok: true, value: body });
    expect(result.ok && result.value).toBe(body);
  });

  it('reports unknown properties only when asked to', () => {
    let body = { ...fixture(), gireve_id: 'GIR-123' };
    body = withPath(body, 'evses[1].connectors[0].tarif_id', 'T1');
    expect(validateLocation(version, body)).toMatchObject({ ok: true });
    expect(issuesOf(validateLocation(version, body, { unknownFields: 'report' }))).toEqual([
      { path: 'gireve_id', reason: 'unknown field' },
      { path: 'evses[1].connectors[0].tarif_id', reason: 'unknown field' },
    ]);
    const polluted = JSON.parse(`{"__proto__": {"id": "X"}, ${JSON.stringify(fixture()).slice(1)}`) as unknown;
    expect(issuesOf(validateLocation(version, polluted, { unknownFields: 'report' }))).toEqual([{ path: '__proto__', reason: 'unknown field' }]);
  });

  it.each(REQUIRED[version])('reports %s as required when it is missing', (path) => {
    expect(issuesOf(validateLocation(version, withPath(fixture(), path, REMOVE)))).toContainEqual({ path, reason: 'required' });
  });

  it.each(REQUIRED[version])('reports %s as required when it is null', (path) => {
    expect(issuesOf(validateLocation(version, withPath(fixture(), path, null)))).toContainEqual({ path, reason: 'required' });
  });

  it.each(ENUMS[version])('reports a bogus value of the enum %s', (path) => {
    const issues = issuesOf(validateLocation(version, withPath(fixture(), path, 'BOGUS')));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe(path);
    expect(issues[0].reason).toMatch(/^must be one of [A-Z]/);
  });

  it('accepts a minimal Location: every optional field left out', () => {
    const minimal =
      version === '2.1.1'
        ? {
            id: 'L1',
            type: 'ON_STREET',
            address: 'a',
            city: 'c',
            postal_code: '1',
            country: 'FRA',
            coordinates: { latitude: '48.856613', longitude: '2.352222' },
            last_updated: '2024-05-01T10:00:00Z',
          }
        : {
            country_code: 'FR',
            party_id: 'ABC',
            id: 'L1',
            publish: true,
            address: 'a',
            city: 'c',
            country: 'FRA',
            coordinates: { latitude: '48.85661', longitude: '2.35222' },
            time_zone: 'Europe/Paris',
            last_updated: '2024-05-01T10:00:00Z',
          };
    expect(validateLocation(version, minimal)).toEqual({ ok: true, value: minimal });
  });

  it.each([
    'name',
    'related_locations',
    'evses',
    'directions',
    'operator',
    'facilities',
    'opening_times',
    'charging_when_closed',
    'images',
    'energy_mix',
    'evses[0].evse_id',
    'evses[0].capabilities',
    'evses[0].coordinates',
    'evses[0].connectors[0].tariff_' + (version === '2.1.1' ? 'id' : 'ids'),
  ])('accepts null for the optional %s (null means absent)', (path) => {
    expect(validateLocation(version, withPath(fixture(), path, null))).toMatchObject({ ok: true });
  });

  it.each([
    ['coordinates', [], 'must be an object'],
    ['coordinates', 'here', 'must be an object'],
    ['evses', {}, 'must be an array'],
    ['evses', 'EVSE-1', 'must be an array'],
    ['evses[0].connectors', [], 'must contain at least 1 element'],
    ['evses[0].capabilities', 'RFID_READER', 'must be an array'],
    ['evses[0].status', 1, 'must be one of AVAILABLE, BLOCKED, CHARGING, INOPERATIVE, OUTOFORDER, PLANNED, REMOVED, RESERVED, UNKNOWN'],
    ['id', 42, 'must be a string'],
    ['id', '', 'must not be empty'],
    ['charging_when_closed', 'true', 'must be a boolean'],
    ['energy_mix.energy_sources[0].percentage', 101, 'must be between 0 and 100'],
    ['energy_mix.energy_sources[0].percentage', '40', 'must be a number'],
    ['opening_times.regular_hours[0].weekday', 8, 'must be between 1 and 7'],
    ['opening_times.regular_hours[0].weekday', 1.5, 'must be an integer'],
    ['opening_times.regular_hours[0].period_begin', '24:00', 'must be a time HH:MM in 24h format, e.g. 08:00'],
    ['opening_times.regular_hours[0].period_end', '05:59', 'must be later than period_begin'],
    ['opening_times.regular_hours[0].period_end', '06:00', 'must be later than period_begin'],
    ['last_updated', '2024-05-01T12:00:00+02:00', `must be an OCPI ${version} DateTime in UTC without offset, e.g. 2015-06-29T20:39:09Z`],
    ['country', 'FR', 'must be an ISO 3166-1 alpha-3 country code, e.g. FRA'],
    ['country', 'fra', 'must be an ISO 3166-1 alpha-3 country code, e.g. FRA'],
    ['directions[0].language', 'FR', 'must be an ISO 639-1 language code, e.g. fr'],
    ['directions[0].text', 'Go <b>left</b>', 'must not contain markup'],
    ['directions[0].text', 'x'.repeat(513), 'must be at most 512 characters long'],
    ['images[0].width', 100000, 'must be between 0 and 99999'],
    ['images[0].url', 'loc-0001.jpg', 'must be an absolute URL of at most 255 characters'],
    ['images[0].url', `https://example.com/${'x'.repeat(236)}`, 'must be an absolute URL of at most 255 characters'],
    ['images[0].url', 'https://example.com/a b.jpg', 'must be an absolute URL of at most 255 characters'],
    ['operator.website', 'abc-charge.example.com', 'must be an absolute URL of at most 255 characters'],
    ['operator.name', 'x'.repeat(101), 'must be at most 100 characters long'],
    ['city', 'x'.repeat(46), 'must be at most 45 characters long'],
    ['postal_code', '12345678901', 'must be at most 10 characters long'],
    ['name', 'x'.repeat(256), 'must be at most 255 characters long'],
    ['evses[0].floor_level', '-10.5', 'must be at most 4 characters long'],
    ['evses[0].physical_reference', 'x'.repeat(17), 'must be at most 16 characters long'],
    ['evses[0].evse_id', 'FR*ABC*E' + '1'.repeat(41), 'must be at most 48 characters long'],
    ['evses[0].connectors[0].id', 'x'.repeat(37), 'must be at most 36 characters long'],
    ['time_zone', 'Europe/Pariss', 'must be an IANA time zone name, e.g. Europe/Paris'],
    ['time_zone', 'UTC+2', 'must be an IANA time zone name, e.g. Europe/Paris'],
    ['coordinates.latitude', '91.000000', 'must be between -90 and 90'],
    ['coordinates.longitude', '-180.000001', 'must be between -180 and 180'],
    ['coordinates.latitude', 48.856613, 'must be a string'],
    ['coordinates.latitude', '48,856613', `must be a decimal degree with ${version === '2.1.1' ? '6' : '5 to 7'} decimals, e.g. 50.770774`],
  ])('reports %s = %p: %s', (path, value, reason) => {
    expect(issuesOf(validateLocation(version, withPath(fixture(), path, value)))).toEqual([{ path, reason }]);
  });

  it('reports every problem at once, with precise paths', () => {
    let body = withPath(fixture(), 'evses[1].connectors[1].format', 'PLUG');
    body = withPath(body, 'city', null);
    body = withPath(body, 'evses[0].capabilities', ['RFID_READER', 'TELEPATHY', 'RESERVABLE', 'X']);
    expect(issuesOf(validateLocation(version, body))).toEqual([
      { path: 'city', reason: 'required' },
      { path: 'evses[0].capabilities[1]', reason: expect.stringMatching(/^must be one of /) },
      { path: 'evses[0].capabilities[3]', reason: expect.stringMatching(/^must be one of /) },
      { path: 'evses[1].connectors[1].format', reason: 'must be one of SOCKET, CABLE' },
    ]);
  });

  it('reports list elements of the wrong shape by index, without looking inside', () => {
    const body = withPath(fixture(), 'evses', [null, 7, [sampleEvseV221()], { uid: 'E', status: 'AVAILABLE' }]);
    expect(issuesOf(validateLocation(version, body))).toEqual([
      { path: 'evses[0]', reason: 'must not be null' },
      { path: 'evses[1]', reason: 'must be an object' },
      { path: 'evses[2]', reason: 'must be an object' },
    ]);
  });
});

describe('validateLocation: differences between 2.1.1 and 2.2.1', () => {
  const v211 = () => sampleLocationV211();
  const v221 = () => sampleLocationV221();

  it.each([
    ['coordinates.latitude', '48.85661', 'five decimals'],
    ['coordinates.latitude', '48.8566131', 'seven decimals'],
    ['name', 'Parking Hôtel de Ville', 'UTF-8 text'],
    ['address', 'x'.repeat(255), 'an address of 255 characters'],
    ['evses[0].connectors[0].standard', 'GBT_AC', 'a 2.2.1-only connector type'],
    ['evses[0].connectors[0].power_type', 'AC_2_PHASE_SPLIT', 'a 2.2.1-only power type'],
    ['evses[0].capabilities[0]', 'PED_TERMINAL', 'a 2.2.1-only capability'],
    ['facilities[0]', 'METRO_STATION', 'a 2.2.1-only facility'],
  ])('%s = %p (%s): 2.2.1 accepts, 2.1.1 refuses', (path, value) => {
    expect(validateLocation('2.2.1', withPath(v221(), path, value))).toMatchObject({ ok: true });
    expect(issuesOf(validateLocation('2.1.1', withPath(v211(), path, value)))).toEqual([{ path, reason: expect.any(String) }]);
  });

  it.each([
    ['evses[0].uid', 'x'.repeat(39), 'string(39) in 2.1.1, CiString(36) in 2.2.1'],
    ['id', 'x'.repeat(39), 'string(39) in 2.1.1, CiString(36) in 2.2.1'],
    ['opening_times.exceptional_closings[0].period_begin', '2024-12-24T22:00Z', 'minute precision is ISO 8601, not in the 2.2.1 patterns'],
  ])('%s = %p (%s): 2.1.1 accepts, 2.2.1 refuses', (path, value) => {
    expect(validateLocation('2.1.1', withPath(v211(), path, value))).toMatchObject({ ok: true });
    expect(issuesOf(validateLocation('2.2.1', withPath(v221(), path, value)))).toEqual([{ path, reason: expect.any(String) }]);
  });

  it('2.2.1 strings refuse control characters; CiStrings stay ASCII', () => {
    expect(issuesOf(validateLocation('2.2.1', withPath(v221(), 'name', 'Line\nbreak')))).toEqual([{ path: 'name', reason: 'must not contain control characters (CR, LF, TAB…)' }]);
    expect(issuesOf(validateLocation('2.2.1', withPath(v221(), 'name', 'Tab\there')))).toEqual([{ path: 'name', reason: 'must not contain control characters (CR, LF, TAB…)' }]);
    expect(issuesOf(validateLocation('2.2.1', withPath(v221(), 'evses[0].evse_id', 'FR*ABC*É1')))).toEqual([
      { path: 'evses[0].evse_id', reason: 'must contain only printable ASCII characters' },
    ]);
    expect(issuesOf(validateLocation('2.1.1', withPath(v211(), 'name', 'Line\nbreak')))).toEqual([{ path: 'name', reason: 'must contain only printable ASCII characters' }]);
  });

  it('2.2.1 counts characters, not UTF-16 units, in string(n)', () => {
    expect(validateLocation('2.2.1', withPath(v221(), 'city', '🔌'.repeat(45)))).toMatchObject({ ok: true });
    expect(issuesOf(validateLocation('2.2.1', withPath(v221(), 'city', '🔌'.repeat(46))))).toEqual([{ path: 'city', reason: 'must be at most 45 characters long' }]);
  });

  it('GeoLocation keeps both the string(n) length and the regex: 7 decimals of a negative two-digit latitude is 11 characters', () => {
    expect(issuesOf(validateLocation('2.2.1', withPath(v221(), 'coordinates.latitude', '-21.1151410')))).toEqual([
      { path: 'coordinates.latitude', reason: 'must be at most 10 characters long' },
    ]);
    expect(validateLocation('2.2.1', withPath(v221(), 'coordinates.latitude', '-21.115141'))).toMatchObject({ ok: true });
  });

  it('enum values are case-sensitive (IEC_60309_2_single_16)', () => {
    expect(validateLocation('2.2.1', withPath(v221(), 'evses[0].connectors[0].standard', 'IEC_60309_2_single_16'))).toMatchObject({ ok: true });
    expect(validateLocation('2.1.1', withPath(v211(), 'evses[0].connectors[0].standard', 'IEC_60309_2_single_16'))).toMatchObject({ ok: true });
    expect(validateLocation('2.2.1', withPath(v221(), 'evses[0].connectors[0].standard', 'IEC_60309_2_SINGLE_16'))).toMatchObject({ ok: false });
    expect(validateLocation('2.2.1', withPath(v221(), 'evses[0].status', 'available'))).toMatchObject({ ok: false });
  });

  it('2.1.1 type and 2.2.1 parking_type do not share all values', () => {
    expect(issuesOf(validateLocation('2.2.1', withPath(v221(), 'parking_type', 'OTHER')))).toEqual([{ path: 'parking_type', reason: expect.stringMatching(/^must be one of /) }]);
    expect(issuesOf(validateLocation('2.1.1', withPath(v211(), 'type', 'ON_DRIVEWAY')))).toEqual([{ path: 'type', reason: expect.stringMatching(/^must be one of /) }]);
  });
});

describe('Hours', () => {
  const regular = [{ weekday: 1, period_begin: '08:00', period_end: '20:00' }];
  const hours = (version: '2.1.1' | '2.2.1', value: unknown) => issuesOf(validateLocation(version, withPath(FIXTURES[version](), 'opening_times', value)));

  it.each([
    [{ twentyfourseven: true }, []],
    [{ twentyfourseven: true, regular_hours: [] }, []],
    [{ regular_hours: regular }, []],
    [{ regular_hours: regular, twentyfourseven: false }, []],
    [{}, [{ path: 'opening_times.regular_hours', reason: 'required unless twentyfourseven is true (Hours is a choice)' }]],
    [{ twentyfourseven: false }, [{ path: 'opening_times.regular_hours', reason: 'required unless twentyfourseven is true (Hours is a choice)' }]],
    [{ regular_hours: [] }, [{ path: 'opening_times.regular_hours', reason: 'required unless twentyfourseven is true (Hours is a choice)' }]],
    [{ twentyfourseven: true, regular_hours: regular }, [{ path: 'opening_times.regular_hours', reason: 'must be empty when twentyfourseven is true (Hours is a choice)' }]],
  ])('2.1.1 is a choice: %j', (value, expected) => {
    expect(hours('2.1.1', value)).toEqual(expected);
  });

  it.each([
    [{ twentyfourseven: true }, []],
    [{ twentyfourseven: true, regular_hours: null }, []],
    [{ twentyfourseven: false, regular_hours: regular }, []],
    [{ regular_hours: regular }, [{ path: 'opening_times.twentyfourseven', reason: 'required' }]],
    [{ twentyfourseven: false }, [{ path: 'opening_times.regular_hours', reason: 'required (at least one entry) when twentyfourseven is false' }]],
    [{ twentyfourseven: false, regular_hours: [] }, [{ path: 'opening_times.regular_hours', reason: 'required (at least one entry) when twentyfourseven is false' }]],
    [{ twentyfourseven: true, regular_hours: regular }, [{ path: 'opening_times.regular_hours', reason: 'must be empty when twentyfourseven is true' }]],
    [
      { twentyfourseven: true, regular_hours: [{ weekday: 0, period_begin: '08:00', period_end: '20:00' }] },
      [
        { path: 'opening_times.regular_hours', reason: 'must be empty when twentyfourseven is true' },
        { path: 'opening_times.regular_hours[0].weekday', reason: 'must be between 1 and 7' },
      ],
    ],
  ])('2.2.1 always states twentyfourseven: %j', (value, expected) => {
    expect(hours('2.2.1', value)).toEqual(expected);
  });
});

describe('2.2.1 publication', () => {
  const unpublished = (allowed: unknown) => ({ ...sampleLocationV221(), publish: false, publish_allowed_to: allowed });

  it.each([[[{ uid: '012345678', type: 'RFID' }]], [[{ visual_number: 'NL-TNM-012345', issuer: 'TNM' }]], [[{ group_id: 'G1' }]], [[]], [null]])(
    'accepts publish_allowed_to %j with publish false',
    (allowed) => {
      expect(validateLocation('2.2.1', unpublished(allowed))).toMatchObject({ ok: true });
    },
  );

  it.each([
    [{}, [{ path: 'publish_allowed_to[0].uid', reason: 'required unless visual_number or group_id is set' }]],
    [{ uid: '012345678' }, [{ path: 'publish_allowed_to[0].type', reason: 'required when uid is set' }]],
    [{ visual_number: 'NL-TNM-012345' }, [{ path: 'publish_allowed_to[0].issuer', reason: 'required when visual_number is set' }]],
    [{ uid: '012345678', type: 'BADGE' }, [{ path: 'publish_allowed_to[0].type', reason: 'must be one of AD_HOC_USER, APP_USER, OTHER, RFID' }]],
    [{ group_id: 'x'.repeat(37) }, [{ path: 'publish_allowed_to[0].group_id', reason: 'must be at most 36 characters long' }]],
  ])('reports the PublishTokenType %j', (token, expected) => {
    expect(issuesOf(validateLocation('2.2.1', unpublished([token])))).toEqual(expected);
  });

  it('refuses publish_allowed_to on a published Location', () => {
    const body = { ...sampleLocationV221(), publish_allowed_to: [{ group_id: 'G1' }] };
    expect(issuesOf(validateLocation('2.2.1', body))).toEqual([{ path: 'publish_allowed_to', reason: 'may only be set when publish is false' }]);
  });
});

describe('validateEvse and validateConnector', () => {
  it('validate one level, with paths relative to it', () => {
    expect(validateEvse('2.2.1', sampleEvseV221())).toMatchObject({ ok: true });
    expect(validateConnector('2.2.1', sampleConnectorV221())).toMatchObject({ ok: true });
    expect(issuesOf(validateEvse('2.2.1', withPath(sampleEvseV221(), 'connectors[1].max_voltage', '230')))).toEqual([{ path: 'connectors[1].max_voltage', reason: 'must be an integer' }]);
    expect(issuesOf(validateConnector('2.2.1', withPath(sampleConnectorV221(), 'tariff_ids', ['T1', 5])))).toEqual([{ path: 'tariff_ids[1]', reason: 'must be a string' }]);
  });

  it('use the version given', () => {
    const evse211 = (sampleLocationV211().evses as unknown[])[0];
    expect(validateEvse('2.1.1', evse211)).toMatchObject({ ok: true });
    expect(issuesOf(validateEvse('2.2.1', evse211))).toContainEqual({ path: 'connectors[0].max_voltage', reason: 'required' });
  });
});

describe('validateLocationPatch', () => {
  it.each([
    ['evse', '2.2.1', { status: 'CHARGING', last_updated: '2019-06-24T12:39:09Z' }],
    ['evse', '2.1.1', { status: 'CHARGING' }],
    ['connector', '2.2.1', { tariff_ids: ['15'], last_updated: '2019-06-24T12:39:09Z' }],
    ['connector', '2.1.1', { tariff_id: '15' }],
    ['location', '2.2.1', { name: 'Gent Zuid', last_updated: '2019-06-24T12:39:09Z' }],
    ['location', '2.1.1', { name: 'Gent Zuid' }],
    ['location', '2.1.1', {}],
    ['evse', '2.2.1', { status: 'REMOVED', last_updated: '2019-06-24T12:39:09Z' }],
    ['location', '2.2.1', { evses: [sampleEvseV221()], last_updated: '2019-06-24T12:39:09Z' }],
  ] as const)('accepts the %s PATCH (%s) %j', (level, version, body) => {
    expect(validateLocationPatch(level, version, body)).toEqual({ ok: true, value: body });
  });

  it.each([
    ['evse', '2.2.1', { status: 'CHARGING' }, [{ path: 'last_updated', reason: 'required' }]],
    ['location', '2.2.1', {}, [{ path: 'last_updated', reason: 'required' }]],
    ['evse', '2.1.1', { status: 'CHARGED' }, [{ path: 'status', reason: expect.stringMatching(/^must be one of /) }]],
    ['evse', '2.1.1', { status: null }, [{ path: 'status', reason: 'required' }]],
    ['connector', '2.2.1', { max_voltage: 230.5, last_updated: '2019-06-24T12:39:09Z' }, [{ path: 'max_voltage', reason: 'must be an integer' }]],
    ['location', '2.2.1', { owner: { website: 'https://x.example' }, last_updated: '2019-06-24T12:39:09Z' }, [{ path: 'owner.name', reason: 'required' }]],
    ['evse', '2.2.1', { connectors: [], last_updated: '2019-06-24T12:39:09Z' }, [{ path: 'connectors', reason: 'must contain at least 1 element' }]],
  ] as const)('reports the %s PATCH (%s) %j', (level, version, body, expected) => {
    expect(issuesOf(validateLocationPatch(level, version, body))).toEqual(expected);
  });
});

describe('garbage in: every validator answers, none throws', () => {
  let deep: unknown = 'bottom';
  for (let depth = 0; depth < 20000; depth++) deep = [deep];
  const INPUTS: unknown[] = [
    null,
    undefined,
    0,
    -0.5,
    'Location',
    '',
    true,
    [],
    [sampleLocationV221()],
    {},
    { evses: 'x' },
    { evses: [null, 1, 'a', [], { connectors: {} }, { connectors: [null, [], { tariff_ids: {} }] }] },
    { owner: 5, operator: [], evses: [{ evse_id: 5, status: 'REMOVED', capabilities: {}, connectors: 'none' }] },
    { id: deep, evses: deep, coordinates: deep, extension: deep },
    JSON.parse('{"__proto__": {"id": "L1"}, "constructor": {"prototype": {}}, "evses": [{"__proto__": []}]}'),
    { ...sampleLocationV221(), evses: [{ ...sampleEvseV221(), connectors: Array.from({ length: 1000 }, () => ({})) }] },
  ];
  const options = [{}, { profile: 'gireve', emi3OperatorId: 'FR*ABC' }] as const;

  it.each(INPUTS.map((input, index) => [index, input]))('input #%i', (_, input) => {
    for (const version of ['2.1.1', '2.2.1'] as const) {
      for (const option of options) {
        const full = [validateLocation(version, input, option), validateEvse(version, input, option), validateConnector(version, input, option)];
        // A PATCH may be fine with what it does not know ({} is a valid 2.1.1 PATCH): only its answer's shape is checked.
        const patches = (['location', 'evse', 'connector'] as const).map((level) => validateLocationPatch(level, version, input, option));
        expect(full.map((result) => result.ok)).toEqual([false, false, false]);
        for (const result of [...full, ...patches]) {
          const errors = result.ok ? [] : result.errors;
          expect(result.ok || errors.length > 0).toBe(true);
          expect(errors.every(({ path, reason }) => typeof path === 'string' && typeof reason === 'string' && !reason.startsWith('could not'))).toBe(true);
        }
      }
    }
  });
});
