import { InflightStatsService } from './inflight-stats.service';

const E1 = { location: 'FR/ABC/L', evse: 'E1' };

describe(InflightStatsService.name, () => {
  it('sees one request at a time per EVSE as no violation', () => {
    const sut = new InflightStatsService();
    sut.enter(E1)();
    sut.enter(E1)();
    const parallelOtherEvse = [sut.enter({ location: 'FR/ABC/L', evse: 'E2' }), sut.enter({ location: 'FR/ABC/L', evse: 'E3' })];
    parallelOtherEvse.forEach((release) => release());
    expect(sut.snapshot()).toMatchObject({ requests_total: 4, max_in_flight_per_evse: 1, in_flight_violations: [] });
  });

  it('reports two overlapping requests for one EVSE', () => {
    const sut = new InflightStatsService();
    const first = sut.enter(E1);
    sut.enter(E1)();
    first();
    const stats = sut.snapshot();
    expect(stats.max_in_flight_per_evse).toBe(2);
    expect(stats.in_flight_violations).toHaveLength(1);
  });

  it('counts a request for the whole Location (its PUT) as in flight for each of its EVSEs', () => {
    const sut = new InflightStatsService();
    const put = sut.enter({ location: 'FR/ABC/L' });
    sut.enter(E1)();
    put();
    sut.enter({ location: 'FR/ABC/OTHER' })();
    const patch = sut.enter(E1);
    sut.enter({ location: 'FR/ABC/L' })();
    patch();
    const stats = sut.snapshot();
    expect(stats.max_in_flight_per_evse).toBe(2);
    expect(stats.in_flight_violations).toHaveLength(2);
  });
});
