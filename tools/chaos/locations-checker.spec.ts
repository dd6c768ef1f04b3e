import type { IopRecord } from './invariant-checker';
import { checkLocations, type ExpectedLocation } from './locations-checker';

let seq = 0;
const record = (method: string, ids: { evse?: string; connector?: string }, body: unknown): IopRecord => ({
  seq: ++seq,
  method,
  path: `/ocpi/emsp/2.2.1/locations/FR/ABC/L1${ids.evse ? `/${ids.evse}` : ''}${ids.connector ? `/${ids.connector}` : ''}`,
  location_id: 'L1',
  evse_uid: ids.evse,
  connector_id: ids.connector,
  body,
  received_at: '2026-12-06T10:00:00Z',
  completed_at: '2026-12-06T10:00:00.010Z',
  http_status: 200,
  ocpi_status_code: 1000,
});
const put = (evses: { uid: string; status: string; tariff: string }[], publish = true) =>
  record('PUT', {}, { id: 'L1', publish, evses: evses.map((e) => ({ uid: e.uid, status: e.status, connectors: [{ id: '1', tariff_ids: [e.tariff] }] })) });

const expected = (evses: { uid: string; removed?: boolean; tariff: string }[], publish = true): ExpectedLocation[] => [
  { id: 'L1', publish, evses: evses.map((e) => ({ uid: e.uid, removed: e.removed ?? false, connectors: [{ id: '1', tariff_ids: [e.tariff] }] })) },
];

describe('checkLocations', () => {
  it('passes when the IOP holds the last edit: a PUT, then a tariff PATCH and a status PATCH', () => {
    const records = [
      put([{ uid: 'E1', status: 'AVAILABLE', tariff: 'T1' }]),
      record('PATCH', { evse: 'E1', connector: '1' }, { tariff_ids: ['T2'] }),
      record('PATCH', { evse: 'E1' }, { status: 'CHARGING' }),
    ];
    expect(checkLocations(expected([{ uid: 'E1', tariff: 'T2' }]), records)).toEqual([]);
  });

  it('reports a tariff edit overwritten by an older PUT, an EVSE missing at the IOP and a publish flag not sent', () => {
    const records = [record('PATCH', { evse: 'E1', connector: '1' }, { tariff_ids: ['T2'] }), put([{ uid: 'E1', status: 'AVAILABLE', tariff: 'T1' }])];
    const found = checkLocations(
      expected(
        [
          { uid: 'E1', tariff: 'T2' },
          { uid: 'E2', tariff: 'T1' },
        ],
        false,
      ),
      records,
    );
    expect(found.map((v) => v.kind)).toEqual(['stale_location', 'stale_location', 'stale_location']);
    expect(found.map((v) => v.detail).join(' | ')).toMatch(/publish true.*EVSEs E1 at the IOP, E1,E2.*tariffs T1 at the IOP, T2/);
  });

  it('reports an EVSE removed in locations-api that the IOP does not hold REMOVED, and ignores failed requests', () => {
    const failed = { ...put([{ uid: 'E1', status: 'REMOVED', tariff: 'T1' }]), http_status: 503, ocpi_status_code: undefined };
    const records = [put([{ uid: 'E1', status: 'AVAILABLE', tariff: 'T1' }]), failed];
    expect(checkLocations(expected([{ uid: 'E1', removed: true, tariff: 'T1' }]), records)).toEqual([expect.objectContaining({ kind: 'removed_never_arrived', evse: 'L1/E1' })]);
  });
});
