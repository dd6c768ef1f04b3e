import { FIXTURE_EMI3_OPERATOR_ID, sampleConnectorV221, sampleEvseV221, sampleLocationV211, sampleLocationV221 } from '../fixtures/location.fixtures';
import { REMOVE, withPath } from '../fixtures/json-path';
import type { LocationV211 } from '../v2-1-1/location/location.dto';
import type { LocationV221 } from '../v2-2-1/location/location.dto';
import { toAsciiText, withAsciiText } from './ascii-text';
import { toV211, toV211Connector, toV211Evse, toV211Patch } from './to-v211';
import { toV221, toV221Connector, toV221Evse, toV221Patch } from './to-v221';
import { validateLocation } from './validate-location';

const DEFAULTS = { country_code: 'FR', party_id: 'ABC', time_zone: 'Europe/Paris' };
const GIREVE = { profile: 'gireve', emi3OperatorId: FIXTURE_EMI3_OPERATOR_ID } as const;

/** The 2.2.1 fixture restricted to what 2.1.1 can carry: ASCII text, one tariff per connector, no max_electric_power. */
function representableV221(): Record<string, unknown> {
  const location = sampleLocationV221({ evses: 3 });
  for (const evse of location.evses as Record<string, unknown>[]) {
    for (const connector of evse.connectors as Record<string, unknown>[]) delete connector.max_electric_power;
  }
  return JSON.parse(toAsciiText(JSON.stringify(location))) as Record<string, unknown>;
}

