import { context, propagation, ROOT_CONTEXT, type SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** A W3C trace context as carried between processes (Kafka headers, an outbox row). */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

/**
 * Runs `work` in a span of `kind` whose parent is the carried context (or the
 * active one when none is carried), ending it when `work` settles. Outside
 * any trace (and always with tracing off) it just runs `work`.
 */
export async function inSpan<T>(name: string, kind: SpanKind, carried: TraceCarrier | null | undefined, work: () => Promise<T>): Promise<T> {
  const parent = carried ? propagation.extract(ROOT_CONTEXT, carried) : context.active();
  if (trace.getSpan(parent) === undefined) return work();
  const span = trace.getTracer('@app/platform').startSpan(name, { kind }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}
