import type { OpenAPIObject } from '@nestjs/swagger';
import { request as httpRequest } from 'node:http';
import type { AppProcess } from '../app-process';
import { documentOperations, type FuzzRequest, fuzzRequests, type FuzzTarget } from './fuzz-requests';

/** The seed of every fuzz run: fixed, so CI replays the same cases; FUZZ_SEED replays another run's. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_2026);
/** Random cases per operation: bounded for CI (all four apps' suites take under a minute and a half); FUZZ_CASES runs longer. */
const FUZZ_CASES = Number(process.env.FUZZ_CASES ?? 100);

export interface FuzzOptions extends FuzzTarget {
  /** The operations to drive (default: all the document lists). */
  only?: (method: string, path: string) => boolean;
  /** 5xx an operation documents for a failing dependency, by `METHOD /path`: not the app's fault. */
  allowed5xx?: Record<string, readonly number[]>;
  /** Undoes what a request changed that later cases must not inherit (injected faults, a deleted registration). */
  afterEach?: (request: FuzzRequest, status: number) => Promise<void>;
}

interface Answer {
  status: number;
  body: string;
}

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Drives every operation of the OpenAPI document `app` serves with
 * FUZZ_CASES malformed requests each, then a sweep of odd path and query
 * values (fuzzRequests); returns what went wrong: a 5xx,
 * no answer, an OCPI 200 without its envelope, or the app dead afterwards
 * (the run stops there). Each failure names the seed and the request.
 */
export async function fuzzApp(app: AppProcess, options: FuzzOptions): Promise<string[]> {
  const document = (await (await fetch(`${app.url}/docs-json`)).json()) as OpenAPIObject;
  const operations = documentOperations(document).filter(({ method, path }) => options.only?.(method, path) ?? true);
  if (operations.length === 0) return ['the document lists no operation to fuzz'];
  const failures: string[] = [];
  for (const { method, path, operation } of operations) {
    for (const request of fuzzRequests(document, method, path, operation, options, FUZZ_SEED, FUZZ_CASES)) {
      const answer = await send(app.url, request).catch((error: Error) => error);
      const problem = answer instanceof Error ? `no answer (${answer.message})` : check(request, answer, options.allowed5xx?.[`${method} ${path}`] ?? []);
      if (problem) failures.push(report(`${method} ${path}`, request, problem));
      if (!(await alive(app))) return [...failures, report(`${method} ${path}`, request, `the app died: ${app.logs.slice(-1500)}`)];
      if (!(answer instanceof Error)) await options.afterEach?.(request, answer.status);
    }
  }
  return failures;
}

function check(request: FuzzRequest, answer: Answer, allowed5xx: readonly number[]): string | undefined {
  if (answer.status >= 500 && !allowed5xx.includes(answer.status)) return `HTTP ${answer.status}: ${answer.body.slice(0, 500)}`;
  if (request.path.startsWith('/ocpi/') && answer.status === 200 && !hasOcpiEnvelope(answer.body)) return `HTTP 200 without the OCPI envelope: ${answer.body.slice(0, 500)}`;
  return undefined;
}

function hasOcpiEnvelope(body: string): boolean {
  try {
    return typeof (JSON.parse(body) as { status_code?: unknown }).status_code === 'number';
  } catch {
    return false;
  }
}

function report(operation: string, request: FuzzRequest, problem: string): string {
  const excerpt = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text);
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${excerpt(value)}`);
  const body = request.body === undefined ? '' : `\n  body ${JSON.stringify(excerpt(request.body.toString()))}`;
  return `FUZZ_SEED=${FUZZ_SEED} ${operation} (${request.label})\n  ${request.method} ${excerpt(request.path)}\n  ${JSON.stringify(headers)}${body}\n  → ${problem}`;
}

async function alive(app: AppProcess): Promise<boolean> {
  const answer = await send(app.url, { method: 'GET', path: '/health/live', headers: {}, label: 'health' }).catch(() => undefined);
  return answer?.status === 200;
}

/**
 * Sends the request as written, on a connection of its own (a server may close
 * one after an error). A server that refuses a body past its limit before
 * reading it closes the connection mid-upload (EPIPE, ECONNRESET: Fastify
 * does): the body is then declared again but not sent, to read that refusal.
 * Express reads such a body to its end before answering: it must be sent.
 */
async function send(baseUrl: string, request: FuzzRequest): Promise<Answer> {
  try {
    return await sendOnce(baseUrl, request, true);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (request.body === undefined || (code !== 'EPIPE' && code !== 'ECONNRESET')) throw error;
    return sendOnce(baseUrl, request, false);
  }
}

function sendOnce(baseUrl: string, request: FuzzRequest, withBody: boolean): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const headers = request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(request.body.length) };
    const outgoing = httpRequest({ hostname, port, method: request.method, path: request.path, headers, agent: false, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode!, body: Buffer.concat(chunks).toString() });
        outgoing.destroy();
      });
      response.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    outgoing.on('error', reject);
    if (withBody) outgoing.end(request.body);
    else outgoing.flushHeaders();
  });
}
