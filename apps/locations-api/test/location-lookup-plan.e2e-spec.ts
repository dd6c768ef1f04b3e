import { SAME_LOCATION_SQL } from '../src/location-store/stored-location';
import { LocationsApiHarness } from './locations-api.harness';

interface PlanNode {
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/**
 * The batch writes that find Locations by key (the revision count of the
 * outbox, the status consumer's lock) must read one index entry per key,
 * also on a table PostgreSQL has no statistics for yet (a bulk import, a
 * server without autovacuum, as CI's): matched on id alone, the plan read
 * the (country, party, lower(id)) index by country and party and filtered
 * every Location of the party for each key.
 */
describe('locations-api: Locations found by key read one index entry each', () => {
  let api: LocationsApiHarness;

  beforeAll(async () => {
    api = await LocationsApiHarness.start('lookup_plan');
    await api.db.query(
      `INSERT INTO locations (country_code, party_id, id, publish, last_updated, body)
       SELECT 'FR', 'ABC', 'PLAN-' || n, true, now(), '{}' FROM generate_series(1, 3000) AS n`,
    );
  });
  afterAll(() => api?.stop());

  it('filters no row out on the way to the Locations asked for', async () => {
    const [{ 'QUERY PLAN': plans }] = (
      await api.db.query(
        `EXPLAIN (ANALYZE, FORMAT JSON)
         SELECT l.seq FROM locations l JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(country_code, party_id, id) ON ${SAME_LOCATION_SQL}`,
        [
          ['FR', 'FR'],
          ['ABC', 'ABC'],
          ['PLAN-5', 'PLAN-2900'],
        ],
      )
    ).rows as { 'QUERY PLAN': { Plan: PlanNode; 'Actual Rows'?: number }[] }[];
    const removed = (node: PlanNode): number => (node['Rows Removed by Filter'] ?? 0) + (node.Plans ?? []).reduce((sum, child) => sum + removed(child), 0);
    expect(removed(plans[0].Plan)).toBe(0);
  });
});
