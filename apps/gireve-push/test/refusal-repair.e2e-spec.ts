import 'reflect-metadata';
import { pollUntil } from '@app/testing';
import { ocpiLocation, PushTestBed, type RecordedRequest, Simulator, uid } from './push-test-kit';

/**
 * A refused PATCH is repaired, not parked: the IOP lost a Location we had PUT
 * (here: a new IOP that never saw it, as strict as GIREVE about unknown
 * objects). OCPI: when a PATCH fails, the object may be missing; PUT it.
 */
jest.setTimeout(120_000);

const summary = (requests: RecordedRequest[]) => requests.map((r) => `${r.method}${r.evse_uid ? ` ${String((r.body as { status?: string }).status)}` : ''} ${r.http_status}`);

describe('gireve-push: a refused PATCH is repaired by a PUT of its Location', () => {
  const bed = new PushTestBed();
  const simulators: Simulator[] = [];

  beforeAll(() => bed.setUp());

  afterAll(async () => {
    await bed.tearDown();
    await Promise.all(simulators.map((simulator) => simulator.app.stop()));
  });

  it('PUTs the Location again after a 2003, then delivers the status', async () => {
    const [location, evse] = [uid('LOC'), uid('E')];
    const first = await Simulator.start({ IOP_OCPI_VERSION: '2.2.1' });
    simulators.push(first);
    const before = await bed.startWorker(first, { IOP_OCPI_VERSION: '2.2.1' });
    await bed.publishLocation({
      country_code: 'FR',
      party_id: 'ABC',
      location_id: location,
      change: 'upserted',
      location: ocpiLocation(location, [{ uid: evse }]),
      changed_at: '2026-12-06T09:00:00Z',
    });
    await pollUntil(
      () => first.requests({ location_id: location }),
      (r) => r.some((x) => x.method === 'PUT' && x.http_status < 300),
      { what: 'the PUT' },
    );
    await before.stop('SIGTERM');

    // Another IOP, which never received the Location.
    const second = await Simulator.start({ IOP_OCPI_VERSION: '2.2.1', IOP_PATCH_UNKNOWN: 'refuse' });
    simulators.push(second);
    await bed.startWorker(second, { IOP_OCPI_VERSION: '2.2.1' });
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'CHARGING', event_time: '2026-12-06T09:05:00Z' }]);
    const requests = await pollUntil(
      () => second.requests({ location_id: location }),
      (r) => r.some((x) => x.method === 'PATCH' && x.http_status === 200),
      { what: 'the status delivered after the repair' },
    );
    expect(summary(requests)).toEqual(['PATCH CHARGING 404', 'PUT 201', 'PATCH CHARGING 200']);
    // Recorded once the completion is written (batched): in sync, nothing parked, the repair over.
    const row = await pollUntil(
      () => bed.evseRow(location, evse),
      (r) => r?.pushed_status === 'CHARGING',
      { what: 'the delivery recorded' },
    );
    expect(row).toMatchObject({ parked_at: null, repair_requested_at: null });
  });
});
