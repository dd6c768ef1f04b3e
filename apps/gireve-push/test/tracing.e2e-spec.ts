import { hashToken } from '@app/platform';
import { AppProcess, freePort, locationChanged, OtlpReceiver, pollUntil, publishLocations, type ReceivedSpan } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { PushTestBed, type RecordedRequest, Simulator } from './push-test-kit';

const SERVER = 2;
const CLIENT = 3;

/**
 * One trace from the ingest request to the IOP: charger-events' HTTP span, its
 * Kafka publish (traceparent in the message headers), gireve-push's outbox row
 * (trace_context), and the PATCH to the IOP, whose traceparent the IOP receives;
 * all exported over OTLP/HTTP to a receiver in this process.
 */
describe('tracing: ingest → Kafka → outbox → IOP, one trace', () => {
  const apps: AppProcess[] = [];
  // gireve-push's group starts at the topics' end: a group reading from the beginning would PUT every Location earlier specs published first.
  const bed = new PushTestBed();
  let receiver: OtlpReceiver;
  let simulator: Simulator;
  let ingestor: AppProcess;
  let locationsApi: AppProcess;
  const ingestKey = `ingest-key-${randomUUID()}`;
  const locationId = `LOC-${randomUUID().slice(0, 8)}`;
  const evseUid = `${locationId}-1`;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' };
    const kafka = { KAFKA_BROKERS: process.env.TEST_KAFKA_BROKERS!, KAFKA_TOPIC_PARTITIONS: '3' };
    await bed.setUp();
    await publishLocations(process.env.TEST_KAFKA_BROKERS!, [locationChanged(locationId, 1)]);
    simulator = await Simulator.start(tracing);
    apps.push(simulator.app);
    const [, ingest, api] = await Promise.all([
      bed.startWorker(simulator, tracing),
      AppProcess.start('charger-events', await freePort(), { ...kafka, ...tracing, INGEST_API_KEYS: `tracing:${hashToken(ingestKey)}` }),
      AppProcess.start('locations-api', await freePort(), { ...kafka, ...tracing, LOG_LEVEL: 'info', DATABASE_URL: process.env.TEST_DATABASE_URL! }),
    ]);
    apps.push(ingest, api);
    ingestor = ingest;
    locationsApi = api;
    await pollUntil(
      async () => (await fetch(`${ingestor.url}/health/ready`)).status,
      (status) => status === 200,
      { what: 'charger-events ready' },
    );
    // The status must go out as a PATCH, not inside the Location's first PUT.
    await pollUntil(
      () => simulator.requests({ location_id: locationId }),
      (requests) => requests.some((r) => r.method === 'PUT'),
      { what: 'the PUT of the Location' },
    );
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await bed.tearDown();
    await receiver?.close();
  });

  it('a status event and the PATCH that delivers it share one trace across charger-events and gireve-push', async () => {
    const accepted = await fetch(`${ingestor.url}/v1/status-events/native`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
      body: JSON.stringify({ location_id: locationId, evse_uid: evseUid, status: 'CHARGING', timestamp: new Date(Date.now() + 1000).toISOString() }),
    });
    expect(accepted.status).toBe(202);
    const [patch] = await pollUntil(
      async () => (await simulator.requests({ evse_uid: evseUid })).filter((r: RecordedRequest) => r.method === 'PATCH'),
      (patches) => patches.length > 0,
      { what: 'the PATCH at the IOP' },
    );

    const ingestSpan = await pollUntil(
      () => receiver.spans.find((s) => s.service === 'charger-events' && s.kind === SERVER && s.attributes['url.path'] === '/v1/status-events/native'),
      (span) => span !== undefined,
      { what: "charger-events' ingest span" },
    );
    const traceId = ingestSpan!.traceId;
    const inTrace = (predicate: (span: ReceivedSpan) => boolean) => receiver.spans.filter((s) => s.traceId === traceId && predicate(s));
    const iopSpans = await pollUntil(
      () => inTrace((s) => s.service === 'gireve-push' && s.kind === CLIENT && s.attributes['http.request.method'] === 'PATCH'),
      (spans) => spans.length > 0,
      { what: "gireve-push's IOP request span in the ingest's trace" },
    );
    // The IOP got the client span's own context, so its side of the trace joins too.
    expect(patch!.headers.traceparent).toBe(`00-${traceId}-${iopSpans[0]!.spanId}-01`);
    expect(inTrace((s) => s.service === 'charger-events' && s.name === 'publish ocpi.evse-status.v1')).toHaveLength(1);
    await pollUntil(
      () => inTrace((s) => s.service === 'iop-simulator' && s.kind === SERVER && s.parentSpanId === iopSpans[0]!.spanId),
      (spans) => spans.length === 1,
      { what: "the IOP's server span, child of the request's" },
    );
  });

  it("serves the IOP's pulls of locations-api inside the caller's trace, and logs them with its id", async () => {
    const traceId = randomUUID().replaceAll('-', '');
    await fetch(`${locationsApi.url}/ocpi/cpo/versions`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, authorization: 'Token unknown' } });
    await pollUntil(
      () => receiver.spans.filter((s) => s.traceId === traceId && s.service === 'locations-api' && s.kind === SERVER),
      (spans) => spans.length === 1,
      { what: "locations-api's server span" },
    );
    // Log lines written inside the trace (here pino-http's request line) carry its id.
    expect(locationsApi.logs).toContain(`"trace_id":"${traceId}"`);
  });
});
