import { isSpanContextValid, trace } from '@opentelemetry/api';

const NONE = {};

/**
 * The ids of the active span, for every log line written inside one (a pino
 * mixin); nothing outside a trace, and always nothing with tracing off.
 */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (span === undefined) return NONE;
  const ids = span.spanContext();
  return isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : NONE;
}
