import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { traceLogFields } from '../tracing/trace-log-fields';
import { TracingModule } from '../tracing/tracing.module';

export const CORRELATION_HEADER = 'x-correlation-id';

/** A request's correlation id: the caller's X-Correlation-ID when it sent a usable one, else a new UUID. */
export function correlationIdFrom(headers: IncomingHttpHeaders): string {
  const incoming = headers[CORRELATION_HEADER];
  return typeof incoming === 'string' && incoming.length > 0 && incoming.length <= 100 ? incoming : randomUUID();
}

/** The fields of pino's request serializer a request's log lines keep. */
interface RequestLog {
  id: string;
  method: string;
  url: string;
  remoteAddress?: string;
}

/**
 * JSON logs (pino). The correlation id of a request comes from X-Correlation-ID
 * when the caller sends one, else a new UUID; it is echoed and carried on into
 * Kafka headers and IOP requests. Secrets in headers are never logged. A line
 * written inside a trace carries its trace_id and span_id. Each request is
 * logged when answered, and every line written while it is handled carries it.
 */
@Module({})
export class LoggingModule {
  /**
   * `requests: false`: no request is logged nor gives its lines a request context (an app whose hot path its
   * metrics count: the context costs every request, at any level, even an excluded route's). For
   * fastifyAdapter's apps only, which assign and echo the correlation id themselves; on Express the request
   * logger does. `destination`: where the lines go (standard output unless given; specs read them).
   */
  static forRoot(level: string, { requests = true, destination }: { requests?: boolean; destination?: DestinationStream } = {}): DynamicModule {
    const options = {
      level,
      mixin: traceLogFields,
      // Under Fastify the raw request already has its id (fastifyAdapter's, copied by middie) and this is not called.
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const id = correlationIdFrom(req.headers);
        res.setHeader('X-Correlation-ID', id);
        return id;
      },
      // A request is logged by its id, method, URL and caller, never its headers (tokens, API keys); its answer by its status.
      serializers: {
        req: ({ id, method, url, remoteAddress }: RequestLog) => ({ id, method, url, remoteAddress }),
        res: ({ statusCode }: { statusCode: number }) => ({ statusCode }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => /^\/(health|metrics)/.test(req.url ?? '') },
    };
    return {
      module: LoggingModule,
      imports: [
        TracingModule,
        LoggerModule.forRoot({
          pinoHttp: destination === undefined ? options : [options, destination],
          // Every route on both platforms. nestjs-pino's default ('{/*splat}', without its leading slash)
          // matches no route under Fastify's middie: charger-events and the simulator logged no request.
          forRoutes: requests ? [{ path: '/{*splat}', method: RequestMethod.ALL }] : [],
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