describe('toV211', () => {
  it('converts the 2.2.1 fixture into the 2.1.1 fixture, valid for 2.1.1 and GIREVE', () => {
    const converted = toV211(sampleLocationV221({ evses: 3 }) as unknown as LocationV221);
    expect(converted).toEqual(sampleLocationV211({ evses: 3 }));
    expect(validateLocation('2.1.1', converted, GIREVE)).toMatchObject({ ok: true });
  });

  it.each([
    ['five decimals', '48.85661', '2.35222', '48.856610', '2.352220'],
    ['seven decimals', '48.8566131', '-2.3522219', '48.856613', '-2.352222'],
  ])('writes coordinates with exactly 6 decimals from %s, as 2.1.1 requires', (_, latitude, longitude, latitude6, longitude6) => {
    const input = sampleLocationV221({ evses: 1 }) as Record<string, unknown>;
    input.coordinates = { latitude, longitude };
    input.related_locations = [{ latitude, longitude, name: { language: 'fr', text: 'Entrée' } }];
    (input.evses as Record<string, unknown>[])[0]!.coordinates = { latitude, longitude };
    const converted = toV211(input) as Record<string, any>;
    expect(converted.coordinates).toEqual({ latitude: latitude6, longitude: longitude6 });
    expect(converted.related_locations[0]).toMatchObject({ latitude: latitude6, longitude: longitude6 });
    expect(converted.evses[0].coordinates).toEqual({ latitude: latitude6, longitude: longitude6 });
    expect(validateLocation('2.1.1', converted, GIREVE)).toMatchObject({ ok: true });
  });

  it('leaves its input untouched', () => {
    const input = sampleLocationV221();
    const before = structuredClone(input);
    toV211(input);
    toV221(sampleLocationV211(), DEFAULTS);
    expect(input).toEqual(before);
  });

  it.each([
    ['ALONG_MOTORWAY', 'OTHER'],
    ['ON_DRIVEWAY', 'OTHER'],
    ['ON_STREET', 'ON_STREET'],
    ['PARKING_GARAGE', 'PARKING_GARAGE'],
    ['PARKING_LOT', 'PARKING_LOT'],
    ['UNDERGROUND_GARAGE', 'UNDERGROUND_GARAGE'],
    [REMOVE, 'UNKNOWN'],
    [null, 'UNKNOWN'],
  ])('maps parking_type %p to type %s', (parkingType, type) => {
    expect(toV211(withPath(sampleLocationV221(), 'parking_type', parkingType)).type).toBe(type);
  });

  it('fills postal_code, which 2.1.1 requires, from the defaults (else leaves it absent, for validation to report)', () => {
    const noPostalCode = withPath(sampleLocationV221(), 'postal_code', REMOVE);
    expect(toV211(noPostalCode)).not.toHaveProperty('postal_code');
    expect(toV211(withPath(sampleLocationV221(), 'postal_code', null))).not.toHaveProperty('postal_code');
    expect(toV211(noPostalCode, { postal_code: '00000' }).postal_code).toBe('00000');
  });

  it('drops the connectors whose standard 2.1.1 lacks, and the EVSEs left without connectors', () => {
    let location = withPath(sampleLocationV221({ evses: 2 }), 'evses[0].connectors[0].standard', 'GBT_AC');
    location = withPath(location, 'evses[1].connectors', [{ ...sampleConnectorV221(1), standard: 'NEMA_14_50' }]);
    const evses = toV211(location).evses as Record<string, unknown>[];
    expect(evses.map((evse) => evse.uid)).toEqual(['EVSE-1']);
    expect((evses[0].connectors as Record<string, unknown>[]).map((connector) => connector.id)).toEqual(['2']);
  });

  it('turns UTF-8 text into printable ASCII without making it longer', () => {
    expect(toAsciiText('Boulevard Saint-Étienne – l’Œuf « ici » 🔌')).toBe('Boulevard Saint-Etienne - l\'?uf " ici " ?');
    const converted = toV211(withPath(sampleLocationV221(), 'name', 'Crèche Ærø'));
    expect(converted.name).toBe('Creche ?r?');
  });

  it('copies a JSON value with its strings made ASCII, leaving the input and every prototype alone', () => {
    const input = JSON.parse('{"name":"Crèche","evses":[{"uid":"É-1","max":3,"ok":true,"none":null}],"__proto__":{"polluted":"Œ"}}') as Record<string, unknown>;
    const copy = withAsciiText(input);
    expect(copy).toEqual(JSON.parse('{"name":"Creche","evses":[{"uid":"E-1","max":3,"ok":true,"none":null}],"__proto__":{"polluted":"?"}}'));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['name', 'evses', '__proto__']);
    expect(input.name).toBe('Crèche');
  });

  it('shares what is already ASCII with the input, and copies each object or array on the way to a changed string', () => {
    const input = JSON.parse('{"name":"Gare","operator":{"name":"ACME"},"evses":[{"uid":"A"},{"uid":"É"}],"images":[]}') as Record<string, unknown>;
    const ascii = withAsciiText(input);
    expect(ascii).toEqual({ name: 'Gare', operator: { name: 'ACME' }, evses: [{ uid: 'A' }, { uid: 'E' }], images: [] });
    expect(ascii).not.toBe(input);
    expect(ascii.operator).toBe(input.operator);
    expect(ascii.images).toBe(input.images);
    const [first, second] = ascii.evses as unknown[];
    expect(first).toBe((input.evses as unknown[])[0]);
    expect(second).not.toBe((input.evses as unknown[])[1]);
    expect(input.evses).toEqual([{ uid: 'A' }, { uid: 'É' }]);
    expect(withAsciiText(input.operator)).toBe(input.operator);
  });
});

