import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { traceLogFields } from '../tracing/trace-log-fields';
import { TracingModule } from '../tracing/tracing.module';

export const CORRELATION_HEADER = 'x-correlation-id';

/** A request's correlation id: the caller's X-Correlation-ID when it sent a usable one, else a new UUID. */
export function correlationIdFrom(headers: IncomingHttpHeaders): string {
  const incoming = headers[CORRELATION_HEADER];
  return typeof incoming === 'string' && incoming.length > 0 && incoming.length <= 100 ? incoming : randomUUID();
}

/**
 * JSON logs (pino). The correlation id of a request comes from X-Correlation-ID
 * when the caller sends one, else a new UUID; it is echoed and carried on into
 * Kafka headers and IOP requests. Secrets in headers are never logged. A line
 * written inside a trace carries its trace_id and span_id.
 */
@Module({})
export class LoggingModule {
  static forRoot(level: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        TracingModule,
        LoggerModule.forRoot({
          pinoHttp: {
            level,
            mixin: traceLogFields,
            // Under Fastify the request already has its id (see fastifyAdapter) and this is not called.
            genReqId: (req, res) => {
              const id = correlationIdFrom(req.headers);
              res.setHeader('X-Correlation-ID', id);
              return id;
            },
            redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
            autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
