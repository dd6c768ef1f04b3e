import type { OpenAPIObject } from '@nestjs/swagger';
import { BAD_JSON_BODIES, CONTENT_TYPES, deeplyNested, ODD_HEADER_VALUES, ODD_JSON_VALUES, ODD_PATH_SEGMENTS, ODD_QUERY_PARTS, ODD_QUERY_SHAPES } from './odd-values';
import { SeededRandom } from './seeded-random';

/** One request of the fuzz, sent as written (path and query already encoded, body raw). */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** How the case was made, for the report. */
  label: string;
}

/** What the fuzz must know of an app beyond its document. */
export interface FuzzTarget {
  /** Path parameter values that get past routing (e.g. version: 2.1.1 and 2.2.1); any other parameter gets `x1`. */
  pathValues?: Record<string, readonly string[]>;
  /** Header sets that authenticate on this route, given the path parameters chosen (an OCPI token is encoded per version); requests cycle through them. */
  credentials?: (method: string, path: string, params: Record<string, string>) => Record<string, string>[];
  /** A valid body for an operation whose document gives none (the OCPI receiver's PUT takes a Location, EVSE or Connector of the version). */
  bodyExample?: (method: string, path: string, params: Record<string, string>) => unknown;
}

interface Schema {
  $ref?: string;
  type?: string;
  example?: unknown;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
}

interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

/** Every operation of the document: its method, path template, query parameters and body schema. */
export function documentOperations(document: OpenAPIObject): { method: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

/** Replaced by a deeply nested value inside a body. */
const DEEP_MARKER = '__fuzz_deep__';
const OCPI_HEADERS = ['x-request-id', 'x-correlation-id', 'ocpi-from-country-code', 'ocpi-from-party-id', 'ocpi-to-country-code', 'ocpi-to-party-id'];

/** The first cases of an operation are well formed (one without credentials, the others with each variant, up to 3), so its happy path runs too. */
const PLAIN_CASES = 4;

/** A well-formed, authenticated case but for one odd value: of a path parameter, or the whole query string. */
type Sweep = { param: string; value: string } | { query: string };

/**
 * The requests for one operation, the same for a given seed: `count` random
 * ones (after the plain ones, each breaks the path, query, headers or body),
 * then a sweep that puts each odd path segment in each path parameter and
 * each odd value in each query parameter, so none is left to chance.
 */
export function fuzzRequests(document: OpenAPIObject, method: string, path: string, operation: Operation, target: FuzzTarget, seed: number, count: number): FuzzRequest[] {
  const random = new SeededRandom(seed, `${method} ${path}`);
  const bodySchema = resolve(document, operation.requestBody?.content?.['application/json']?.schema);
  const hasBody = bodySchema !== undefined || ['POST', 'PUT', 'PATCH'].includes(method);
  const queryKeys = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  const sweeps: Sweep[] = [
    ...[...path.matchAll(/\{([^}]+)\}/g)].flatMap(([, param]) => ODD_PATH_SEGMENTS.map((value) => ({ param, value }))),
    ...queryKeys.flatMap((key) => ODD_QUERY_PARTS.map((value) => ({ query: `?${key}=${value}` }))),
  ];

  const build = (index: number, sweep?: Sweep): FuzzRequest => {
    const plain = sweep !== undefined || index < PLAIN_CASES;
    const params: Record<string, string> = {};
    const concretePath = path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
      if (sweep && 'param' in sweep && sweep.param === name) params[name] = sweep.value;
      else params[name] = plain || random.chance(0.7) ? random.pick(target.pathValues?.[name] ?? ['x1']) : random.pick(ODD_PATH_SEGMENTS);
      return params[name];
    });
    // One random case in four without credentials, so most reach past authentication.
    const credentials = target.credentials?.(method, path, params) ?? [];
    const anonymous = credentials.length === 0 || (sweep === undefined && index % 4 === 3);
    const headers: Record<string, string> = anonymous ? {} : { ...credentials[index % credentials.length] };
    const labels = [sweep ? `sweep ${index}` : `case ${index}`, anonymous ? 'no credentials' : `credentials ${index % credentials.length}`];
    const query = sweep && 'query' in sweep ? sweep.query : plain ? '' : fuzzQuery(random, queryKeys, labels);
    if (!plain && random.chance(0.25)) {
      const name = random.pick([...Object.keys(headers), ...(path.startsWith('/ocpi/') ? OCPI_HEADERS : ['authorization', 'x-api-key'])]);
      headers[name] = random.pick(ODD_HEADER_VALUES);
      labels.push(`odd header ${name}`);
    }
    const request: FuzzRequest = { method, path: concretePath + query, headers, label: '' };
    if (hasBody) {
      const example = target.bodyExample?.(method, path, params) ?? exampleOf(document, bodySchema, 0);
      const { body, kind } = plain ? { body: Buffer.from(JSON.stringify(example)), kind: 'example' } : fuzzBody(random, example);
      const contentType = plain ? 'application/json' : random.pick(CONTENT_TYPES);
      request.body = body;
      if (contentType !== undefined) headers['content-type'] = contentType;
      labels.push(`body ${kind}`, `content-type ${contentType ?? 'none'}`);
    }
    request.label = labels.join(', ');
    return request;
  };
  return [...Array.from({ length: count }, (_, index) => build(index)), ...sweeps.map((sweep, index) => build(index, sweep))];
}

