import { isSharedIn, planLocationPush, withHeldStatuses } from './location-push-plan';

function location(overrides: { name?: string; tariffs?: string[]; status?: string; lastUpdated?: string } = {}) {
  return {
    country_code: 'FR',
    party_id: 'ABC',
    id: 'LOC1',
    name: overrides.name ?? 'Gare de Lyon',
    last_updated: overrides.lastUpdated ?? '2026-11-23T10:00:00Z',
    evses: [
      {
        uid: 'E1',
        status: overrides.status ?? 'AVAILABLE',
        last_updated: overrides.lastUpdated ?? '2026-11-23T10:00:00Z',
        connectors: [
          { id: '1', standard: 'IEC_62196_T2', tariff_ids: overrides.tariffs ?? ['T1'], last_updated: '2026-11-23T10:00:00Z' },
          { id: '2', standard: 'CHADEMO', tariff_ids: ['T9'], last_updated: '2026-11-23T10:00:00Z' },
        ],
      },
    ],
  };
}

describe(planLocationPush.name, () => {
  it('PUTs a Location the IOP never acknowledged', () => {
    expect(planLocationPush('2.2.1', null, location())).toEqual({ kind: 'put', body: location() });
  });

  it('sends nothing when only statuses or last_updated changed', () => {
    expect(planLocationPush('2.2.1', location(), location({ status: 'CHARGING', lastUpdated: '2026-11-23T11:00:00Z' }))).toEqual({ kind: 'none' });
  });

  it('PUTs when a static field changed', () => {
    expect(planLocationPush('2.2.1', location(), location({ name: 'Gare de Lyon – Hall 2' }))).toMatchObject({ kind: 'put' });
  });

  it('PATCHes only the connector whose tariffs changed (2.2.1: tariff_ids with last_updated)', () => {
    expect(planLocationPush('2.2.1', location(), location({ tariffs: ['T2'] }))).toEqual({
      kind: 'patch-tariffs',
      patches: [{ evseUid: 'E1', connectorId: '1', body: { tariff_ids: ['T2'], last_updated: '2026-11-23T10:00:00Z' } }],
    });
  });

  it("PATCHes tariff_id with the connector's last_updated in 2.1.1, as GIREVE's examples send it", () => {
    const v211 = (tariff: string, stamp: string) => ({
      id: 'LOC1',
      last_updated: stamp,
      evses: [{ uid: 'E1', status: 'AVAILABLE', connectors: [{ id: '1', tariff_id: tariff, last_updated: stamp }] }],
    });
    expect(planLocationPush('2.1.1', v211('T1', '2026-11-23T10:00:00Z'), v211('T2', '2026-11-23T11:00:00Z'))).toEqual({
      kind: 'patch-tariffs',
      patches: [{ evseUid: 'E1', connectorId: '1', body: { tariff_id: 'T2', last_updated: '2026-11-23T11:00:00Z' } }],
    });
  });

  it('PUTs when a tariff is removed, since a PATCH cannot remove data', () => {
    expect(planLocationPush('2.2.1', location(), location({ tariffs: [] }))).toMatchObject({ kind: 'put' });
  });

  it('PUTs when tariffs and another field changed together', () => {
    expect(planLocationPush('2.2.1', location(), location({ tariffs: ['T2'], name: 'New name' }))).toMatchObject({ kind: 'put' });
  });
});

describe('back-office statuses', () => {
  it('PUTs an EVSE becoming REMOVED or PLANNED, and one ceasing to be', () => {
    for (const office of ['REMOVED', 'PLANNED']) {
      expect(planLocationPush('2.2.1', location(), location({ status: office }))).toEqual({ kind: 'put', body: location({ status: office }) });
      expect(planLocationPush('2.2.1', location({ status: office }), location())).toEqual({ kind: 'put', body: location() });
    }
  });
});

describe(withHeldStatuses.name, () => {
  it('carries the status the IOP holds, never moving last_updated back from what was last sent', () => {
    const held = new Map([['E1', { pushed_status: 'CHARGING', last_sent_at: new Date('2026-11-23T10:05:00Z') }]]);
    const result = withHeldStatuses(location(), held) as ReturnType<typeof location>;
    expect(result.evses[0].status).toBe('CHARGING');
    expect(result.evses[0].last_updated).toBe('2026-11-23T10:05:00Z');
    expect(result.last_updated).toBe('2026-11-23T10:05:00Z');
  });

  it("keeps the Location's own last_updated when it is newer than what was last sent", () => {
    const held = new Map([['E1', { pushed_status: 'CHARGING', last_sent_at: new Date('2026-11-23T09:00:00Z') }]]);
    const result = withHeldStatuses(location(), held) as ReturnType<typeof location>;
    expect(result.evses[0].last_updated).toBe('2026-11-23T10:00:00Z');
    expect(result.last_updated).toBe('2026-11-23T10:00:00Z');
  });

  it('lets a back-office status of the Location win over the status the IOP holds', () => {
    const held = new Map([['E1', { pushed_status: 'CHARGING', last_sent_at: null }]]);
    expect((withHeldStatuses(location({ status: 'REMOVED' }), held) as ReturnType<typeof location>).evses[0].status).toBe('REMOVED');
  });

  it('gives an EVSE back its Location status when the IOP holds a back-office status or nothing', () => {
    expect((withHeldStatuses(location(), new Map([['E1', { pushed_status: 'REMOVED', last_sent_at: null }]])) as ReturnType<typeof location>).evses[0].status).toBe('AVAILABLE');
    expect((withHeldStatuses(location(), new Map([['E1', { pushed_status: null, last_sent_at: null }]])) as ReturnType<typeof location>).evses[0].status).toBe('AVAILABLE');
  });

  it('leaves EVSEs the status outbox does not know untouched', () => {
    expect(withHeldStatuses(location(), new Map())).toEqual(location());
  });
});

describe(isSharedIn.name, () => {
  it('shares every Location in 2.2.1, which carries publish, and only published ones in 2.1.1, which cannot', () => {
    const unpublished = { ...location(), publish: false };
    expect(isSharedIn('2.2.1', unpublished)).toBe(true);
    expect(isSharedIn('2.1.1', unpublished)).toBe(false);
    expect(isSharedIn('2.1.1', { ...location(), publish: true })).toBe(true);
  });
});
