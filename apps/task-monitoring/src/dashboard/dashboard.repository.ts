import { EXECUTION_FLAGS, EXECUTION_STATUSES, ExecutionFlag, ExecutionStatus } from '@app/contracts';
import { Sql } from '@app/platform';
import { BrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { HISTOGRAM_BASE } from './dashboard.rules';

export type DashboardScope = { from: Date; to: Date; taskType: string | null };

/** Additive aggregates of one task type (sums and counts, so that the whole scope is their sum). */
export type TypeAggregate = {
  task_type: string;
  executions: number;
  completed: number;
  failed: number;
  finished: number;
  exec_sum: number;
  exec_n: number;
  exec_max: number | null;
  wait_sum: number;
  wait_n: number;
  memory_sum: number;
  memory_n: number;
  memory_max: number | null;
  cpu_total: number;
  cost: number;
};

export type BucketRow = {
  bucket: number;
  status_counts: Record<ExecutionStatus, number>;
  flag_counts: Record<ExecutionFlag, number>;
};

/** Percentiles of the whole scope (task_type null) and of each task type. */
export type PercentileRow = { task_type: string | null; exec: [number, number, number] | null; wait_p95: number | null };

/** Histogram rows: `kind` exec per task type, or wait for the whole scope; `b` is the bucket index. */
export type HistogramRow = { kind: 'exec' | 'wait'; task_type: string | null; b: number; n: number };

// Every query reads one brand's rows of one time range, through (brand_id, recorded_at) or
// (brand_id, task_type, recorded_at); the additive ones are hash aggregates (one pass, no sort).
const SCOPE = `brand_id = $1 AND recorded_at >= $2 AND recorded_at <= $3 AND ($4::text IS NULL OR task_type = $4)`;
/** Exact percentiles sort their input: enough memory that 100,000 attempts never spill to disk. */
const SORT_MEMORY = '64MB';

const STATUS_COUNTS = EXECUTION_STATUSES.map((s) => `count(*) FILTER (WHERE status = '${s}')::int AS "status_${s}"`).join(', ');
const FLAG_COUNTS = EXECUTION_FLAGS.map((f) => `count(*) FILTER (WHERE flags @> ARRAY['${f}'])::int AS "flag_${f}"`).join(', ');
const BUCKET_OF = (column: string) => `floor(ln(${column} + 1) / ln(${HISTOGRAM_BASE}))::int`;

/** The dashboard's aggregates over one brand's execution metrics. */
@Injectable()
export class DashboardRepository {
  constructor(private readonly sql: Sql) {}

  async byTaskType(brandId: BrandId, scope: DashboardScope): Promise<TypeAggregate[]> {
    return this.sql.rows<TypeAggregate>(
      `SELECT task_type, count(*)::int AS executions,
         count(*) FILTER (WHERE status = 'completed')::int AS completed,
         count(*) FILTER (WHERE status IN ('failed', 'retrying'))::int AS failed,
         count(*) FILTER (WHERE status IN ('completed', 'failed', 'retrying'))::int AS finished,
         coalesce(sum(execution_time_ms), 0)::float8 AS exec_sum, count(execution_time_ms)::int AS exec_n,
         max(execution_time_ms)::float8 AS exec_max,
         coalesce(sum(queue_wait_ms), 0)::float8 AS wait_sum, count(queue_wait_ms)::int AS wait_n,
         coalesce(sum(memory_usage_mb), 0)::float8 AS memory_sum, count(memory_usage_mb)::int AS memory_n,
         max(memory_usage_mb)::float8 AS memory_max,
         coalesce(sum(cpu_time_ms), 0)::float8 AS cpu_total,
         coalesce(sum(cost_usd), 0)::float8 AS cost
       FROM task_monitoring.execution_metric WHERE ${SCOPE}
       GROUP BY task_type`,
      params(brandId, scope),
    );
  }

  /** Per time bucket (its start in epoch seconds): attempts by status and by flag. */
  async buckets(brandId: BrandId, scope: DashboardScope, bucketSeconds: number): Promise<BucketRow[]> {
    const rows = await this.sql.rows<Record<string, number>>(
      `SELECT (floor(extract(epoch FROM recorded_at) / $5) * $5)::bigint AS bucket, ${STATUS_COUNTS}, ${FLAG_COUNTS}
       FROM task_monitoring.execution_metric WHERE ${SCOPE}
       GROUP BY 1`,
      [...params(brandId, scope), bucketSeconds],
    );
    return rows.map((r) => ({
      bucket: Number(r.bucket),
      status_counts: Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, r[`status_${s}`]])) as Record<ExecutionStatus, number>,
      flag_counts: Object.fromEntries(EXECUTION_FLAGS.map((f) => [f, r[`flag_${f}`]])) as Record<ExecutionFlag, number>,
    }));
  }

  /** Exact percentiles (percentile_cont) of the whole scope and of each task type, in one pass. */
  async exactPercentiles(brandId: BrandId, scope: DashboardScope): Promise<PercentileRow[]> {
    return this.sql.transaction(async (client) => {
      await client.query(`SET LOCAL work_mem = '${SORT_MEMORY}'`);
      return this.sql.rows<PercentileRow>(
        `SELECT CASE WHEN GROUPING(task_type) = 1 THEN NULL ELSE task_type END AS task_type,
           percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY execution_time_ms)::float8[] AS exec,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY queue_wait_ms)::float8 AS wait_p95
         FROM task_monitoring.execution_metric WHERE ${SCOPE}
         GROUP BY GROUPING SETS ((), (task_type))`,
        params(brandId, scope),
        client,
      );
    });
  }

  /** Log histograms (one pass, no sort): execution time per task type, queue wait for the whole scope. */
  async histograms(brandId: BrandId, scope: DashboardScope): Promise<HistogramRow[]> {
    return this.sql.rows<HistogramRow>(
      `SELECT CASE WHEN GROUPING(wb) = 1 THEN 'exec' ELSE 'wait' END AS kind, task_type, coalesce(eb, wb) AS b, count(*)::int AS n
       FROM (SELECT task_type, ${BUCKET_OF('execution_time_ms')} AS eb, ${BUCKET_OF('queue_wait_ms')} AS wb
             FROM task_monitoring.execution_metric WHERE ${SCOPE}) m
       GROUP BY GROUPING SETS ((task_type, eb), (wb))
       HAVING coalesce(eb, wb) IS NOT NULL`,
      params(brandId, scope),
    );
  }
}

function params(brandId: BrandId, scope: DashboardScope): unknown[] {
  return [brandId, scope.from, scope.to, scope.taskType];
}
