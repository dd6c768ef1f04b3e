import 'reflect-metadata';
import { OcpiStatusCode } from '@app/ocpi';
import { LocationsApiSettings } from '../locations-api.settings';
import { OcpiHttpException } from './ocpi-http.exception';
import { OcpiVersionPipe } from './ocpi-version.pipe';

describe('OcpiVersionPipe', () => {
  const pipe = new OcpiVersionPipe(Object.assign(new LocationsApiSettings(), { OCPI_SERVED_VERSIONS: '2.2.1' }));

  it('passes a served version', () => {
    expect(pipe.transform('2.2.1')).toBe('2.2.1');
  });

  it.each([['2.1.1'], ['2.0']])('answers %s, not served, with 404 and OCPI 3002', (version) => {
    expect(() => pipe.transform(version)).toThrow(expect.objectContaining({ constructor: OcpiHttpException, status: 404, ocpiStatus: OcpiStatusCode.UNSUPPORTED_VERSION }));
  });
});
