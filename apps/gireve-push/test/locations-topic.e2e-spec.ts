import 'reflect-metadata';
import type { LocationChangedV1 } from '@app/messaging';
import { pollUntil } from '@app/testing';
import { ocpiLocation, PushTestBed, type RecordedRequest, Simulator, uid } from './push-test-kit';

/**
 * The Locations topic as gireve-push reads it, on real Kafka and PostgreSQL:
 * every message is a snapshot of its Location (compaction may have removed
 * the edit before an 'evse-status' one), and a Location's messages are
 * ordered by revision, never by the changing replica's clock.
 */
jest.setTimeout(120_000);

const puts = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'PUT' && !r.evse_uid && r.http_status < 300);

describe('gireve-push: the Locations topic', () => {
  const bed = new PushTestBed();
  let simulator: Simulator;

  beforeAll(async () => {
    await bed.setUp();
    simulator = await Simulator.start({ IOP_OCPI_VERSION: '2.2.1', IOP_DISCOVERY_REQUEST_IDS: 'refuse' });
    await bed.startWorker(simulator, { IOP_OCPI_VERSION: '2.2.1' });
  });

  afterAll(async () => {
    await bed.tearDown();
    await simulator?.app.stop();
  });

  const change = (location: string, fields: Partial<Omit<LocationChangedV1, 'ocpp_bindings'>> & { name?: string; status?: string }) => {
    const { name, status, ...rest } = fields;
    return {
      country_code: 'FR',
      party_id: 'ABC',
      location_id: location,
      change: 'upserted' as const,
      location: ocpiLocation(location, [{ uid: 'E1', status }], { name }),
      changed_at: '2026-12-06T09:00:00Z',
      ...rest,
    };
  };

  it("PUTs a Location whose only message left is an 'evse-status' one (its edit compacted away)", async () => {
    const location = uid('LOC');
    await bed.publishLocation(change(location, { change: 'evse-status', status: 'CHARGING', revision: 7 }));
    const requests = await pollUntil(
      () => simulator.requests({ location_id: location }),
      (r) => puts(r).length === 1,
      { what: 'the PUT' },
    );
    expect(puts(requests)[0]!.body.name).toBe('Gare de Lyon');
  });

  it('orders a Location’s messages by revision: a later revision from a replica whose clock is behind is not dropped', async () => {
    const location = uid('LOC');
    await bed.publishLocation(change(location, { name: 'First', revision: 1, changed_at: '2026-12-06T10:00:00Z' }));
    await pollUntil(
      () => simulator.requests({ location_id: location }),
      (r) => puts(r).length === 1,
      { what: 'the first PUT' },
    );
    // The next edit was made on a replica whose clock is a minute behind.
    await bed.publishLocation(change(location, { name: 'Second', revision: 2, changed_at: '2026-12-06T09:59:00Z' }));
    const requests = await pollUntil(
      () => simulator.requests({ location_id: location }),
      (r) => puts(r).length === 2,
      { what: 'the second PUT' },
    );
    expect(puts(requests).map((r) => r.body.name)).toEqual(['First', 'Second']);
  });

  it('stores a snapshot that changes only statuses without pushing the Location again; the next edit is pushed', async () => {
    const location = uid('LOC');
    await bed.publishLocation(change(location, { name: 'Before', revision: 1 }));
    await pollUntil(
      () => simulator.requests({ location_id: location }),
      (r) => puts(r).length === 1,
      { what: 'the first PUT' },
    );
    await bed.publishLocation(change(location, { name: 'Before', change: 'evse-status', status: 'CHARGING', revision: 2 }));
    const stored = await pollUntil(
      () => bed.db.query('SELECT revision::int AS revision, pending_since FROM location_push_state WHERE location_key = $1', [`FR/ABC/${location}`]),
      (r) => r.rows[0]?.revision === 2,
      { what: 'the status snapshot stored' },
    );
    expect(stored.rows[0].pending_since).toBeNull(); // nothing to push
    await bed.publishLocation(change(location, { name: 'After', revision: 3 }));
    const requests = await pollUntil(
      () => simulator.requests({ location_id: location }),
      (r) => puts(r).some((x) => x.body.name === 'After'),
      { what: 'the edit PUT' },
    );
    expect(puts(requests).map((r) => r.body.name)).toEqual(['Before', 'After']);
  });
});
