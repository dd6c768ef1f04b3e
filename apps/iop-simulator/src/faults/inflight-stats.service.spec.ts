import { InflightStatsService } from './inflight-stats.service';

describe(InflightStatsService.name, () => {
  it('sees one request at a time per EVSE as no violation', () => {
    const sut = new InflightStatsService();
    sut.enter('FR/ABC/L/E1')();
    sut.enter('FR/ABC/L/E1')();
    const parallelOtherEvse = [sut.enter('FR/ABC/L/E2'), sut.enter('FR/ABC/L/E3')];
    parallelOtherEvse.forEach((release) => release());
    expect(sut.snapshot()).toMatchObject({ requests_total: 4, max_in_flight_per_evse: 1, in_flight_violations: [] });
  });

  it('reports two overlapping requests for one EVSE', () => {
    const sut = new InflightStatsService();
    const first = sut.enter('FR/ABC/L/E1');
    sut.enter('FR/ABC/L/E1')();
    first();
    const stats = sut.snapshot();
    expect(stats.max_in_flight_per_evse).toBe(2);
    expect(stats.in_flight_violations).toHaveLength(1);
  });
});
