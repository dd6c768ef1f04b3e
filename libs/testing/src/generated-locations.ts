import { sampleConnectorV221, sampleEvseV221, sampleLocationV221 } from '@app/ocpi/fixtures/location.fixtures';
import { SeededRandom } from './fuzz/seeded-random';

type OcpiObject = Record<string, unknown>;

/** Optional fields a generated Location, EVSE or connector may go without (each left out at random). */
const OPTIONAL = {
  location: ['related_locations', 'directions', 'facilities', 'opening_times', 'images', 'energy_mix', 'charging_when_closed', 'parking_type'],
  evse: ['status_schedule', 'floor_level', 'coordinates', 'physical_reference', 'directions', 'parking_restrictions', 'images'],
  connector: ['max_electric_power', 'terms_and_conditions'],
};

/** Connector kinds that exist in both OCPI versions, as GIREVE's CPOs have them. */
const CONNECTORS: OcpiObject[] = [
  { standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_3_PHASE', max_voltage: 230, max_amperage: 32 },
  { standard: 'IEC_62196_T2', format: 'CABLE', power_type: 'AC_1_PHASE', max_voltage: 230, max_amperage: 16 },
  { standard: 'IEC_62196_T2_COMBO', format: 'CABLE', power_type: 'DC', max_voltage: 920, max_amperage: 500 },
  { standard: 'CHADEMO', format: 'CABLE', power_type: 'DC', max_voltage: 500, max_amperage: 125 },
  { standard: 'DOMESTIC_F', format: 'SOCKET', power_type: 'AC_1_PHASE', max_voltage: 230, max_amperage: 16 },
];

/**
 * `count` valid GIREVE Locations in OCPI 2.2.1, all different (seeded, so
 * every run makes the same ones): 1 to 4 EVSEs of 1 to 3 connectors of every
 * kind both versions know, coordinates with 5, 6 or 7 decimals, each optional
 * field present or not, open all day or on hours, some unpublished.
 */
export function generatedLocations(count: number, seed = 2026): OcpiObject[] {
  const random = new SeededRandom(seed, 'locations');
  return Array.from({ length: count }, (_, i) => {
    const id = `GEN-${String(i + 1).padStart(4, '0')}`;
    const location = without(sampleLocationV221(), OPTIONAL.location, random);
    const evses = Array.from({ length: 1 + random.int(4) }, (_, e) => {
      const evse = without(sampleEvseV221(e + 1), OPTIONAL.evse, random);
      const connectors = Array.from({ length: 1 + random.int(3) }, (_, c) => ({
        ...without(sampleConnectorV221(c + 1), OPTIONAL.connector, random),
        ...random.pick(CONNECTORS),
        id: String(c + 1),
      }));
      return { ...evse, uid: `${id}-${e + 1}`, evse_id: `FR*ABC*E${i + 1}*${e + 1}`, connectors };
    });
    if (location.opening_times && random.chance(0.5)) location.opening_times = { twentyfourseven: true };
    return {
      ...location,
      id,
      publish: random.chance(0.9),
      name: `Station ${id}`,
      coordinates: { latitude: decimals(48.85 + random.next() / 10, random), longitude: decimals(2.35 + random.next() / 10, random) },
      evses,
    };
  });
}

function without(object: OcpiObject, optional: readonly string[], random: SeededRandom): OcpiObject {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !optional.includes(key) || random.chance(0.5)));
}

/** A coordinate with 5, 6 or 7 decimals: 2.2.1 takes all three, 2.1.1 needs exactly 6 (toV211 pads or rounds). */
function decimals(value: number, random: SeededRandom): string {
  return value.toFixed(5 + random.int(3));
}
