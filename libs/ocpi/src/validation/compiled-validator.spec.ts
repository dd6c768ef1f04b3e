import { IsString } from 'class-validator';
import { sampleConnectorV211, sampleConnectorV221, sampleEvseV211, sampleEvseV221, sampleLocationV211, sampleLocationV221 } from '../fixtures/location.fixtures';
import { pathSegments, REMOVE, withPath } from '../fixtures/json-path';
import { CredentialsV211 } from '../v2-1-1/credentials/credentials.dto';
import { ConnectorV211 } from '../v2-1-1/location/connector.dto';
import { EvseV211 } from '../v2-1-1/location/evse.dto';
import { ConnectorPatchV211, EvsePatchV211, LocationPatchV211 } from '../v2-1-1/location/location-patch.dto';
import { LocationV211 } from '../v2-1-1/location/location.dto';
import { VersionDetailsV211 } from '../v2-1-1/versions/version.dto';
import { CredentialsV221 } from '../v2-2-1/credentials/credentials.dto';
import { ConnectorV221 } from '../v2-2-1/location/connector.dto';
import { EvseV221 } from '../v2-2-1/location/evse.dto';
import { ConnectorPatchV221, EvsePatchV221, LocationPatchV221 } from '../v2-2-1/location/location-patch.dto';
import { LocationV221 } from '../v2-2-1/location/location.dto';
import { VersionDetailsV221 } from '../v2-2-1/versions/version.dto';
import { validateWithClassValidator } from './class-validator-executor';
import { validateCompiled } from './compiled-validator';
import type { DtoClass } from './ocpi-decorators';
import { Required } from './ocpi-decorators';

const credentials211 = { token: 'tok', url: 'https://cpo.example.com/ocpi/versions', business_details: { name: 'ABC' }, party_id: 'ABC', country_code: 'FR' };
const credentials221 = { token: 'tok', url: 'https://cpo.example.com/ocpi/versions', roles: [{ role: 'CPO', business_details: { name: 'ABC' }, party_id: 'ABC', country_code: 'FR' }] };
const details221 = { version: '2.2.1', endpoints: [{ identifier: 'locations', role: 'SENDER', url: 'https://cpo.example.com/ocpi/2.2.1/locations' }] };

/** Every DTO with a valid body to mutate. */
const SUBJECTS: [string, DtoClass, () => Record<string, unknown>][] = [
  ['LocationV211', LocationV211, () => sampleLocationV211()],
  [
    'LocationV221',
    LocationV221,
    () => ({
      ...sampleLocationV221(),
      publish: false,
      publish_allowed_to: [
        { uid: 'U1', type: 'RFID' },
        { visual_number: 'V', issuer: 'I' },
      ],
    }),
  ],
  ['EvseV211', EvseV211, () => sampleEvseV211()],
  ['EvseV221', EvseV221, () => sampleEvseV221()],
  ['ConnectorV211', ConnectorV211, () => sampleConnectorV211()],
  ['ConnectorV221', ConnectorV221, () => sampleConnectorV221()],
  ['LocationPatchV211', LocationPatchV211, () => ({ name: 'x', evses: [sampleEvseV211()] })],
  ['LocationPatchV221', LocationPatchV221, () => ({ name: 'x', opening_times: { twentyfourseven: true }, last_updated: '2024-05-01T10:00:00Z' })],
  ['EvsePatchV211', EvsePatchV211, () => ({ status: 'CHARGING', capabilities: ['RFID_READER'] })],
  ['EvsePatchV221', EvsePatchV221, () => ({ status: 'CHARGING', last_updated: '2024-05-01T10:00:00Z' })],
  ['ConnectorPatchV211', ConnectorPatchV211, () => ({ tariff_id: 'T', voltage: 230 })],
  ['ConnectorPatchV221', ConnectorPatchV221, () => ({ tariff_ids: ['T'], last_updated: '2024-05-01T10:00:00Z' })],
  ['CredentialsV211', CredentialsV211, () => credentials211],
  ['CredentialsV221', CredentialsV221, () => credentials221],
  ['VersionDetailsV211', VersionDetailsV211, () => ({ version: '2.1.1', endpoints: [{ identifier: 'locations', url: 'https://cpo.example.com/ocpi/2.1.1/locations' }] })],
  ['VersionDetailsV221', VersionDetailsV221, () => details221],
];

