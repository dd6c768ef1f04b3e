import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { recordSpans } from '@app/testing/in-memory-tracing';
import { inSpan, type TraceCarrier } from './trace-context';
import { traceLogFields } from './trace-log-fields';

const spans = recordSpans();

/** What a Kafka message or an outbox row carries of a span. */
function carrierOf(span: ReturnType<ReturnType<typeof trace.getTracer>['startSpan']>): TraceCarrier {
  const carrier = {} as TraceCarrier;
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  return carrier;
}

describe('trace context helpers', () => {
  beforeEach(() => spans.reset());

  it('inSpan continues a carried trace: its span is a child of the carried one, active while the work runs', async () => {
    const upstream = trace.getTracer('test').startSpan('ingest');
    const carried = carrierOf(upstream);
    const seen = await inSpan('IOP PATCH', SpanKind.INTERNAL, carried, async () => traceLogFields());
    const [span] = spans.getFinishedSpans();
    expect(span!.spanContext().traceId).toBe(upstream.spanContext().traceId);
    expect(span!.parentSpanContext?.spanId).toBe(upstream.spanContext().spanId);
    expect(seen).toEqual({ trace_id: upstream.spanContext().traceId, span_id: span!.spanContext().spanId });
  });

  it('inSpan records a failure on its span and rethrows it', async () => {
    const upstream = trace.getTracer('test').startSpan('ingest');
    const carried = carrierOf(upstream);
    await expect(inSpan('IOP PATCH', SpanKind.INTERNAL, carried, async () => Promise.reject(new Error('reset')))).rejects.toThrow('reset');
    expect(spans.getFinishedSpans()[0]!.status).toMatchObject({ code: 2, message: 'reset' });
  });

  it('outside a trace: no span, no ids in the logs', async () => {
    expect(await inSpan('IOP PATCH', SpanKind.INTERNAL, null, async () => traceLogFields())).toEqual({});
    expect(spans.getFinishedSpans()).toHaveLength(0);
  });
});
