import 'reflect-metadata';
import { pollUntil } from '@app/testing';
import { ocpiLocation, PushTestBed, type RecordedRequest, Simulator, uid } from './push-test-kit';

/**
 * A delivery longer than its lease, on real Kafka and PostgreSQL: a Location
 * whose twelve connectors' tariffs changed is twelve PATCHes one after the
 * other. With IOP_REQUEST_TIMEOUT_MS 1000 the lease is 7 s; at 800 ms of IOP
 * latency the delivery lasts about 10 s. The lease must be renewed, and the
 * row never claimed a second time while its delivery runs.
 */
jest.setTimeout(120_000);

const CONNECTORS = 12;

function location(id: string, tariff: string): Record<string, unknown> {
  const base = ocpiLocation(id, [{ uid: 'E1' }]);
  const [connector] = base.evses[0]!.connectors as Record<string, unknown>[];
  const connectors = Array.from({ length: CONNECTORS }, (_, i) => ({ ...connector, id: String(i + 1), tariff_ids: [tariff] }));
  return { ...base, evses: [{ ...base.evses[0], connectors }] };
}

const tariffPatches = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'PATCH' && r.connector_id !== undefined && r.connector_id !== null);

describe('gireve-push: a delivery that outlasts its lease', () => {
  const bed = new PushTestBed();
  let simulator: Simulator;

  beforeAll(async () => {
    await bed.setUp();
    simulator = await Simulator.start({ IOP_OCPI_VERSION: '2.2.1', IOP_DISCOVERY_REQUEST_IDS: 'refuse' });
    await bed.startWorker(simulator, { IOP_OCPI_VERSION: '2.2.1', IOP_REQUEST_TIMEOUT_MS: '1000' });
  });

  afterAll(async () => {
    await bed.tearDown();
    await simulator?.app.stop();
  });

  it('keeps its lease: each connector is PATCHed once, by one delivery', async () => {
    const id = uid('LOC');
    const publish = (tariff: string, changedAt: string) =>
      bed.publishLocation({ country_code: 'FR', party_id: 'ABC', location_id: id, change: 'upserted', location: location(id, tariff), changed_at: changedAt });
    await publish('T1', '2026-12-06T09:00:00Z');
    await pollUntil(
      () => simulator.requests({ location_id: id }),
      (r) => r.some((x) => x.method === 'PUT' && x.http_status < 300),
      { what: 'the PUT' },
    );

    await simulator.setFaults({ latency_ms: 800 });
    await publish('T2', '2026-12-06T09:01:00Z');
    await pollUntil(
      () => simulator.requests({ location_id: id }),
      (r) => tariffPatches(r).length >= CONNECTORS,
      { timeoutMs: 60_000, what: 'the tariff PATCHes' },
    );
    await pollUntil(
      () => bed.db.query('SELECT pending_since, lease_owner FROM location_push_state WHERE location_key = $1', [`FR/ABC/${id}`]),
      (r) => r.rows[0]?.pending_since === null && r.rows[0]?.lease_owner === null,
      { what: 'the Location in sync' },
    );
    await simulator.clearFaults();
    const patched = tariffPatches(await simulator.requests({ location_id: id })).map((r) => r.connector_id);
    expect(patched).toEqual(Array.from({ length: CONNECTORS }, (_, i) => String(i + 1)));
  });
});