describe('toV221', () => {
  it('converts the 2.1.1 fixture into a valid stored Location', () => {
    const converted = toV221(sampleLocationV211({ evses: 2 }) as unknown as LocationV211, DEFAULTS);
    expect(converted).toMatchObject({ country_code: 'FR', party_id: 'ABC', publish: true, parking_type: 'UNDERGROUND_GARAGE', time_zone: 'Europe/Paris' });
    expect(converted).not.toHaveProperty('type');
    expect(validateLocation('2.2.1', converted, GIREVE)).toMatchObject({ ok: true });
  });

  it.each([
    ['ON_STREET', 'ON_STREET'],
    ['PARKING_GARAGE', 'PARKING_GARAGE'],
    ['UNDERGROUND_GARAGE', 'UNDERGROUND_GARAGE'],
    ['PARKING_LOT', 'PARKING_LOT'],
    ['OTHER', undefined],
    ['UNKNOWN', undefined],
  ])('maps type %s to parking_type %p', (type, parkingType) => {
    expect(toV221(withPath(sampleLocationV211(), 'type', type), DEFAULTS).parking_type).toBe(parkingType);
  });

  it('takes time_zone from the Location first, then from the defaults; without either the result fails 2.2.1 validation', () => {
    expect(toV221(withPath(sampleLocationV211(), 'time_zone', 'Europe/Brussels'), DEFAULTS).time_zone).toBe('Europe/Brussels');
    const noZone = withPath(sampleLocationV211(), 'time_zone', REMOVE);
    expect(toV221(noZone, DEFAULTS).time_zone).toBe('Europe/Paris');
    const converted = toV221(noZone, { country_code: 'FR', party_id: 'ABC' });
    expect(validateLocation('2.2.1', converted)).toEqual({ ok: false, errors: [{ path: 'time_zone', reason: 'required' }] });
  });

  it('publishes by default (2.1.1 has no publication control); the defaults may say otherwise', () => {
    expect(toV221(sampleLocationV211(), DEFAULTS).publish).toBe(true);
    expect(toV221(sampleLocationV211(), { ...DEFAULTS, publish: false }).publish).toBe(false);
  });

  it('reads an empty 2.1.1 postal_code as "no postal code"', () => {
    expect(toV221(withPath(sampleLocationV211(), 'postal_code', ''), DEFAULTS)).not.toHaveProperty('postal_code');
  });

  it('turns tariff_id into a one-element tariff_ids', () => {
    const converted = toV221(sampleLocationV211(), DEFAULTS) as unknown as LocationV221;
    expect(converted.evses?.[0].connectors[0].tariff_ids).toEqual(['TARIFF-AC']);
  });
});

describe('round trips', () => {
  it('221 → 211 → 221 gives back every field 2.1.1 can carry', () => {
    const original = representableV221();
    expect(toV221(toV211(original), DEFAULTS)).toEqual(original);
  });

  it('211 → 221 → 211 gives back the 2.1.1 Location', () => {
    const original = sampleLocationV211({ evses: 3 });
    expect(toV211(toV221(original, DEFAULTS))).toEqual(original);
  });

  it('carries extension fields (gireve_id) both ways', () => {
    const original = { ...representableV221(), gireve_id: 'GIR-1' };
    expect(toV211(original).gireve_id).toBe('GIR-1');
    expect(toV221(toV211(original), DEFAULTS)).toEqual(original);
  });

  it.each([
    ['twentyfourseven', { twentyfourseven: true, exceptional_closings: [{ period_begin: '2024-12-24T22:00:00Z', period_end: '2024-12-25T08:00:00Z' }] }],
    ['regular hours', { twentyfourseven: false, regular_hours: [{ weekday: 1, period_begin: '08:00', period_end: '20:00' }] }],
  ])('keeps opening hours (%s) through the 2.1.1 choice', (_, hours) => {
    const original = withPath(representableV221(), 'opening_times', hours);
    const v211 = toV211(original);
    expect(validateLocation('2.1.1', v211)).toMatchObject({ ok: true });
    expect(toV221(v211, DEFAULTS)).toEqual(original);
  });

  /** What 2.1.1 cannot carry: each field as it comes back after 221 → 211 → 221 (README, "Lost on the way"). */
  it.each([
    ['publish', false, true],
    ['state', 'Île-de-France', REMOVE],
    ['parking_type', 'ALONG_MOTORWAY', REMOVE],
    ['parking_type', 'ON_DRIVEWAY', REMOVE],
    ['address', 'x'.repeat(60), 'x'.repeat(45)],
    ['name', 'Parking Hôtel de Ville', 'Parking Hotel de Ville'],
    ['facilities', ['MALL', 'METRO_STATION', 'TRAM_STOP', 'BIKE_SHARING', 'PARKING_LOT'], ['MALL']],
    ['evses[0].capabilities', ['RFID_READER', 'PED_TERMINAL', 'CHIP_CARD_SUPPORT', 'START_SESSION_CONNECTOR_REQUIRED'], ['RFID_READER']],
    ['evses[0].connectors[0].max_electric_power', 11000, REMOVE],
    ['evses[0].connectors[0].tariff_ids', ['T1', 'T2'], ['T1']],
    ['evses[0].connectors[0].power_type', 'AC_2_PHASE', 'AC_1_PHASE'],
    ['evses[0].connectors[0].power_type', 'AC_2_PHASE_SPLIT', 'AC_1_PHASE'],
  ])('loses %s = %j (comes back as %p)', (path, value, back) => {
    const original = withPath(representableV221(), path, value);
    const roundTrip = toV221(toV211(original), DEFAULTS);
    expect(roundTrip).not.toEqual(original);
    expect(roundTrip).toEqual(withPath(original, path, back));
  });

  it('loses publish_allowed_to, and the Location comes back published', () => {
    const original = { ...representableV221(), publish: false, publish_allowed_to: [{ group_id: 'G1' }] };
    expect(toV221(toV211(original), DEFAULTS)).toEqual(representableV221());
  });
});

