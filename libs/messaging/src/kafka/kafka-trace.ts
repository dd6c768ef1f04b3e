import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';
import type { OutgoingMessage } from './kafka-producer.service';

/** The span of one publish, and the headers that carry it to the consumers. */
export interface PublishSpan {
  headers: Record<string, string>;
  end(error?: unknown): void;
}

/**
 * A producer span for a publish made inside a trace (an ingest request), or
 * undefined outside one: always so with tracing off, at the cost of one lookup.
 * Started on the app's thread, where the request's context is: the producer
 * thread only carries the headers.
 */
export function startPublishSpan(topic: string, count: number): PublishSpan | undefined {
  const parent = context.active();
  if (trace.getSpan(parent) === undefined) return undefined;
  const span = trace
    .getTracer('@app/messaging')
    .startSpan(
      `publish ${topic}`,
      { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.batch.message_count': count } },
      parent,
    );
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), headers);
  return {
    headers,
    end: (error) => {
      if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      span.end();
    },
  };
}

/**
 * The messages with `extra` headers added. Messages sharing one headers object
 * still share one afterwards: the producer turns each distinct object into bytes once.
 */
export function withHeaders(messages: OutgoingMessage[], extra: Record<string, string>): OutgoingMessage[] {
  const merged = new Map<Record<string, string> | undefined, Record<string, string>>();
  return messages.map((message) => {
    let headers = merged.get(message.headers);
    if (headers === undefined) merged.set(message.headers, (headers = { ...message.headers, ...extra }));
    return { ...message, headers };
  });
}

/** The W3C trace context a consumed message carries (traceparent, tracestate headers), or null. */
export function traceContextOf(headers: IHeaders | undefined): { traceparent: string; tracestate?: string } | null {
  const traceparent = headerText(headers?.traceparent);
  if (traceparent === undefined) return null;
  const tracestate = headerText(headers?.tracestate);
  return tracestate === undefined ? { traceparent } : { traceparent, tracestate };
}

function headerText(header: IHeaders[string]): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined ? undefined : value.toString();
}
