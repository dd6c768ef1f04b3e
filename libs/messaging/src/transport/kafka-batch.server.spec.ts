import 'reflect-metadata';
import { Controller, type INestApplication } from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { pollUntil } from '@app/testing/poll-until';
import { EventEmitter } from 'node:events';
import type { Batch, EachBatchPayload, Kafka } from 'kafkajs';
import { KAFKA_BATCH_TRANSPORT, KafkaBatchServer } from './kafka-batch.server';

const EVENTS = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash', DISCONNECT: 'consumer.disconnect', STOP: 'consumer.stop' };

/** The part of a kafkajs consumer the server uses; connect never answers, as with a broker that does not. */
class FakeConsumer extends EventEmitter {
  readonly events = EVENTS;
  connect = jest.fn(() => new Promise<void>(() => undefined));
  disconnect = jest.fn(async () => undefined);
  subscribe = jest.fn(async () => undefined);
  run = jest.fn(async () => undefined);
  override on(event: string, listener: (event: unknown) => void): this {
    super.on(event, listener);
    return this;
  }
}

function server(consumer = new FakeConsumer(), heartbeatInterval = 3000): KafkaBatchServer {
  const kafka = { consumer: () => consumer } as unknown as Kafka;
  return new KafkaBatchServer(kafka, { name: 'kafka_intake', consumer: { groupId: 'g', heartbeatInterval } });
}

function payload(topic: string) {
  const batch = { topic, partition: 2, messages: [{ offset: '7' }, { offset: '8' }], firstOffset: () => '7', lastOffset: () => '8' } as unknown as Batch;
  return {
    batch,
    resolveOffset: jest.fn(),
    commitOffsetsIfNecessary: jest.fn(async () => undefined),
    heartbeat: jest.fn(async (): Promise<void> => undefined),
    isRunning: () => true,
    isStale: () => false,
  };
}

const seen: { handler: string; batch: Batch }[] = [];
let failNext = false;
let blockUntilHeartbeat: (() => Promise<void>) | undefined;

@Controller()
class TestController {
  @EventPattern('topic.a', KAFKA_BATCH_TRANSPORT)
  async a(batch: Batch): Promise<void> {
    seen.push({ handler: 'a', batch });
    if (failNext) throw new Error('database down');
    await blockUntilHeartbeat?.();
  }

  @EventPattern('topic.b', KAFKA_BATCH_TRANSPORT)
  b(batch: Batch): void {
    seen.push({ handler: 'b', batch });
  }
}

async function mount(strategy: KafkaBatchServer, controller: new () => unknown = TestController): Promise<INestApplication> {
  const module = await Test.createTestingModule({ controllers: [controller] }).compile();
  const app = module.createNestApplication({ logger: false });
  app.connectMicroservice({ strategy });
  await app.init();
  return app;
}

