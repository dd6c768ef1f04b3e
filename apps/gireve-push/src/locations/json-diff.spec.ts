import { diffJson } from './json-diff';

describe(diffJson.name, () => {
  it('finds nothing between equal objects, whatever their last_updated', () => {
    expect(diffJson({ id: 'L', name: 'A', last_updated: '2026-01-01T00:00:00Z' }, { id: 'L', name: 'A', last_updated: '2027-01-01T00:00:00Z' })).toEqual([]);
  });

  it('names the path of each difference, list items by uid or id', () => {
    const ours = { id: 'L', evses: [{ uid: 'E1', status: 'CHARGING', connectors: [{ id: '1', tariff_id: 'T2' }] }] };
    const theirs = { id: 'L', evses: [{ uid: 'E1', status: 'AVAILABLE', connectors: [{ id: '1', tariff_id: 'T1' }] }] };
    expect(diffJson(ours, theirs)).toEqual([
      { path: 'evses[E1].status', ours: 'CHARGING', theirs: 'AVAILABLE' },
      { path: 'evses[E1].connectors[1].tariff_id', ours: 'T2', theirs: 'T1' },
    ]);
  });

  it('matches list items by key, not position, and reports missing ones', () => {
    const ours = { evses: [{ uid: 'E1' }, { uid: 'E2' }] };
    const theirs = { evses: [{ uid: 'E2' }, { uid: 'E1' }, { uid: 'E3' }] };
    expect(diffJson(ours, theirs)).toEqual([{ path: 'evses[E3]', ours: undefined, theirs: { uid: 'E3' } }]);
  });
});
