import { type AppProcess, locationChanged, pollUntil, publishLocations } from '@app/testing';
import { post, startIngestor, uniqueId } from './ingest-test-kit';

/**
 * A charger bound a moment ago may send before its binding reaches the EVSE
 * registry: during the grace period it gets 503 with Retry-After (a CSMS
 * retries), and 202 once the binding arrives; after the period, 422.
 */
describe('charger-events and a charger whose binding is on its way', () => {
  const brokers = process.env.TEST_KAFKA_BROKERS!;
  let ingestor: AppProcess | undefined;

  beforeAll(async () => {
    ingestor = await startIngestor(brokers, { UNBOUND_CHARGER_GRACE_S: '600' });
  });

  afterAll(async () => {
    await ingestor?.stop();
  });

  it('answers 503 with Retry-After until the binding arrives, then 202', async () => {
    const CP = uniqueId('CP');
    const L = uniqueId('L');
    const event = { charge_point_id: CP, connectorId: 1, status: 'Charging', errorCode: 'NoError', timestamp: '2026-11-23T10:00:00Z' };
    const early = await post(ingestor!, '/v1/status-events/ocpp16', event);
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('2');
    expect(await early.json()).toMatchObject({ error: 'charger_not_bound_yet' });

    const batch = await post(ingestor!, '/v1/status-events/ocpp16/batch', { events: [event] });
    expect(await batch.json()).toMatchObject({ accepted: 0, results: [{ index: 0, status: 'rejected', reason: 'charger_not_bound_yet' }] });

    await publishLocations(brokers, [locationChanged(L, 1, [{ evse_uid: `${L}-1`, charge_point_id: CP, ocpp16_connector_id: 1 }])]);
    await pollUntil(
      async () => (await post(ingestor!, '/v1/status-events/ocpp16', event)).status,
      (status) => status === 202,
      { what: 'a 202 once the binding is known' },
    );
  });
});
