import { backendDatabase, type CpuUse, cpuPerUnit, goalRow, interleave, median, valueMet } from './bench-kit';

const use = (cpu: Record<string, number>): CpuUse => ({ seconds: 10, cpu, rest: 0, peakMb: 0 });

describe('bench-kit', () => {
  it('finds the database of a PostgreSQL backend, with or without a cluster name in its title', () => {
    expect(backendDatabase('postgres: 15/main: postgres gireve_bench_push_1d8bea 127.0.0.1(60228) idle\0\0\0')).toBe('gireve_bench_push_1d8bea');
    expect(backendDatabase('postgres: postgres gireve_bench_locations 127.0.0.1(5000) SELECT\0')).toBe('gireve_bench_locations');
    expect(backendDatabase('postgres: 15/main: checkpointer \0')).toBeUndefined();
    expect(backendDatabase('postgres: 15/main: logical replication launcher \0')).toBeUndefined();
    expect(backendDatabase('postgres: postgres gireve_bench_locations [local] idle\0')).toBe('gireve_bench_locations');
    expect(backendDatabase('node\0dist/apps/gireve-push/src/main.js\0')).toBeUndefined();
  });

  it('judges a value against a goal written as a comparison with a number, and leaves any other goal to the reader', () => {
    expect(valueMet(216, '≤ 200')).toBe(false);
    expect(valueMet(200, '≤ 200')).toBe(true);
    expect(valueMet(13_397, '≥ 3000')).toBe(true);
    expect(valueMet(19_999, '>= 20000/s')).toBe(false);
    expect(valueMet(0, '0')).toBe(true);
    expect(valueMet(3, '0')).toBe(false);
    expect(valueMet(200_000, '= 200,000 (every transition)')).toBe(true);
    expect(valueMet(199_999, '= 200,000 (every transition)')).toBe(false);
    expect(valueMet(66, '≤ 100 (at full scale)')).toBe(true);
    expect(valueMet(19.7, 'within 900 s')).toBeUndefined();
    expect(valueMet(172_312, '= accepted (OCPP connector 0: one per EVSE)')).toBeUndefined();
    expect(valueMet('in 19.7 s', '≤ 900')).toBeUndefined();
    expect(valueMet(5, null)).toBeUndefined();
    expect(valueMet(2013, '= 2013')).toBe(true);
  });

  it('interleaves rounds counterbalanced: the baseline first in odd rounds, the measured load first in even ones', async () => {
    const order: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const rounds = await interleave(
      'spec',
      async (round) => (order.push(`a${round}`), round),
      async (round) => (order.push(`b${round}`), -round),
      4,
    );
    log.mockRestore();
    expect(order).toEqual(['a1', 'b1', 'b2', 'a2', 'a3', 'b3', 'b4', 'a4']);
    expect(rounds).toEqual({ a: [1, 2, 3, 4], b: [-1, -2, -3, -4] });
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('gives µs of CPU per unit by process and in total', () => {
    expect(cpuPerUnit(use({ app: 2, broker: 1 }), 1_000_000)).toEqual({ app: 2, broker: 1, total: 3 });
  });

  it('marks a goal met or missed on the ratio of the medians, with spreads and the median CPU per unit', () => {
    const throughput = goalRow({
      figure: 'events/s',
      unit: 'events/s',
      measured: [70, 90, 80].map((value) => ({ value, use: use({ app: value / 10 }), units: 1_000_000 })),
      baselineName: 'ProducerPerformance',
      baseline: [100, 120, 110].map((value) => ({ value })),
      goal: ['≥', 0.75],
      cpuUnit: 'event',
    });
    expect(throughput.measured).toMatchObject({ median: 80, min: 70, max: 90 });
    expect(throughput.ratio).toBeCloseTo(80 / 110);
    expect(throughput.met).toBe(false);
    expect(throughput.measured.cpuPerUnit).toEqual({ app: 8, total: 8 });
    expect(throughput.baseline.cpuPerUnit).toBeUndefined();

    const latency = goalRow({ figure: 'p99', unit: 'ms', measured: [{ value: 14 }], baselineName: 'Kafka alone', baseline: [{ value: 10 }], goal: ['≤', 1.5] });
    expect(latency.met).toBe(true);
  });
});
