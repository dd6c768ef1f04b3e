import 'reflect-metadata';
import { sampleConnectorV221, sampleLocationV211, sampleLocationV221 } from '@app/ocpi/fixtures/location.fixtures';
import { REMOVE, withPath } from '@app/ocpi/fixtures/json-path';
import { LocationsApiSettings } from '../locations-api.settings';
import { OcpiLocationFormat } from './ocpi-location-format';

const STAMP = '2026-01-01T00:00:00Z';

function format(servedVersions: string): OcpiLocationFormat {
  return new OcpiLocationFormat(Object.assign(new LocationsApiSettings(), { OCPI_SERVED_VERSIONS: servedVersions }));
}

describe('OcpiLocationFormat.check', () => {
  const noPostalCode = withPath(sampleLocationV221(), 'postal_code', REMOVE);

  it('refuses a Location that cannot be served in 2.1.1 while 2.1.1 is served, naming the version', () => {
    expect(format('2.2.1,2.1.1').check(noPostalCode, '2.2.1', STAMP)).toEqual({ ok: false, errors: [{ path: 'postal_code', reason: 'in OCPI 2.1.1 (served): required' }] });
  });

  it('accepts it when only 2.2.1 is served', () => {
    expect(format('2.2.1').check(noPostalCode, '2.2.1', STAMP)).toMatchObject({ ok: true });
  });

  it('checks the 2.1.1 view when 2.1.1 alone is served', () => {
    const gbtOnly = withPath(sampleLocationV221(), 'evses[1].connectors', [{ ...sampleConnectorV221(1), standard: 'GBT_AC' }]);
    expect(format('2.1.1').check(gbtOnly, '2.2.1', STAMP)).toEqual({
      ok: false,
      errors: [{ path: 'evses[1].connectors', reason: 'in OCPI 2.1.1 (served): none of its connector standards (GBT_AC) exists in 2.1.1, so the EVSE would be left out' }],
    });
  });
});

describe('OcpiLocationFormat.check: fields outside the OCPI model', () => {
  it('refuses them at any depth of a 2.2.1 Location, each by its path', () => {
    let input = { ...sampleLocationV221(), gireve_id: 'G1' };
    input = withPath(input, 'evses[1].floor', '-2');
    input = withPath(input, 'evses[0].connectors[1].tarif_id', 'T1');
    input = withPath(input, 'opening_times.regular_hours[0].note', 'lunch');
    expect(format('2.2.1,2.1.1').check(input, '2.2.1', STAMP)).toEqual({
      ok: false,
      errors: [
        { path: 'gireve_id', reason: 'unknown field' },
        { path: 'evses[0].connectors[1].tarif_id', reason: 'unknown field' },
        { path: 'evses[1].floor', reason: 'unknown field' },
        { path: 'opening_times.regular_hours[0].note', reason: 'unknown field' },
      ],
    });
  });

  it('refuses a 2.2.1-only field in a 2.1.1 Location, unknown in that version', () => {
    const input = withPath(withPath(sampleLocationV211(), 'publish', true), 'evses[0].connectors[0].max_voltage', 230);
    expect(format('2.2.1,2.1.1').check(input, '2.1.1', STAMP)).toEqual({
      ok: false,
      errors: [
        { path: 'publish', reason: 'unknown field' },
        { path: 'evses[0].connectors[0].max_voltage', reason: 'unknown field' },
      ],
    });
  });
});