/** JSON values of every kind, well- and ill-formed. */
const GARBAGE: unknown[] = [
  REMOVE,
  null,
  0,
  -1,
  1.5,
  99999999999,
  true,
  false,
  '',
  ' ',
  'x',
  'BOGUS',
  'x'.repeat(300),
  '2024-13-01T00:00:00Z',
  '2024-05-01T10:00:00Z',
  'line\nbreak',
  '🔌',
  '<b>',
  [],
  [null],
  [1, 'a'],
  [[]],
  [{}],
  {},
  { a: 1 },
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"id": 1}}'),
];

/** mulberry32: a small seeded PRNG, so a failing case can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function allPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value)
    ? value.map((element, index) => [`${prefix}[${index}]`, element] as const)
    : Object.entries(value).map(([key, field]) => [prefix ? `${prefix}.${key}` : key, field] as const);
  return entries.flatMap(([path, field]) => [path, ...allPaths(field, path)]);
}

function valueAt(value: unknown, path: string): unknown {
  return pathSegments(path).reduce<unknown>((parent, segment) => (parent as Record<string | number, unknown>)[segment], value);
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mutate(body: Record<string, unknown>, next: () => number): unknown {
  let mutated: unknown = body;
  const count = 1 + Math.floor(next() * 4);
  for (let i = 0; i < count; i++) {
    const paths = allPaths(mutated);
    if (paths.length === 0) break;
    const path = paths[Math.floor(next() * paths.length)];
    const replacement = GARBAGE[Math.floor(next() * GARBAGE.length)];
    if (next() < 0.2) {
      // An unknown property, in the root or in an object of the body.
      const objects = ['', ...paths.filter((candidate) => isObject(valueAt(mutated, candidate)))];
      const parent = objects[Math.floor(next() * objects.length)];
      mutated = withPath(mutated, parent ? `${parent}.x_extension` : 'x_extension', replacement === REMOVE ? 1 : replacement);
      continue;
    }
    // Removing an array element would leave a hole (not JSON): replace it instead.
    const removingElement = replacement === REMOVE && typeof pathSegments(path).at(-1) === 'number';
    mutated = withPath(mutated, path, removingElement ? null : replacement);
  }
  return mutated;
}

describe(validateCompiled.name, () => {
  it.each(SUBJECTS)('%s: the valid body passes both executors', (_, dto, body) => {
    expect(validateCompiled(dto, body())).toEqual([]);
    expect(validateWithClassValidator(dto, body())).toEqual([]);
  });

  it.each(SUBJECTS)('%s: reports exactly what class-validator reports, on 400 seeded random mutations', (name, dto, body) => {
    const next = random(name.length * 7919);
    let failing = 0;
    for (let run = 0; run < 400; run++) {
      const input = mutate(body(), next);
      const unknownFields = run % 2 === 0 ? 'ignore' : 'report';
      const compiled = validateCompiled(dto, input, unknownFields);
      // The one known difference: class-transformer drops "__proto__" keys before class-validator looks; the compiled executor reports them.
      const comparable = compiled.filter((issue) => !issue.path.endsWith('__proto__'));
      expect({ input, unknownFields, issues: comparable }).toEqual({ input, unknownFields, issues: validateWithClassValidator(dto, input, unknownFields) });
      if (compiled.length > 0) failing++;
    }
    // The mutations must actually break bodies, or the comparison proves little.
    expect(failing).toBeGreaterThan(200);
  });

  it.each(GARBAGE.filter((value) => value !== REMOVE))('never throws on the body %p', (input) => {
    for (const [, dto] of SUBJECTS) {
      const issues = validateCompiled(dto, input);
      expect(issues).toEqual(validateWithClassValidator(dto, input));
      expect(issues.every((issue) => typeof issue.path === 'string' && issue.reason.length > 0 && !issue.reason.startsWith('could not'))).toBe(true);
    }
  });

  it('refuses, when building a plan, a decorator that is not from ocpi-decorators', () => {
    class Foreign {
      @Required() @IsString() name!: string;
    }
    expect(() => validateCompiled(Foreign, { name: 'x' })).toThrow(/isString is not an ocpi-decorators rule/);
  });
});
