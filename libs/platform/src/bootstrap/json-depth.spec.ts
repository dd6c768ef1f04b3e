import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { exceedsJsonDepth, MAX_JSON_DEPTH, useJsonBodyParser } from './json-depth';

/** `depth` nested arrays around a number. */
const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe('exceedsJsonDepth', () => {
  it('allows up to MAX_JSON_DEPTH nested objects and arrays, scalars and wide values', () => {
    expect(exceedsJsonDepth(JSON.parse(nested(MAX_JSON_DEPTH)))).toBe(false);
    expect(exceedsJsonDepth('[[[[ only text')).toBe(false);
    expect(exceedsJsonDepth(null)).toBe(false);
    expect(exceedsJsonDepth(Array.from({ length: 10_000 }, (_, i) => ({ a: [i] })))).toBe(false);
  });

  it('reports one level more, in arrays or objects, and measures any depth without overflowing the stack', () => {
    expect(exceedsJsonDepth(JSON.parse(nested(MAX_JSON_DEPTH + 1)))).toBe(true);
    expect(exceedsJsonDepth(JSON.parse(`${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`))).toBe(true);
    expect(exceedsJsonDepth(JSON.parse(nested(200_000)))).toBe(true);
    expect(exceedsJsonDepth({ a: 1, b: JSON.parse(nested(3)) }, 3)).toBe(true);
  });
});

@Controller()
class EchoController {
  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('useJsonBodyParser (Express)', () => {
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(EchoModule, { logger: false });
    useJsonBodyParser(app, { limit: '2mb' });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
  });

  const post = (body: string) => fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('passes a body within the bound', async () => {
    const response = await post(nested(MAX_JSON_DEPTH));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(nested(MAX_JSON_DEPTH));
  });

  it('answers a body nested deeper with 400 saying so, never 500, however deep', async () => {
    for (const depth of [MAX_JSON_DEPTH + 1, 100_000]) {
      const response = await post(nested(depth));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ message: `The JSON body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels` });
    }
  });

  it('still answers malformed JSON with 400, with the options given', async () => {
    expect((await post('{"a":')).status).toBe(400);
    expect((await post(JSON.stringify({ a: 'x'.repeat(1_500_000) }))).status).toBe(200);
  });
});