describe('KafkaBatchServer', () => {
  let app: INestApplication | undefined;

  beforeEach(() => {
    seen.length = 0;
    failNext = false;
    blockUntilHeartbeat = undefined;
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('hands each batch to the @EventPattern handler of its topic', async () => {
    const transport = server();
    app = await mount(transport);
    await transport.handleBatch(payload('topic.b') as unknown as EachBatchPayload);
    await transport.handleBatch(payload('topic.a') as unknown as EachBatchPayload);
    expect(seen.map((s) => [s.handler, s.batch.topic])).toEqual([
      ['b', 'topic.b'],
      ['a', 'topic.a'],
    ]);
  });

  it('commits a batch whose handler returned: its last offset resolved, then committed', async () => {
    const transport = server();
    app = await mount(transport);
    const run = payload('topic.a');
    await transport.handleBatch(run as unknown as EachBatchPayload);
    expect(run.resolveOffset).toHaveBeenCalledWith('8');
    expect(run.commitOffsetsIfNecessary).toHaveBeenCalled();
  });

  it('commits nothing of a batch whose handler threw, and throws so kafkajs delivers it again', async () => {
    const transport = server();
    app = await mount(transport);
    failNext = true;
    const run = payload('topic.a');
    // Nest turns the handler's throw into an errored Observable: the transport must still see a failure.
    await expect(transport.handleBatch(run as unknown as EachBatchPayload)).rejects.toBeDefined();
    expect(run.resolveOffset).not.toHaveBeenCalled();
    expect(run.commitOffsetsIfNecessary).not.toHaveBeenCalled();
  });

  it('heartbeats while the handler runs', async () => {
    const transport = server(new FakeConsumer(), 10);
    app = await mount(transport);
    const run = payload('topic.a');
    // The handler ends only once the transport heartbeated for it: without heartbeats this spec times out.
    blockUntilHeartbeat = () => new Promise<void>((resolve) => run.heartbeat.mockImplementation(async () => resolve(undefined)));
    await transport.handleBatch(run as unknown as EachBatchPayload);
    expect(run.commitOffsetsIfNecessary).toHaveBeenCalled();
  });

  it('refuses a second handler for a topic, and request-response handlers', async () => {
    @Controller()
    class Twice {
      @EventPattern('topic.a', KAFKA_BATCH_TRANSPORT)
      one(_batch: Batch): void {}
      @EventPattern('topic.a', KAFKA_BATCH_TRANSPORT)
      two(_batch: Batch): void {}
    }
    @Controller()
    class Request {
      @MessagePattern('topic.a', KAFKA_BATCH_TRANSPORT)
      one(_batch: Batch): void {}
    }
    await expect(mount(server(), Twice)).rejects.toThrow('a second @EventPattern handler');
    await expect(mount(server(), Request)).rejects.toThrow('no request-response');
  });

  it('answers listen at once while Kafka does not, is ready only once in its group, and closes while still connecting', async () => {
    const consumer = new FakeConsumer();
    const transport = server(consumer);
    app = await mount(transport);
    const listening = jest.fn();
    transport.listen(listening);
    expect(listening).toHaveBeenCalled();
    expect(transport.check()).toEqual({ kafka_intake: { status: 'down', message: 'connecting' } });
    consumer.emit(EVENTS.GROUP_JOIN, {});
    expect(transport.check()).toEqual({ kafka_intake: { status: 'up' } });
    consumer.emit(EVENTS.CRASH, { payload: { restart: true } });
    expect(transport.check()).toEqual({ kafka_intake: { status: 'down', message: 'connecting' } });
    await transport.close(); // connect() still pending: close must not wait for it
    expect(consumer.disconnect).toHaveBeenCalled();
    expect(transport.check()).toEqual({ kafka_intake: { status: 'down', message: 'closed' } });
  });

  it('starts again after a crash kafkajs does not recover from by itself, and not after one it does', async () => {
    const consumer = new FakeConsumer();
    consumer.connect.mockImplementation(async () => undefined);
    const transport = server(consumer);
    app = await mount(transport);
    transport.listen(() => undefined);
    await pollUntil(
      () => consumer.run.mock.calls.length,
      (n) => n === 1,
      { timeoutMs: 5000, intervalMs: 10, what: 'the consumer running' },
    );
    consumer.emit(EVENTS.CRASH, { payload: { restart: true, error: new Error('rebalance') } });
    consumer.emit(EVENTS.CRASH, { payload: { restart: false, error: new Error('not retriable') } });
    await pollUntil(
      () => consumer.run.mock.calls.length,
      (n) => n === 2,
      { timeoutMs: 5000, intervalMs: 10, what: 'the consumer running again' },
    );
    expect(consumer.connect).toHaveBeenCalledTimes(2);
  });

  it('retries with backoff while Kafka refuses, and stops retrying on close', async () => {
    const consumer = new FakeConsumer();
    consumer.connect.mockImplementation(() => Promise.reject(new Error('ECONNREFUSED')));
    const transport = server(consumer);
    app = await mount(transport);
    transport.listen(() => undefined);
    await pollUntil(
      () => consumer.connect.mock.calls.length,
      (n) => n >= 2,
      { timeoutMs: 5000, intervalMs: 10, what: 'a second attempt' },
    );
    await transport.close();
    const attempts = consumer.connect.mock.calls.length;
    expect(transport.check()).toEqual({ kafka_intake: { status: 'down', message: 'closed' } });
    await transport.close(); // idempotent: Nest calls it again on dispose
    expect(consumer.connect.mock.calls.length).toBe(attempts);
  });
});
