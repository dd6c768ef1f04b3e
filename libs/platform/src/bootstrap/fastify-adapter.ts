import type { IncomingMessage } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { correlationIdFrom } from '../logging/logging.module';
import { exceedsJsonDepth, JsonTooDeepException } from './json-depth';

/**
 * Fastify for the apps on the hot HTTP path, behaving as the Express platform
 * does where clients can tell: the request id comes from X-Correlation-ID (or
 * is a new UUID), pino logs it and the response echoes it; an empty body sent
 * as application/json (a bodiless DELETE from many HTTP clients) is no body
 * rather than a 400, and a body nested deeper than MAX_JSON_DEPTH is a 400.
 * Every 503 says when to retry (Retry-After), as a CSMS or an IOP expects of
 * a temporary refusal.
 */
/** What a 503 asks a client to wait, unless the handler said otherwise. */
const RETRY_AFTER_S = '2';

export function fastifyAdapter(options: { bodyLimit?: number } = {}): FastifyAdapter {
  const adapter = new FastifyAdapter({ ...options, genReqId: (request: IncomingMessage) => correlationIdFrom(request.headers) });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Correlation-ID', request.id);
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.statusCode === 503 && !reply.hasHeader('retry-after')) void reply.header('Retry-After', RETRY_AFTER_S);
    done(null, payload);
  });
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  adapter.useBodyParser('application/json', false, {}, (request, body: Buffer, done) => {
    if (body.length === 0) done(null, undefined);
    else parseJson(request, body.toString('utf8'), (error, value) => done(error ?? (exceedsJsonDepth(value) ? new JsonTooDeepException() : null), value));
  });
  return adapter;
}
