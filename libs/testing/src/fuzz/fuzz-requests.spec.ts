import type { OpenAPIObject } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { type FuzzRequest, fuzzRequests } from './fuzz-requests';
import { ODD_PATH_SEGMENTS, ODD_QUERY_PARTS } from './odd-values';

const DOCUMENT = {
  openapi: '3.0.0',
  info: { title: 'test', version: '1' },
  paths: {},
  components: { schemas: { Thing: { type: 'object', properties: { name: { type: 'string', example: 'a' }, size: { type: 'number' } } } } },
} as OpenAPIObject;
const OPERATION = {
  parameters: [{ name: 'limit', in: 'query' }],
  requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
};
const TARGET = { pathValues: { version: ['2.1.1', '2.2.1'] }, credentials: () => [{ authorization: 'Token t' }] };
const generate = (seed: number) => fuzzRequests(DOCUMENT, 'PUT', '/things/{version}/{id}', OPERATION, TARGET, seed, 200);

describe(fuzzRequests.name, () => {
  it('gives the same cases for the same seed, others for another', () => {
    // Bodies by digest: Jest compares Buffers of megabytes byte by byte.
    const digest = (requests: FuzzRequest[]) => requests.map(({ body, ...rest }) => ({ ...rest, body: body && createHash('sha256').update(body).digest('hex') }));
    expect(digest(generate(7))).toEqual(digest(generate(7)));
    expect(digest(generate(8))).not.toEqual(digest(generate(7)));
  });

  it('starts with well-formed cases: good path values, the example body, credentials on all but the fourth', () => {
    const [first, second, third, fourth] = generate(7);
    for (const request of [first, second, third, fourth]) {
      expect(request.path).toMatch(/^\/things\/2\.[12]\.1\/x1$/);
      expect(JSON.parse(request.body!.toString())).toEqual({ name: 'a', size: 1 });
      expect(request.headers['content-type']).toBe('application/json');
    }
    expect([first, second, third, fourth].map((request) => request.headers.authorization)).toEqual(['Token t', 'Token t', 'Token t', undefined]);
  });

  it('then breaks the path, the query, the headers and the body', () => {
    const requests = generate(7).slice(4);
    const labels = requests.map((request) => request.label).join('\n');
    for (const kind of ['odd query', 'odd header', 'body not JSON', 'body wrong type', 'deep', 'field of', 'odd field', 'no credentials']) expect(labels).toContain(kind);
    expect(requests.some((request) => !/^\/things\/2\.[12]\.1\//.test(request.path))).toBe(true);
  });

  it('ends with a sweep: each odd segment in each path parameter, each odd value in each query parameter, with credentials', () => {
    const sweep = fuzzRequests(DOCUMENT, 'PUT', '/things/{version}/{id}', OPERATION, TARGET, 7, 0);
    expect(sweep.map((request) => request.path)).toEqual([
      ...ODD_PATH_SEGMENTS.map((value) => expect.stringMatching(new RegExp(`^/things/${escape(value)}/x1$`))),
      ...ODD_PATH_SEGMENTS.map((value) => expect.stringMatching(new RegExp(`^/things/2\\.[12]\\.1/${escape(value)}$`))),
      ...ODD_QUERY_PARTS.map((value) => expect.stringMatching(new RegExp(`^/things/2\\.[12]\\.1/x1\\?limit=${escape(value)}$`))),
    ]);
    expect(sweep.every((request) => request.headers.authorization === 'Token t')).toBe(true);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
