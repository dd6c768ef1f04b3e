import { Body, Controller, Delete, HttpCode, type INestApplication, Module, Post, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { fastifyAdapter } from './fastify-adapter';
import { MAX_JSON_DEPTH } from './json-depth';

@Controller()
class EchoController {
  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: unknown, @Req() request: FastifyRequest): { body: unknown; id: string } {
    return { body: body ?? null, id: request.id };
  }

  @Delete('thing')
  remove(@Body() body: unknown): { body: unknown } {
    return { body: body ?? null };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('fastifyAdapter', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create(EchoModule, fastifyAdapter({ bodyLimit: 1024 }), { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
  });

  const json = { 'content-type': 'application/json' };
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) => fetch(`${url}${path}`, { method, headers, body });

  it('takes the request id from X-Correlation-ID and echoes it', async () => {
    const response = await send('POST', '/echo', { ...json, 'x-correlation-id': 'corr-42' }, '{"a":1}');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-correlation-id')).toBe('corr-42');
    expect(await response.json()).toEqual({ body: { a: 1 }, id: 'corr-42' });
  });

  it('gives a request without one a fresh UUID, echoed', async () => {
    const response = await send('POST', '/echo', json, '{}');
    expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await response.json()) as { id: string }).id).toBe(response.headers.get('x-correlation-id'));
  });

  it('reads an empty application/json body as no body, as Express does', async () => {
    const response = await send('DELETE', '/thing', json);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ body: null });
  });

  it('answers malformed JSON with 400 and a body over the limit with 413', async () => {
    expect((await send('POST', '/echo', json, '{"a":')).status).toBe(400);
    expect((await send('POST', '/echo', json, JSON.stringify({ a: 'x'.repeat(1100) }))).status).toBe(413);
  });

  it('answers a body nested deeper than MAX_JSON_DEPTH with 400 saying so, and passes one at the bound', async () => {
    const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const deep = await send('POST', '/echo', json, nested(MAX_JSON_DEPTH + 1));
    expect(deep.status).toBe(400);
    expect(await deep.json()).toMatchObject({ message: `The JSON body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels` });
    expect((await send('POST', '/echo', json, nested(MAX_JSON_DEPTH))).status).toBe(200);
  });

  it('refuses a JSON body poisoning the prototype', async () => {
    expect((await send('POST', '/echo', json, '{"__proto__":{"admin":true}}')).status).toBe(400);
  });
});
