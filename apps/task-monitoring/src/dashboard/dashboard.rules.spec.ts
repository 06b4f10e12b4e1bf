import { bucketStart, fillSeries, HISTOGRAM_BASE, histogramPercentile, PERIODS, ratio, sumBuckets, throughputOf } from './dashboard.rules';

describe(fillSeries.name, () => {
  it('should cover the whole period with aligned buckets and zeros where nothing happened', () => {
    const to = new Date('2025-01-01T10:30:20Z');
    const from = new Date(to.getTime() - 3600_000);
    const bucket = bucketStart(Date.parse('2025-01-01T10:05:59Z') / 1000, 60);
    const series = fillSeries([{ bucket, completed: 3, failed: 1, finished: 4 }], from, to, PERIODS['1h'].bucketSeconds);
    expect(series).toHaveLength(61);
    expect(series[0].start).toBe('2025-01-01T09:30:00.000Z');
    expect(series[60].start).toBe('2025-01-01T10:30:00.000Z');
    expect(series.find((b) => b.start === '2025-01-01T10:05:00.000Z')).toEqual({
      start: '2025-01-01T10:05:00.000Z',
      completed: 3,
      failed: 1,
      finished: 4,
    });
    expect(series.filter((b) => b.finished > 0)).toHaveLength(1);
  });

  it('should keep every period to a chartable number of points', () => {
    for (const { seconds, bucketSeconds } of Object.values(PERIODS)) {
      expect(seconds / bucketSeconds).toBeGreaterThanOrEqual(60);
      expect(seconds / bucketSeconds).toBeLessThanOrEqual(170);
    }
  });
});

describe(ratio.name, () => {
  it('should round to four digits and be null without a denominator', () => {
    expect(ratio(1, 3)).toBe(0.3333);
    expect(ratio(0, 0)).toBeNull();
  });
});

describe(sumBuckets.name, () => {
  const zero = { running: 0, completed: 0, failed: 0, retrying: 0, cancelled: 0, interrupted: 0, paused: 0 };
  const noFlags = { high_memory: 0, slow: 0, expensive: 0, retried: 0, failed: 0, timed_out: 0 };
  const rows = [
    { bucket: 60, status_counts: { ...zero, completed: 3, retrying: 1 }, flag_counts: { ...noFlags, failed: 1 } },
    { bucket: 120, status_counts: { ...zero, completed: 1, failed: 2, running: 4 }, flag_counts: { ...noFlags, failed: 2, slow: 1 } },
  ];

  it('should total statuses and flags over the buckets', () => {
    expect(sumBuckets(rows)).toEqual({
      status_counts: { ...zero, completed: 4, failed: 2, retrying: 1, running: 4 },
      flag_counts: { ...noFlags, failed: 3, slow: 1 },
    });
  });

  it('should count retrying attempts as failures and leave running ones out of the throughput', () => {
    expect(throughputOf(rows)).toEqual([
      { bucket: 60, completed: 3, failed: 1, finished: 4 },
      { bucket: 120, completed: 1, failed: 2, finished: 3 },
    ]);
  });
});

describe(histogramPercentile.name, () => {
  /** percentile_cont as Postgres defines it. */
  function exact(values: number[], q: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    const rank = q * (sorted.length - 1);
    const lo = Math.floor(rank);
    return sorted[lo] + (sorted[Math.ceil(rank)] - sorted[lo]) * (rank - lo);
  }
  function histogram(values: number[]): Array<{ b: number; n: number }> {
    const counts = new Map<number, number>();
    for (const v of values) {
      const b = Math.floor(Math.log(v + 1) / Math.log(HISTOGRAM_BASE));
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    return [...counts].map(([b, n]) => ({ b, n }));
  }

  it('should stay within 2 % of percentile_cont on skewed durations', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    // Log-normal-ish durations from 1 ms to minutes, as task execution times are.
    const values = Array.from({ length: 50_000 }, () => Math.round(Math.exp(2 + random() * 9)));
    for (const q of [0.5, 0.95, 0.99]) {
      const want = exact(values, q);
      const got = histogramPercentile(histogram(values), q) as number;
      expect(Math.abs(got - want) / want).toBeLessThanOrEqual(0.02);
    }
  });

  it('should be exact enough for tiny values and null without data', () => {
    expect(histogramPercentile(histogram([0, 0, 0, 0]), 0.5)).toBeLessThan(0.02);
    expect(Math.round(histogramPercentile(histogram([5, 5, 5]), 0.95) as number)).toBe(5);
    expect(histogramPercentile([], 0.5)).toBeNull();
  });
});
