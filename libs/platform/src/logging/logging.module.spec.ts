import { Controller, HttpCode, type INestApplication, Logger as NestLogger, Module, Post, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Logger } from 'nestjs-pino';
import { fastifyAdapter } from '../bootstrap/fastify-adapter';
import { LoggingModule } from './logging.module';

@Controller()
class EchoController {
  private readonly logger = new NestLogger('EchoController');

  @Post('echo')
  @HttpCode(200)
  echo(@Req() request: { id: string }): { id: string } {
    this.logger.log(`inside the handler of ${request.id}`);
    return { id: request.id };
  }
}

interface LogLine {
  msg: string;
  req?: { id: string };
}

/** Every line logged. nestjs-pino builds its pino logger once a process: every app below logs through the first's destination. */
const lines: LogLine[] = [];
const destination = { write: (line: string) => lines.push(JSON.parse(line) as LogLine) };

/** An app of `platform` logging into `lines`, as runApp sets it up (the pino logger as Nest's). */
async function startApp(platform: 'fastify' | 'express', requests: boolean): Promise<{ app: INestApplication; url: string }> {
  @Module({ imports: [LoggingModule.forRoot('info', { requests, destination })], controllers: [EchoController] })
  class EchoModule {}
  const app = platform === 'fastify' ? await NestFactory.create(EchoModule, fastifyAdapter(), { bufferLogs: true }) : await NestFactory.create(EchoModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

/** POSTs /echo; returns the id it echoed, once the id the handler saw (the one Kafka headers carry) is that one. */
async function post(url: string, headers: Record<string, string>): Promise<string | null> {
  const response = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
  expect(response.status).toBe(200);
  const echoed = response.headers.get('x-correlation-id');
  expect(await response.json()).toEqual({ id: echoed });
  return echoed;
}

/** The lines written since `lines` was emptied, once the "request completed" of `id` is among them (2 s at most). */
async function linesUntilCompleted(id: string | null): Promise<LogLine[]> {
  const deadline = Date.now() + 2_000;
  while (!lines.some((line) => line.msg === 'request completed' && line.req?.id === id) && Date.now() < deadline) await nextTurn();
  return lines.map((line) => ({ msg: line.msg, req: line.req }));
}

describe.each(['fastify', 'express'] as const)('LoggingModule on %s', (platform) => {
  let logged: { app: INestApplication; url: string };

  beforeAll(async () => {
    logged = await startApp(platform, true);
  });

  afterAll(async () => {
    await logged.app.close();
  });

  beforeEach(() => {
    lines.length = 0;
  });

  it("logs each request when answered, and the handler's lines, with the caller's X-Correlation-ID, never its headers", async () => {
    const echoed = await post(logged.url, { 'x-correlation-id': 'corr-7', authorization: 'Bearer secret-token' });
    expect(echoed).toBe('corr-7');
    const written = await linesUntilCompleted(echoed);
    expect(written.map((line) => [line.msg, line.req?.id])).toEqual([
      ['inside the handler of corr-7', 'corr-7'],
      ['request completed', 'corr-7'],
    ]);
    expect(written[1]!.req).toEqual({ id: 'corr-7', method: 'POST', url: '/echo', remoteAddress: expect.stringContaining('127.0.0.1') });
    expect(JSON.stringify(written)).not.toContain('secret-token');
  });

  it('logs a request without X-Correlation-ID with the id it echoes', async () => {
    const echoed = await post(logged.url, {});
    expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    expect((await linesUntilCompleted(echoed)).map((line) => [line.msg, line.req?.id])).toEqual([
      [`inside the handler of ${echoed}`, echoed],
      ['request completed', echoed],
    ]);
  });
});

// Without the request logger an Express app has no request id at all: `requests: false` is for fastifyAdapter's apps.
describe('LoggingModule with requests: false, on fastify', () => {
  let logged: { app: INestApplication; url: string };
  let quiet: { app: INestApplication; url: string };

  beforeAll(async () => {
    logged = await startApp('fastify', true);
    quiet = await startApp('fastify', false);
  });

  afterAll(async () => {
    await logged.app.close();
    await quiet.app.close();
  });

  beforeEach(() => {
    lines.length = 0;
  });

  it('neither logs a request nor gives its lines a context', async () => {
    const quietId = await post(quiet.url, { 'x-correlation-id': 'corr-quiet' });
    // The quiet app's lines were all written before this second request was sent.
    const loggedId = await post(logged.url, {});
    expect((await linesUntilCompleted(loggedId)).map((line) => [line.msg, line.req?.id])).toEqual([
      [`inside the handler of ${quietId}`, undefined],
      [`inside the handler of ${loggedId}`, loggedId],
      ['request completed', loggedId],
    ]);
  });
});
