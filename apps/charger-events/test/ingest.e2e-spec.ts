import { type AppProcess, locationChanged, pollUntil, publishLocations } from '@app/testing';
import { post, postDeclaringLength, startIngestor, StatusTopicReader, uniqueId } from './ingest-test-kit';

/**
 * charger-events on a real Kafka broker: events for EVSEs known from the
 * Locations topic land on the status topic with the EVSE's key and the right
 * payload; everything else is refused with a precise error and never published.
 */
describe('charger-events ingest', () => {
  const brokers = process.env.TEST_KAFKA_BROKERS!;
  const L1 = uniqueId('L');
  const L2 = uniqueId('L');
  const CP = uniqueId('CP');
  const CS = uniqueId('CS');
  let ingestor: AppProcess;
  let reader: StatusTopicReader;

  beforeAll(async () => {
    // Published before the app starts: it must rebuild its registry from the topic.
    await publishLocations(brokers, [
      locationChanged(L1, 3, [
        { evse_uid: `${L1}-1`, charge_point_id: CP, ocpp16_connector_id: 1 },
        { evse_uid: `${L1}-2`, charge_point_id: CP, ocpp16_connector_id: 2 },
      ]),
      locationChanged(L2, 1, [{ evse_uid: `${L2}-1`, charge_point_id: CS, ocpp201_evse_id: 1 }]),
    ]);
    [ingestor, reader] = await Promise.all([startIngestor(brokers), StatusTopicReader.start(brokers)]);
  });

  /**
   * Publishes a Location with `evses` EVSEs while the app runs, and waits until
   * its registry knows it (live update, no restart): the wait publishes one
   * AVAILABLE event at 09:00 for its first EVSE.
   */
  async function newLocation(evses: number): Promise<string> {
    const id = uniqueId('L');
    await publishLocations(brokers, [locationChanged(id, evses)]);
    await pollUntil(
      async () => (await post(ingestor, '/v1/status-events/native', { location_id: id, evse_uid: `${id}-1`, status: 'AVAILABLE', timestamp: '2026-11-23T09:00:00Z' })).status,
      (status) => status === 202,
      { what: 'the new Location in the registry' },
    );
    return id;
  }

  afterAll(async () => {
    await Promise.all([ingestor?.stop(), reader?.stop()]);
  });

  it('publishes a native event keyed by EVSE with its payload and correlation id, after answering 202', async () => {
    const response = await post(
      ingestor,
      '/v1/status-events/native',
      { location_id: L1, evse_uid: `${L1}-3`, status: 'CHARGING', timestamp: '2026-11-23T10:00:00.250+01:00' },
      { 'x-correlation-id': 'corr-native-1' },
    );
    expect(response.status).toBe(202);
    expect(response.headers.get('x-correlation-id')).toBe('corr-native-1');
    const { event_ids } = (await response.json()) as { event_ids: string[] };
    expect(event_ids).toHaveLength(1);

    const [published] = await reader.waitFor(L1, 1);
    expect(published).toEqual({
      key: `FR/ABC/${L1}/${L1}-3`,
      correlationId: 'corr-native-1',
      value: {
        event_id: event_ids[0],
        country_code: 'FR',
        party_id: 'ABC',
        location_id: L1,
        evse_uid: `${L1}-3`,
        status: 'CHARGING',
        event_time: '2026-11-23T09:00:00.250Z',
        received_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        source: 'ocpi',
      },
    });
  });

  it('maps an OCPP 1.6 connector to its EVSE, and connector 0 Faulted to every EVSE of the charge point', async () => {
    const connector = await post(ingestor, '/v1/status-events/ocpp16', {
      charge_point_id: CP,
      connectorId: 2,
      status: 'SuspendedEV',
      errorCode: 'NoError',
      timestamp: '2026-11-23T10:01:00Z',
    });
    expect(connector.status).toBe(202);
    const whole = await post(ingestor, '/v1/status-events/ocpp16', { charge_point_id: CP, connectorId: 0, status: 'Faulted', errorCode: 'GroundFailure', timestamp: '2026-11-23T10:02:00Z' });
    expect(whole.status).toBe(202);
    expect(((await whole.json()) as { event_ids: string[] }).event_ids).toHaveLength(2);

    const published = (await reader.waitFor(L1, 4)).filter((m) => m.value.source === 'ocpp16');
    expect(published.map((m) => [m.key, m.value.status, m.value.event_time]).sort()).toEqual([
      [`FR/ABC/${L1}/${L1}-1`, 'OUTOFORDER', '2026-11-23T10:02:00.000Z'],
      [`FR/ABC/${L1}/${L1}-2`, 'CHARGING', '2026-11-23T10:01:00.000Z'],
      [`FR/ABC/${L1}/${L1}-2`, 'OUTOFORDER', '2026-11-23T10:02:00.000Z'],
    ]);
  });

  it('maps an OCPP 2.0.1 station EVSE', async () => {
    const response = await post(ingestor, '/v1/status-events/ocpp201', { station_id: CS, evseId: 1, connectorId: 1, connectorStatus: 'Reserved', timestamp: '2026-11-23T10:03:00Z' });
    expect(response.status).toBe(202);
    const [published] = await reader.waitFor(L2, 1);
    expect(published).toMatchObject({ key: `FR/ABC/${L2}/${L2}-1`, value: { status: 'RESERVED', source: 'ocpp201' } });
  });

  it('refuses unknown chargers and EVSEs with 422 and counts them, publishing nothing', async () => {
    const rejectedBefore = await metric(ingestor, 'charger_events_rejected_total', 'reason="unknown_charger"');
    const unknownCharger = await post(ingestor, '/v1/status-events/ocpp16', { charge_point_id: 'NOBODY', connectorId: 1, status: 'Charging', errorCode: 'NoError' });
    expect(unknownCharger.status).toBe(422);
    expect(await unknownCharger.json()).toMatchObject({ error: 'unknown_charger', message: expect.stringContaining('NOBODY') });
    const unknownEvse = await post(ingestor, '/v1/status-events/native', { location_id: L2, evse_uid: `${L2}-9`, status: 'CHARGING', timestamp: '2026-11-23T10:04:00Z' });
    expect(unknownEvse.status).toBe(422);
    expect(await metric(ingestor, 'charger_events_rejected_total', 'reason="unknown_charger"')).toBe(rejectedBefore + 1);

    // A marker on the same EVSE partition as the refused one: once it arrived, the refused event would have too.
    expect((await post(ingestor, '/v1/status-events/native', { location_id: L2, evse_uid: `${L2}-1`, status: 'AVAILABLE', timestamp: '2026-11-23T10:05:00Z' })).status).toBe(202);
    await pollUntil(
      () => reader.of(L2).filter((m) => m.value.status === 'AVAILABLE'),
      (found) => found.length === 1,
      { what: 'the marker event' },
    );
    expect(reader.of(L2).map((m) => m.value.evse_uid)).not.toContain(`${L2}-9`);
  });

  it('answers a batch per event: the good ones are published, the bad ones explained', async () => {
    const L3 = await newLocation(2);
    const response = await post(ingestor, '/v1/status-events/native/batch', {
      events: [
        { location_id: L3, evse_uid: `${L3}-1`, status: 'CHARGING', timestamp: '2026-11-23T10:00:00Z' },
        { location_id: L3, evse_uid: `${L3}-2`, status: 'PLUGGED', timestamp: '2026-11-23T10:00:00Z' },
        { location_id: L3, evse_uid: `${L3}-404`, status: 'CHARGING', timestamp: '2026-11-23T10:00:00Z' },
        { location_id: L3, evse_uid: `${L3}-2`, status: 'BLOCKED', timestamp: '2026-11-23T10:00:01Z' },
      ],
    });
    expect(response.status).toBe(200);
    // The service renders the answer as text before Kafka acknowledges: it must still say it is JSON.
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as { accepted: number; rejected: number; results: Record<string, unknown>[] };
    expect(body).toMatchObject({ accepted: 2, rejected: 2 });
    expect(body.results.map((r) => [r.index, r.status, r.reason])).toEqual([
      [0, 'accepted', undefined],
      [1, 'rejected', 'invalid'],
      [2, 'rejected', 'unknown_evse'],
      [3, 'accepted', undefined],
    ]);
    expect(body.results[1]).toMatchObject({ message: expect.stringContaining('status: must be one of') });

    const published = (await reader.waitFor(L3, 3)).filter((m) => m.value.event_time !== '2026-11-23T09:00:00.000Z');
    expect(published.map((m) => [m.value.evse_uid, m.value.status]).sort()).toEqual([
      [`${L3}-1`, 'CHARGING'],
      [`${L3}-2`, 'BLOCKED'],
    ]);
  });

  it("keeps each request's correlation id on its own events when concurrent requests share a produce request", async () => {
    const L4 = await newLocation(4);
    const requests = Array.from({ length: 12 }, (_, r) =>
      post(
        ingestor,
        '/v1/status-events/native/batch',
        { events: [1, 2, 3, 4].map((n) => ({ location_id: L4, evse_uid: `${L4}-${n}`, status: 'CHARGING', timestamp: `2026-11-23T10:00:${String(r).padStart(2, '0')}Z` })) },
        { 'x-correlation-id': `corr-batch-${r}` },
      ),
    );
    const sentBy = new Map<string, string>();
    for (const [r, response] of (await Promise.all(requests)).entries()) {
      const body = (await response.json()) as { accepted: number; results: { event_ids: string[] }[] };
      expect(body.accepted).toBe(4);
      for (const { event_ids } of body.results) sentBy.set(event_ids[0]!, `corr-batch-${r}`);
    }
    const published = (await reader.waitFor(L4, 1 + 48)).filter((m) => sentBy.has(m.value.event_id as string));
    expect(published).toHaveLength(48);
    for (const message of published) expect([message.value.event_id, message.correlationId]).toEqual([message.value.event_id, sentBy.get(message.value.event_id as string)]);
  });

  it('refuses requests without a valid key', async () => {
    const body = JSON.stringify({ location_id: L1, evse_uid: `${L1}-1`, status: 'CHARGING', timestamp: '2026-11-23T10:00:00Z' });
    const noKey = await fetch(`${ingestor.url}/v1/status-events/native`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(noKey.status).toBe(401);
    expect((await post(ingestor, '/v1/status-events/native', body, { authorization: 'Bearer wrong-key' })).status).toBe(401);
  });

  it('answers bad input with 4xx and a precise message, never 5xx', async () => {
    const malformed = await post(ingestor, '/v1/status-events/native', '{"location_id": ');
    expect(malformed.status).toBe(400);
    const wrongType = await post(ingestor, '/v1/status-events/ocpp16', { charge_point_id: CP, connectorId: '1', status: 'Charging', errorCode: 'NoError' });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ message: 'connectorId: must be an integer', errors: [{ path: 'connectorId', reason: 'must be an integer' }] });
    const future = await post(ingestor, '/v1/status-events/native', { location_id: L1, evse_uid: `${L1}-1`, status: 'CHARGING', timestamp: new Date(Date.now() + 3600_000).toISOString() });
    expect(future.status).toBe(422);
    expect(await future.json()).toMatchObject({ error: 'clock_ahead' });
    const tooBig = await postDeclaringLength(ingestor, '/v1/status-events/native/batch', 2 * 1024 * 1024);
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body)).toMatchObject({ statusCode: 413 });
    const notABatch = await post(ingestor, '/v1/status-events/native/batch', { events: {} });
    expect(notABatch.status).toBe(400);
    const notJson = await fetch(`${ingestor.url}/v1/status-events/native`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-ingest-key-0123456789', 'content-type': 'text/plain' },
      body: 'CHARGING',
    });
    expect(notJson.status).toBe(400);
  });

  it('answers a body nested too deeply, and ids with a NUL byte or a lone surrogate, with 400 saying why', async () => {
    const deep = await post(ingestor, '/v1/status-events/native/batch', `{"events":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    expect(deep.status).toBe(400);
    expect(await deep.json()).toMatchObject({ message: expect.stringContaining('deeper than 64 levels') });
    for (const body of [
      { location_id: 'L\u0000', evse_uid: `${L1}-1`, status: 'CHARGING', timestamp: '2026-11-23T10:00:00Z' },
      { location_id: L1, evse_uid: '\ud800', status: 'CHARGING', timestamp: '2026-11-23T10:00:00Z' },
    ]) {
      const response = await post(ingestor, '/v1/status-events/native', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [{ reason: 'must contain only printable ASCII characters' }] });
    }
    const chargePoint = await post(ingestor, '/v1/status-events/ocpp16', { charge_point_id: 'CP\u0000', connectorId: 1, status: 'Charging', errorCode: 'NoError' });
    expect(chargePoint.status).toBe(400);
  });

  it('serves its OpenAPI document and page', async () => {
    const document = (await (await fetch(`${ingestor.url}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toContain('/v1/status-events/ocpp16/batch');
    expect((await fetch(`${ingestor.url}/docs`)).status).toBe(200);
  });

  it('reports its registry in readiness and its ingest in metrics', async () => {
    expect(await (await fetch(`${ingestor.url}/health/ready`)).json()).toMatchObject({ info: { kafka: { status: 'up' }, evse_registry: { status: 'up' } } });
    expect(await metric(ingestor, 'charger_events_accepted_total', 'source="ocpi"')).toBeGreaterThanOrEqual(4);
    expect(await metric(ingestor, 'charger_events_rejected_total', 'reason="invalid"')).toBeGreaterThanOrEqual(2);
  });
});

/** The sum of a counter's series whose labels contain `labels`. */
async function metric(app: AppProcess, name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}
