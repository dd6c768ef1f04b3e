import { HttpException } from '@nestjs/common';
import { OcpiStatusCode } from '@app/ocpi';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { of } from 'rxjs';
import type { LocationsApiSettings } from '../locations-api.settings';
import { RoutingHeadersInterceptor } from './routing-headers.interceptor';

const interceptor = new RoutingHeadersInterceptor({ CPO_COUNTRY_CODE: 'FR', CPO_PARTY_ID: 'ABC' } as LocationsApiSettings);

/** Runs the interceptor on a Locations request with these headers; returns the response headers it set. */
function intercept(version: string, headers: Record<string, string>): Record<string, string> {
  const set: Record<string, string> = {};
  const http = { getRequest: () => ({ params: { version }, headers }), getResponse: () => ({ setHeader: (name: string, value: string) => (set[name] = value) }) };
  const next: CallHandler = { handle: () => of(null) };
  interceptor.intercept({ switchToHttp: () => http } as unknown as ExecutionContext, next);
  return set;
}

const from = { 'ocpi-from-country-code': 'FR', 'ocpi-from-party-id': '007' };

describe(RoutingHeadersInterceptor.name, () => {
  it('answers a request addressed to this CPO (compared case-insensitively), FROM us and TO its sender', () => {
    expect(intercept('2.2.1', { ...from, 'ocpi-to-country-code': 'fr', 'ocpi-to-party-id': 'abc' })).toMatchObject({ 'OCPI-to-party-id': '007' });
    expect(intercept('2.2.1', from)).toMatchObject({ 'OCPI-from-country-code': 'FR', 'OCPI-from-party-id': 'ABC' });
  });

  it('refuses with OCPI 2001 a 2.2.1 request whose OCPI-to names another party', () => {
    expect(() => intercept('2.2.1', { ...from, 'ocpi-to-country-code': 'FR', 'ocpi-to-party-id': 'XYZ' })).toThrow(
      expect.objectContaining({ ocpiStatus: OcpiStatusCode.INVALID_OR_MISSING_PARAMETERS, message: 'OCPI-to FR/XYZ is not this CPO (FR/ABC)' }),
    );
    expect(() => intercept('2.2.1', { ...from, 'ocpi-to-country-code': 'BE', 'ocpi-to-party-id': 'ABC' })).toThrow(/OCPI-to BE\/ABC is not this CPO/);
    // A parameter error inside the OCPI layer: HTTP 200 (OCPI 2.2.1 status_codes).
    const refusal = (() => {
      try {
        return intercept('2.2.1', { ...from, 'ocpi-to-country-code': 'FR', 'ocpi-to-party-id': 'XYZ' });
      } catch (error) {
        return error as HttpException;
      }
    })();
    expect((refusal as HttpException).getStatus()).toBe(200);
  });

  it('leaves 2.1.1 alone, which has no routing headers', () => {
    expect(intercept('2.1.1', { ...from, 'ocpi-to-country-code': 'FR', 'ocpi-to-party-id': 'XYZ' })).toEqual({});
  });
});
