import { type AppProcess, locationChanged, publishLocations } from '@app/testing';
import { post, startIngestor, StatusTopicReader, uniqueId } from './ingest-test-kit';

/**
 * What chargers said of their connectors survives a restart (or a rolling
 * deploy to a new replica): the OCPP 2.0.1 fold and the OCPP 1.6 own status
 * that connector 0 Available gives back are restored from their topic before
 * the app answers OCPP events.
 */
describe('charger-events connector memory across a restart', () => {
  const brokers = process.env.TEST_KAFKA_BROKERS!;
  const L16 = uniqueId('M');
  const L201 = uniqueId('M');
  const CP = uniqueId('CP');
  const CS = uniqueId('CS');
  let ingestor: AppProcess | undefined;
  let reader: StatusTopicReader;

  beforeAll(async () => {
    await publishLocations(brokers, [
      locationChanged(L16, 1, [{ evse_uid: `${L16}-1`, charge_point_id: CP, ocpp16_connector_id: 1 }]),
      locationChanged(L201, 1, [{ evse_uid: `${L201}-1`, charge_point_id: CS, ocpp201_evse_id: 1 }]),
    ]);
    [ingestor, reader] = await Promise.all([startIngestor(brokers), StatusTopicReader.start(brokers)]);
  });

  afterAll(async () => {
    await Promise.all([ingestor?.stop(), reader?.stop()]);
  });

  it('folds and restores from what was said before the restart', async () => {
    const ocpp201 = (connectorId: number, connectorStatus: string, minute: number) =>
      post(ingestor!, '/v1/status-events/ocpp201', { station_id: CS, evseId: 1, connectorId, connectorStatus, timestamp: `2026-11-23T10:0${minute}:00Z` });
    const ocpp16 = (connectorId: number, status: string, minute: number) =>
      post(ingestor!, '/v1/status-events/ocpp16', { charge_point_id: CP, connectorId, status, errorCode: 'NoError', timestamp: `2026-11-23T10:0${minute}:00Z` });

    expect((await ocpp201(1, 'Occupied', 1)).status).toBe(202);
    expect((await ocpp16(1, 'Charging', 1)).status).toBe(202);

    await ingestor!.stop();
    ingestor = await startIngestor(brokers);

    // Connector 2 Available: the EVSE stays CHARGING because connector 1 is still occupied.
    expect((await ocpp201(2, 'Available', 2)).status).toBe(202);
    // The whole charge point Unavailable, then Available again: EVSE 1 gets back its own CHARGING.
    expect((await ocpp16(0, 'Unavailable', 3)).status).toBe(202);
    expect((await ocpp16(0, 'Available', 4)).status).toBe(202);

    const folded = await reader.waitFor(L201, 2);
    expect(folded.map((m) => m.value.status)).toEqual(['CHARGING', 'CHARGING']);
    const restored = await reader.waitFor(L16, 3);
    expect(restored.map((m) => m.value.status)).toEqual(['CHARGING', 'INOPERATIVE', 'CHARGING']);
  });
});
