import { sampleConnectorV211, sampleEvseV221, sampleLocationV211, sampleLocationV221 } from '@app/ocpi/fixtures/location.fixtures';
import { type ReceivedObject, receivedObjectProblems } from './received-object-rules';

const IOP = { country_code: 'FR', party_id: '007' };
const HEADERS_221 = { 'x-request-id': 'r1', 'x-correlation-id': 'c1', 'ocpi-from-country-code': 'FR', 'ocpi-from-party-id': 'ABC', 'ocpi-to-country-code': 'FR', 'ocpi-to-party-id': '007' };

function put(version: string, body: unknown, ids: Partial<ReceivedObject> = {}, headers: Record<string, string> = HEADERS_221): ReceivedObject {
  return { method: 'PUT', version, country_code: 'FR', party_id: 'ABC', location_id: 'LOC-0001', body, headers, ...ids };
}

describe('receivedObjectProblems', () => {
  it('accepts a valid Location PUT in both versions', () => {
    expect(receivedObjectProblems(put('2.2.1', sampleLocationV221()), IOP)).toEqual([]);
    expect(receivedObjectProblems(put('2.1.1', sampleLocationV211(), {}, {}), IOP)).toEqual([]);
  });

  it("refuses what OCPI or GIREVE's profile forbids, with paths", () => {
    const location = sampleLocationV221();
    delete location.operator;
    (location.evses as Record<string, unknown>[])[0]!.evse_id = undefined;
    const problems = receivedObjectProblems(put('2.2.1', location), IOP);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^operator\.name: required by GIREVE/), expect.stringMatching(/^evses\[0\]\.evse_id: /)]));
  });

  it('refuses 2.1.1 coordinates without exactly 6 decimals, in a PUT and a PATCH (2.1.1 GeoLocation regex)', () => {
    const location = { ...sampleLocationV211(), coordinates: { latitude: '48.85661', longitude: '2.352222' } };
    expect(receivedObjectProblems(put('2.1.1', location, {}, {}), IOP)).toEqual([expect.stringMatching(/^coordinates\.latitude: must be a decimal degree with 6 decimals/)]);
    const patch: ReceivedObject = { ...put('2.1.1', { coordinates: { latitude: '48.856613', longitude: '2.3522219' } }, { evse_uid: 'EVSE-1' }, {}), method: 'PATCH' };
    expect(receivedObjectProblems(patch, IOP)).toEqual([expect.stringMatching(/^coordinates\.longitude: must be a decimal degree with 6 decimals/)]);
  });

  it('refuses ids in the body that contradict the URL', () => {
    expect(receivedObjectProblems(put('2.2.1', sampleLocationV221(), { location_id: 'OTHER' }), IOP)).toContain('id: must be OTHER, as in the URL');
    expect(receivedObjectProblems(put('2.2.1', sampleEvseV221(1), { evse_uid: 'EVSE-9' }), IOP)).toContain('uid: must be EVSE-9, as in the URL');
    expect(receivedObjectProblems(put('2.1.1', sampleConnectorV211(1), { evse_uid: 'EVSE-1', connector_id: '7' }, {}), IOP)).toContain('id: must be 7, as in the URL');
  });

  it('requires last_updated in a 2.2.1 PATCH, not in 2.1.1', () => {
    const patch = (version: string, headers: Record<string, string> = HEADERS_221): ReceivedObject => ({
      ...put(version, { status: 'CHARGING' }, { evse_uid: 'EVSE-1' }, headers),
      method: 'PATCH',
    });
    expect(receivedObjectProblems(patch('2.2.1'), IOP)).toContain('last_updated: required in a 2.2.1 PATCH');
    expect(receivedObjectProblems(patch('2.1.1', {}), IOP)).toEqual([]);
    expect(receivedObjectProblems({ ...patch('2.2.1'), body: { status: 'PLUGGED', last_updated: '2026-11-24T10:00:00Z' } }, IOP)).toEqual([expect.stringMatching(/^status: must be one of/)]);
  });

  it('requires the 2.2.1 request and routing headers, addressed to this IOP', () => {
    expect(receivedObjectProblems(put('2.2.1', sampleLocationV221(), {}, {}), IOP)).toEqual([
      'x-request-id: header required in 2.2.1',
      'x-correlation-id: header required in 2.2.1',
      'OCPI-from-country-code/OCPI-from-party-id: headers required in 2.2.1',
      'OCPI-to-country-code/OCPI-to-party-id: headers required in 2.2.1',
    ]);
    expect(receivedObjectProblems(put('2.2.1', sampleLocationV221(), {}, { ...HEADERS_221, 'ocpi-to-party-id': 'XYZ' }), IOP)).toEqual(['OCPI-to: FR/XYZ is not this IOP (FR/007)']);
  });

  it('refuses a URL whose country code and party id are no party, in a PUT and a PATCH', () => {
    const problem = 'country_code/party_id: FR/-1 in the URL is not a party (2 letters, then 3 letters or digits)';
    expect(receivedObjectProblems(put('2.1.1', sampleLocationV211(), { party_id: '-1' }), IOP)).toEqual([problem]);
    expect(receivedObjectProblems({ ...put('2.2.1', {}, { party_id: '-1' }), method: 'PATCH' }, IOP)).toEqual([problem]);
  });

  it('refuses an unknown version', () => {
    expect(receivedObjectProblems(put('2.0', {}), IOP)).toEqual(['version: 2.0 is not served (2.1.1, 2.2.1)']);
  });
});
