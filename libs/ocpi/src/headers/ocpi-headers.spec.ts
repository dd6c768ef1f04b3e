import { buildRequestHeaders, buildResponseHeaders, parseRoutingHeaders } from './ocpi-headers';

const CPO = { country_code: 'FR', party_id: 'ABC' };
const IOP = { country_code: 'FR', party_id: '007' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(buildRequestHeaders.name, () => {
  it('2.2.1 functional module: new request ID, correlation ID, FROM us, TO the receiver', () => {
    const headers = buildRequestHeaders('2.2.1', { module: 'locations', from: CPO, to: IOP, correlationId: 'flow-1' });
    expect(headers).toEqual({
      'X-Request-ID': expect.stringMatching(UUID),
      'X-Correlation-ID': 'flow-1',
      'OCPI-from-country-code': 'FR',
      'OCPI-from-party-id': 'ABC',
      'OCPI-to-country-code': 'FR',
      'OCPI-to-party-id': '007',
    });
  });

  it('makes a new request ID every time, and a new correlation ID when none is given', () => {
    const first = buildRequestHeaders('2.2.1', { module: 'locations', from: CPO, to: IOP });
    const second = buildRequestHeaders('2.2.1', { module: 'locations', from: CPO, to: IOP });
    expect(first['X-Request-ID']).not.toBe(second['X-Request-ID']);
    expect(first['X-Correlation-ID']).toMatch(UUID);
    expect(first['X-Correlation-ID']).not.toBe(second['X-Correlation-ID']);
  });

  it.each(['credentials', 'versions', 'hubclientinfo'])('puts no routing headers on the configuration module %s', (module) => {
    expect(Object.keys(buildRequestHeaders('2.2.1', { module, from: CPO, to: IOP }))).toEqual(['X-Request-ID', 'X-Correlation-ID']);
  });

  it('leaves TO out for an Open Routing Request', () => {
    expect(Object.keys(buildRequestHeaders('2.2.1', { module: 'tokens', from: CPO }))).toEqual(['X-Request-ID', 'X-Correlation-ID', 'OCPI-from-country-code', 'OCPI-from-party-id']);
  });

  it('adds nothing in 2.1.1, which defines none of these headers', () => {
    expect(buildRequestHeaders('2.1.1', { module: 'locations', from: CPO, to: IOP })).toEqual({});
  });
});

describe(buildResponseHeaders.name, () => {
  const request = {
    'x-request-id': 'req-1',
    'x-correlation-id': 'corr-1',
    'ocpi-from-country-code': 'FR',
    'ocpi-from-party-id': '007',
    'ocpi-to-country-code': 'FR',
    'ocpi-to-party-id': 'ABC',
  };

  it('echoes both IDs and swaps the parties: TO the requester, FROM the party asked', () => {
    expect(buildResponseHeaders(request, { module: 'locations' })).toEqual({
      'X-Request-ID': 'req-1',
      'X-Correlation-ID': 'corr-1',
      'OCPI-from-country-code': 'FR',
      'OCPI-from-party-id': 'ABC',
      'OCPI-to-country-code': 'FR',
      'OCPI-to-party-id': '007',
    });
  });

  it('reads header names in any case', () => {
    const upper = { 'X-Request-ID': 'req-2', 'X-Correlation-ID': ['corr-2'], 'OCPI-From-Country-Code': 'BE', 'OCPI-FROM-PARTY-ID': 'BEC' };
    expect(buildResponseHeaders(upper, { module: 'locations', self: CPO })).toMatchObject({
      'X-Request-ID': 'req-2',
      'X-Correlation-ID': 'corr-2',
      'OCPI-to-party-id': 'BEC',
      'OCPI-from-party-id': 'ABC',
    });
  });

  it('answers an Open Routing Request (no TO) FROM ourselves', () => {
    const { 'ocpi-to-country-code': _, 'ocpi-to-party-id': __, ...open } = request;
    expect(buildResponseHeaders(open, { module: 'locations', self: CPO })).toMatchObject({ 'OCPI-from-country-code': 'FR', 'OCPI-from-party-id': 'ABC', 'OCPI-to-party-id': '007' });
  });

  it('keeps only the IDs on configuration modules', () => {
    expect(buildResponseHeaders(request, { module: 'versions', self: CPO })).toEqual({ 'X-Request-ID': 'req-1', 'X-Correlation-ID': 'corr-1' });
  });

  it('makes IDs when the request had none', () => {
    expect(buildResponseHeaders({}, { module: 'credentials' })).toEqual({ 'X-Request-ID': expect.stringMatching(UUID), 'X-Correlation-ID': expect.stringMatching(UUID) });
  });
});

describe(parseRoutingHeaders.name, () => {
  it('ignores malformed or half-given parties', () => {
    expect(parseRoutingHeaders({ 'ocpi-from-country-code': 'FRA', 'ocpi-from-party-id': 'ABC', 'ocpi-to-country-code': 'FR' })).toEqual({ from: undefined, to: undefined });
    expect(parseRoutingHeaders({ 'ocpi-from-country-code': 'fr', 'ocpi-from-party-id': 'abc' })).toEqual({ from: { country_code: 'fr', party_id: 'abc' }, to: undefined });
  });
});
