import type { IncomingMessage } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { correlationIdFrom } from '../logging/logging.module';

/**
 * Fastify for the apps on the hot HTTP path, with the same correlation id as
 * under Express: the request id comes from X-Correlation-ID (or is a new UUID),
 * pino logs it and the response echoes it.
 */
export function fastifyAdapter(options: { bodyLimit?: number } = {}): FastifyAdapter {
  const adapter = new FastifyAdapter({ ...options, genReqId: (request: IncomingMessage) => correlationIdFrom(request.headers) });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Correlation-ID', request.id);
    done();
  });
  return adapter;
}
