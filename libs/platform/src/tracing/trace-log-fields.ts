import { isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * The ids of the active span, for every log line written inside one (a pino
 * mixin); nothing outside a trace, and always nothing with tracing off.
 */
// A new object each time: pino merges the line's own fields into the one returned (Object.assign), so a shared one
// would carry every earlier line's fields into the next ones.
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const ids = span.spanContext();
  return isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
}
