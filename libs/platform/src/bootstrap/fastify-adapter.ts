import type { IncomingMessage } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { correlationIdFrom } from '../logging/logging.module';

/**
 * Fastify for the apps on the hot HTTP path, behaving as the Express platform
 * does where clients can tell: the request id comes from X-Correlation-ID (or
 * is a new UUID), pino logs it and the response echoes it; an empty body sent
 * as application/json (a bodiless DELETE from many HTTP clients) is no body
 * rather than a 400.
 */
export function fastifyAdapter(options: { bodyLimit?: number } = {}): FastifyAdapter {
  const adapter = new FastifyAdapter({ ...options, genReqId: (request: IncomingMessage) => correlationIdFrom(request.headers) });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Correlation-ID', request.id);
    done();
  });
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  adapter.useBodyParser('application/json', false, {}, (request, body: Buffer, done) => {
    if (body.length === 0) done(null, undefined);
    else parseJson(request, body.toString('utf8'), done);
  });
  return adapter;
}
