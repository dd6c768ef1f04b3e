/**
 * The "empty HTTP handler" baseline of the ingest benchmark: answers a POST
 * (Nest: POST /v1/status-events/native) with 202 and a small JSON body after
 * parsing the JSON request body, nothing else. `node dist/bench/empty-http-server.js node|nest` (PORT, HOST):
 * - node: plain node:http, the ceiling of Node's HTTP stack on this machine;
 * - nest: NestJS on Fastify with its JSON body parser and no logger, the
 *   framework and platform charger-events is built on, without guard,
 *   validation or Kafka.
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3999);
const host = process.env.HOST ?? '127.0.0.1';

@Controller()
class EmptyController {
  @Post('v1/status-events/native')
  @HttpCode(202)
  accept(@Body() body: unknown): { event_ids: string[] } {
    return { event_ids: typeof body === 'object' && body !== null ? [randomUUID()] : [] };
  }
}

@Module({ controllers: [EmptyController] })
class EmptyModule {}

async function nest(): Promise<void> {
  const app = await NestFactory.create(EmptyModule, new FastifyAdapter(), { logger: false });
  await app.listen(port, host);
}

function plain(): void {
  createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let status = 202;
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        status = 400;
      }
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ event_ids: status === 202 ? [randomUUID()] : [] }));
    });
  }).listen(port, host);
}

if (process.argv[2] === 'nest') void nest();
else plain();