describe('EVSE, Connector and PATCH bodies', () => {
  it('map only the fields present', () => {
    expect(toV211Evse({ status: 'CHARGING', last_updated: '2024-05-01T10:00:00Z' } as never)).toEqual({ status: 'CHARGING', last_updated: '2024-05-01T10:00:00Z' });
    expect(toV211Connector({ tariff_ids: ['15'], last_updated: '2024-05-01T10:00:00Z' } as never)).toEqual({ tariff_id: '15', last_updated: '2024-05-01T10:00:00Z' });
    expect(toV211Connector({ tariff_ids: [] } as never)).toEqual({ tariff_id: null });
    expect(toV221Connector({ tariff_id: '15' } as never)).toEqual({ tariff_ids: ['15'] });
    expect(toV221Evse({ status: 'REMOVED' } as never)).toEqual({ status: 'REMOVED' });
  });

  it('convert whole EVSEs and Connectors', () => {
    const evse = sampleEvseV221();
    const v211 = toV211Evse(evse as never);
    expect(v211).toMatchObject({
      uid: 'EVSE-1',
      connectors: [
        { voltage: 230, amperage: 32, tariff_id: 'TARIFF-AC' },
        { voltage: 500, amperage: 125, tariff_id: 'TARIFF-DC' },
      ],
    });
    expect(toV221Evse(v211 as never)).toEqual(JSON.parse(toAsciiText(JSON.stringify(withoutMaxPower(evse)))));
    expect(toV211Connector({ ...sampleConnectorV221(), standard: 'CHAOJI' } as never)).toBeNull();
    expect(toV211Evse({ ...evse, connectors: [{ ...sampleConnectorV221(), standard: 'CHAOJI' }] } as never)).toBeNull();
  });

  it('convert Location PATCH bodies without adding defaults', () => {
    expect(toV211Patch({ parking_type: 'ON_DRIVEWAY', last_updated: '2024-05-01T10:00:00Z' } as never)).toEqual({ type: 'OTHER', last_updated: '2024-05-01T10:00:00Z' });
    expect(toV211Patch({ name: 'Gare', last_updated: '2024-05-01T10:00:00Z' } as never)).toEqual({ name: 'Gare', last_updated: '2024-05-01T10:00:00Z' });
    expect(toV221Patch({ name: 'Gare' } as never, '2024-05-02T00:00:00Z')).toEqual({ name: 'Gare', last_updated: '2024-05-02T00:00:00Z' });
    expect(toV221Patch({ type: 'OTHER', last_updated: '2024-05-01T10:00:00Z' } as never, '2024-05-02T00:00:00Z')).toEqual({ parking_type: null, last_updated: '2024-05-01T10:00:00Z' });
  });
});

function withoutMaxPower(evse: Record<string, unknown>): Record<string, unknown> {
  return { ...evse, connectors: (evse.connectors as Record<string, unknown>[]).map(({ max_electric_power, ...connector }) => connector) };
}
