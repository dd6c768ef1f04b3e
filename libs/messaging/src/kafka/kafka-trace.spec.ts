import { context, trace } from '@opentelemetry/api';
import { recordSpans } from '@app/testing/in-memory-tracing';
import { KafkaProducerService, type ProducerClient, type TopicMessages } from './kafka-producer.service';
import { traceContextOf } from './kafka-trace';

const spans = recordSpans();

function recordingClient() {
  const sent: TopicMessages[][] = [];
  // Copied as sent: the service lets go of the messages once handed over.
  const client: ProducerClient = {
    send: async (publishes) => void sent.push(publishes.map(({ topic, messages }) => ({ topic, messages: [...messages] }))),
    ping: async () => undefined,
    close: async () => undefined,
  };
  return { client, sent };
}

describe('trace context on Kafka', () => {
  beforeEach(() => spans.reset());

  it('a publish inside a trace carries a producer span, child of the active one, in every message', async () => {
    const { client, sent } = recordingClient();
    const service = new KafkaProducerService(client);
    const shared = { 'x-correlation-id': 'c1' };
    const request = trace.getTracer('test').startSpan('ingest request');
    await context.with(trace.setSpan(context.active(), request), () =>
      service.publish('t', [
        { key: 'a', value: '1', headers: shared },
        { key: 'b', value: '2', headers: shared },
      ]),
    );
    request.end();
    const [producer] = spans.getFinishedSpans().filter((span) => span.name === 'publish t');
    expect(producer?.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    const [a, b] = sent[0]![0]!.messages;
    expect(a!.headers).toEqual({ 'x-correlation-id': 'c1', traceparent: `00-${request.spanContext().traceId}-${producer!.spanContext().spanId}-01` });
    // Still one headers object for the two: the producer serialises it once.
    expect(b!.headers).toBe(a!.headers);
    expect(traceContextOf({ traceparent: Buffer.from(a!.headers!.traceparent!) })).toEqual({ traceparent: a!.headers!.traceparent });
  });

  it('a publish outside a trace sends the messages as given, with no span', async () => {
    const { client, sent } = recordingClient();
    const messages = [{ key: 'a', value: '1', headers: { 'x-correlation-id': 'c1' } }];
    await new KafkaProducerService(client).publish('t', messages);
    expect(sent[0]![0]!.messages[0]).toBe(messages[0]);
    expect(spans.getFinishedSpans()).toHaveLength(0);
  });

  it('reads no trace context from a message without one', () => {
    expect(traceContextOf(undefined)).toBeNull();
    expect(traceContextOf({ 'x-correlation-id': 'c1' })).toBeNull();
    expect(traceContextOf({ traceparent: ['tp'], tracestate: 'k=v' })).toEqual({ traceparent: 'tp', tracestate: 'k=v' });
  });
});
