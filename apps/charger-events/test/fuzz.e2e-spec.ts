import { type AppProcess, FUZZ_SEED, fuzzApp, locationChanged, publishLocations } from '@app/testing';
import { INGEST_KEY, startIngestor, uniqueId } from './ingest-test-kit';

/** Issue 20.7: malformed requests on every route of the charger-events document, with and without the ingest key. */
describe(`charger-events fuzz (FUZZ_SEED=${FUZZ_SEED})`, () => {
  const brokers = process.env.TEST_KAFKA_BROKERS!;
  const location = uniqueId('L');
  const chargePoint = uniqueId('CP');
  const station = uniqueId('CS');
  let app: AppProcess;

  /** A valid event of each format, for EVSEs the app knows: the plain cases are published. */
  const timestamp = '2026-11-23T10:00:00Z';
  const events: Record<string, unknown> = {
    native: { location_id: location, evse_uid: `${location}-1`, status: 'CHARGING', timestamp },
    ocpp16: { charge_point_id: chargePoint, connectorId: 1, status: 'Charging', errorCode: 'NoError', timestamp },
    ocpp201: { station_id: station, evseId: 1, connectorId: 1, connectorStatus: 'Occupied', timestamp },
  };

  beforeAll(async () => {
    await publishLocations(brokers, [
      locationChanged(location, 2, [
        { evse_uid: `${location}-1`, charge_point_id: chargePoint, ocpp16_connector_id: 1 },
        { evse_uid: `${location}-2`, charge_point_id: station, ocpp201_evse_id: 1 },
      ]),
    ]);
    app = await startIngestor(brokers);
  });
  afterAll(async () => app?.stop());

  it('answers every case below 500 and stays up', async () => {
    const failures = await fuzzApp(app, {
      credentials: (_method, path) => (path.startsWith('/v1/') ? [{ authorization: `Bearer ${INGEST_KEY}` }] : []),
      bodyExample: (_method, path) => {
        const [format, batch] = path.split('/').slice(3);
        return batch ? { events: [events[format], events[format]] } : events[format];
      },
    });
    expect(failures).toEqual([]);
  });
});
