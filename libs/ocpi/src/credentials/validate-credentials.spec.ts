import { REMOVE, withPath } from '../fixtures/json-path';
import { validateCredentials } from './validate-credentials';

const V211 = {
  token: 'ebf3b399-779f-4497-9b9d-ac6ad3cc44d2',
  url: 'https://cpo.example.com/ocpi/versions',
  business_details: { name: 'ABC Charge', website: 'https://abc.example.com' },
  party_id: 'ABC',
  country_code: 'FR',
};
const ROLE = { role: 'CPO', business_details: { name: 'ABC Charge' }, party_id: 'ABC', country_code: 'FR' };
const V221 = {
  token: 'ebf3b399-779f-4497-9b9d-ac6ad3cc44d2',
  url: 'https://cpo.example.com/ocpi/versions',
  roles: [ROLE, { ...ROLE, role: 'EMSP', business_details: { name: 'ABC Mobility' } }],
};

describe(validateCredentials.name, () => {
  it('accepts valid credentials of each version', () => {
    expect(validateCredentials('2.1.1', V211)).toEqual({ ok: true, value: V211 });
    expect(validateCredentials('2.2.1', V221)).toEqual({ ok: true, value: V221 });
  });

  it.each(['token', 'url', 'business_details', 'business_details.name', 'party_id', 'country_code'])('2.1.1 requires %s', (path) => {
    expect(validateCredentials('2.1.1', withPath(V211, path, REMOVE))).toEqual({ ok: false, errors: [{ path, reason: 'required' }] });
  });

  it.each(['token', 'url', 'roles', 'roles[1].role', 'roles[1].business_details', 'roles[1].business_details.name', 'roles[1].party_id', 'roles[1].country_code'])(
    '2.2.1 requires %s',
    (path) => {
      expect(validateCredentials('2.2.1', withPath(V221, path, REMOVE))).toEqual({ ok: false, errors: [{ path, reason: 'required' }] });
    },
  );

  it.each([
    ['token', 'x'.repeat(65), 'must be at most 64 characters long'],
    ['token', 'two words', 'must be 1 to 64 printable ASCII characters without spaces'],
    ['token', 'jeton-é', 'must be 1 to 64 printable ASCII characters without spaces'],
    ['token', '', 'must be 1 to 64 printable ASCII characters without spaces'],
    ['url', '/ocpi/versions', 'must be an absolute URL of at most 255 characters'],
    ['roles', [], 'must contain at least 1 element'],
    ['roles[0].role', 'CHARGE_POINT_OPERATOR', 'must be one of CPO, EMSP, HUB, NAP, NSP, OTHER, SCSP'],
    ['roles[0].party_id', 'AB', 'must be a party ID of 3 letters or digits'],
    ['roles[0].country_code', 'FRA', 'must be at most 2 characters long'],
  ])('2.2.1 reports %s = %p: %s', (path, value, reason) => {
    expect(validateCredentials('2.2.1', withPath(V221, path, value))).toEqual({ ok: false, errors: [{ path, reason }] });
  });

  it('2.2.1 refuses the same role, party_id and country_code twice (compared case-insensitively)', () => {
    const body = { ...V221, roles: [ROLE, { ...ROLE, role: 'EMSP' }, { ...ROLE, party_id: 'abc', country_code: 'fr' }] };
    expect(validateCredentials('2.2.1', body)).toEqual({ ok: false, errors: [{ path: 'roles[2]', reason: 'repeats the role, party_id, country_code of [0]' }] });
  });

  it("tolerates the spaces around URLs of GIREVE's example POST (G1 cpo_registration.md 4.3), and gives the URLs trimmed", () => {
    const gireve = {
      business_details: {
        logo: { category: 'NETWORK', height: 44, thumbnail: 'http://xxx.xxx.com/yyyy.png', width: 92, type: 'png', url: ' http://xxx.xxx.com/logo.png' },
        website: 'http://xxx.com',
        name: 'NAME',
      },
      token: 'aaa-xxx-eee',
      party_id: 'PID',
      country_code: 'FR',
      url: ' https://xxx.com/ocpi/emsp/versions ',
    };
    const result = validateCredentials('2.1.1', gireve);
    expect(result).toMatchObject({ ok: true, value: { url: 'https://xxx.com/ocpi/emsp/versions', business_details: { logo: { url: 'http://xxx.xxx.com/logo.png' } } } });
    expect(validateCredentials('2.2.1', { ...V221, roles: [{ ...ROLE, business_details: { name: 'GIREVE', website: ' https://www.gireve.com' } }] })).toMatchObject({ ok: true });
  });

  it("each version refuses the other version's shape", () => {
    expect(validateCredentials('2.1.1', V221)).toMatchObject({ ok: false });
    expect(validateCredentials('2.2.1', V211)).toEqual({ ok: false, errors: [{ path: 'roles', reason: 'required' }] });
  });
});
