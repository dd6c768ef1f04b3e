import { context, INVALID_SPAN_CONTEXT, propagation, ROOT_CONTEXT, type Span, type SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** A W3C trace context as carried between processes (Kafka headers, an outbox row). */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

const tracer = () => trace.getTracer('gireve-ocpi-connector');

/**
 * Runs `work` in a span of `kind` whose parent is the carried context (or the
 * active one when none is carried), ending it when `work` settles. Without a
 * recording trace it just runs `work`.
 */
export async function inSpan<T>(name: string, kind: SpanKind, carried: TraceCarrier | null | undefined, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = carried ? propagation.extract(ROOT_CONTEXT, carried) : context.active();
  if (trace.getSpan(parent) === undefined) return work(trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
  const span = tracer().startSpan(name, { kind }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}