function fuzzQuery(random: SeededRandom, keys: string[], labels: string[]): string {
  const parts = keys.filter(() => random.chance(0.6)).map((key) => `${key}=${random.chance(0.3) ? '1' : random.pick(ODD_QUERY_PARTS)}`);
  if (random.chance(0.3)) parts.push(random.pick(ODD_QUERY_SHAPES)(keys.length > 0 ? random.pick(keys) : 'x'));
  if (parts.length > 0) labels.push('odd query');
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function fuzzBody(random: SeededRandom, example: unknown): { body: Buffer; kind: string } {
  switch (random.int(6)) {
    case 0:
      return { body: random.pick(BAD_JSON_BODIES), kind: 'not JSON' };
    case 1:
      return { body: json(random.pick([...ODD_JSON_VALUES, [example], { wrapped: example }])), kind: 'wrong type' };
    case 2: {
      // `[[…]]` at the top or in a field: past the depth bound, or far past it.
      const depth = random.pick([65, 1000, 20_000]);
      const nested = deeplyNested(depth, random.pick(['array', 'object'] as const));
      const body = random.chance(0.5) ? nested : JSON.stringify(mutate(random, example, DEEP_MARKER)).replace(JSON.stringify(DEEP_MARKER), nested);
      return { body: Buffer.from(body), kind: `nested ${depth} deep` };
    }
    case 3: {
      // One huge field, or very many elements: within and past the body limits.
      const size = random.pick([100_000, 3_000_000]);
      return random.chance(0.5)
        ? { body: json(mutate(random, example, 'x'.repeat(size))), kind: `field of ${size} chars` }
        : { body: Buffer.from(`[${'1,'.repeat(size / 2)}1]`), kind: `array of ${size / 2} elements` };
    }
    default: {
      let body = example;
      const mutations = 1 + random.int(3);
      for (let i = 0; i < mutations; i++) body = mutate(random, body, random.pick(ODD_JSON_VALUES));
      return { body: json(body), kind: `example with ${mutations} odd field(s)` };
    }
  }
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value) ?? 'null');
}

/** A copy of `value` where one field (or the whole, if it has none) is replaced by `odd`, deleted, or joined by an unknown field. */
function mutate(random: SeededRandom, value: unknown, odd: unknown): unknown {
  const copy: unknown = structuredClone(value);
  const slots = fieldSlots(copy);
  if (slots.length === 0) return odd;
  const [parent, key] = random.pick(slots);
  const action = random.int(5);
  if (action === 0 && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key];
  else if (action === 1 && !Array.isArray(parent)) (parent as Record<string, unknown>)[random.pick(['unknown_field', '__proto__', 'constructor'])] = odd;
  else (parent as Record<string, unknown>)[key] = odd;
  return copy;
}

function fieldSlots(value: unknown): [object, string][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]): [object, string][] => [[value, key], ...fieldSlots(child)]);
}

function resolve(document: OpenAPIObject, schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.split('/').pop()!;
  return document.components?.schemas?.[name] as Schema | undefined;
}

/** A plausible value for `schema`: its example, else one built from its properties. */
function exampleOf(document: OpenAPIObject, raw: Schema | undefined, depth: number): unknown {
  const schema = resolve(document, raw);
  if (schema === undefined || depth > 8) return {};
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.type === 'array') return [exampleOf(document, schema.items, depth + 1)];
  if (schema.type === 'string') return 'x1';
  if (schema.type === 'number' || schema.type === 'integer') return 1;
  if (schema.type === 'boolean') return true;
  return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, exampleOf(document, property, depth + 1)]));
}
