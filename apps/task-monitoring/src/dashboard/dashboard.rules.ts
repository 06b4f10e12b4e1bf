import { DashboardPeriod, EXECUTION_FLAGS, EXECUTION_STATUSES, ExecutionFlag, ExecutionStatus, ThroughputBucket } from '@app/contracts';

/** Each period's length and series resolution: about 60–170 points whatever the period. */
export const PERIODS: Record<DashboardPeriod, { seconds: number; bucketSeconds: number }> = {
  '1h': { seconds: 3600, bucketSeconds: 60 },
  '24h': { seconds: 86_400, bucketSeconds: 900 },
  '7d': { seconds: 604_800, bucketSeconds: 3600 },
};

/** Buckets start at multiples of their size since the epoch, so consecutive calls line up. */
export function bucketStart(epochSeconds: number, bucketSeconds: number): number {
  return Math.floor(epochSeconds / bucketSeconds) * bucketSeconds;
}

export type BucketCounts = { bucket: number; completed: number; failed: number; finished: number };

/** The complete series from `from` to `to`, with empty buckets as zeros (charts need every point). */
export function fillSeries(rows: readonly BucketCounts[], from: Date, to: Date, bucketSeconds: number): ThroughputBucket[] {
  const byBucket = new Map(rows.map((r) => [Number(r.bucket), r]));
  const series: ThroughputBucket[] = [];
  const last = bucketStart(to.getTime() / 1000, bucketSeconds);
  for (let b = bucketStart(from.getTime() / 1000, bucketSeconds); b <= last; b += bucketSeconds) {
    const row = byBucket.get(b);
    series.push({
      start: new Date(b * 1000).toISOString(),
      completed: row?.completed ?? 0,
      failed: row?.failed ?? 0,
      finished: row?.finished ?? 0,
    });
  }
  return series;
}

/** `part / whole` as a ratio rounded to 4 digits; null when there is nothing to divide. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

export type StatusFlagCounts = { status_counts: Record<ExecutionStatus, number>; flag_counts: Record<ExecutionFlag, number> };

/** The period's totals are the sums of its buckets. */
export function sumBuckets(rows: ReadonlyArray<StatusFlagCounts>): StatusFlagCounts {
  const status_counts = Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, 0])) as Record<ExecutionStatus, number>;
  const flag_counts = Object.fromEntries(EXECUTION_FLAGS.map((f) => [f, 0])) as Record<ExecutionFlag, number>;
  for (const row of rows) {
    for (const s of EXECUTION_STATUSES) status_counts[s] += row.status_counts[s];
    for (const f of EXECUTION_FLAGS) flag_counts[f] += row.flag_counts[f];
  }
  return { status_counts, flag_counts };
}

/** Throughput per bucket: finished attempts, of which completed and failed (a retrying attempt failed). */
export function throughputOf(rows: ReadonlyArray<StatusFlagCounts & { bucket: number }>): BucketCounts[] {
  return rows.map(({ bucket, status_counts: s }) => ({
    bucket,
    completed: s.completed,
    failed: s.failed + s.retrying,
    finished: s.completed + s.failed + s.retrying,
  }));
}

/** Up to this many attempts in the scope, percentiles are exact (percentile_cont); beyond, from histograms. */
export const EXACT_PERCENTILE_LIMIT = 100_000;

/** Histogram buckets are 2 % wide: bucket b holds values v with floor(ln(v + 1) / ln(1.02)) = b. */
export const HISTOGRAM_BASE = 1.02;

/**
 * The q-quantile of a log histogram with percentile_cont's definition (rank q·(n−1) among the sorted
 * values), interpolated linearly inside the bucket that holds that rank: within 2 % of the exact value.
 */
export function histogramPercentile(buckets: ReadonlyArray<{ b: number; n: number }>, q: number): number | null {
  const sorted = [...buckets].filter((x) => x.n > 0).sort((x, y) => x.b - y.b);
  const total = sorted.reduce((sum, x) => sum + x.n, 0);
  if (total === 0) return null;
  const rank = q * (total - 1);
  let before = 0;
  for (const { b, n } of sorted) {
    if (rank < before + n) {
      const low = HISTOGRAM_BASE ** b - 1;
      const high = HISTOGRAM_BASE ** (b + 1) - 1;
      return Math.max(0, low + (high - low) * ((rank - before + 0.5) / n));
    }
    before += n;
  }
  const last = sorted[sorted.length - 1].b;
  return HISTOGRAM_BASE ** (last + 1) - 1;
}
