import { ExecutionFlag, ExecutionStatus } from '@app/contracts';
import { Ordering, orderBy, prepared, Sql } from '@app/platform';
import { BrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { WhereBuilder } from '../common/list-query.rules';
import { AttemptRecord, RequeueRecord } from './metric.rules';

/** A row of task_monitoring.execution_metric as Postgres returns it. */
export type MetricRow = {
  id: string | number;
  brand_id: number;
  task_pk: string | number;
  task_id: string;
  task_type: string;
  queue: string;
  attempt: number;
  status: ExecutionStatus;
  worker_id: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  execution_time_ms: number | null;
  queue_wait_ms: number | null;
  memory_usage_mb: number | null;
  cpu_time_ms: number | null;
  cost_usd: number | null;
  flags: ExecutionFlag[];
  error_type: string | null;
  error_message: string | null;
  recorded_at: Date;
};

export type MetricFilters = {
  taskTypes?: string[];
  statuses?: ExecutionStatus[];
  workers?: string[];
  queues?: string[];
  flags?: ExecutionFlag[];
  taskId?: string;
  /** `search=`, resolved to the task types and flags whose names contain it. */
  search?: { taskTypes: string[]; flags: ExecutionFlag[] };
  recordedGte?: string;
  recordedLte?: string;
  executionTimeGte?: number;
  executionTimeLte?: number;
  queueWaitGte?: number;
  memoryGte?: number;
  costGte?: number;
};

export type MetricListOptions = {
  filters: MetricFilters;
  page: number;
  pageSize: number;
  ordering: Ordering;
};

/**
 * What applying an event did: `duplicate` (a re-queue whose event id was seen before), `stale` (an
 * attempt record that changed nothing: older than, or the same as, what is stored).
 */
export type ApplyOutcome = { outcome: 'updated' | 'duplicate' | 'stale' };

// Metrics are derived data: their commits need not wait for the WAL flush (SPEC §9). set_config(…, true)
// lasts for the statement's own transaction, so one round trip both writes and relaxes the commit.
const ASYNC_COMMIT = `sc AS (SELECT set_config('synchronous_commit', 'off', true) AS v)`;

/**
 * Inserts or advances attempts ($1: a JSON array of attempt records, at most one per attempt): one
 * statement for every event a consumer pulled. An attempt only moves forward (metric.rules.ts,
 * statusRank) and a re-claim of a released attempt refreshes it, which also makes a repeated event
 * change nothing: no event-id bookkeeping is needed. Returns the event ids that changed their attempt.
 */
const UPSERT_ATTEMPTS_SQL = `
  WITH ${ASYNC_COMMIT},
  input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, brand_id int, task_pk bigint, task_id text,
      task_type text, queue text, attempt int, status text, status_rank smallint, worker_id text, started_at timestamptz,
      finished_at timestamptz, execution_time_ms int, memory_usage_mb real, cpu_time_ms int, cost_usd float8,
      flags text[], error_type text, error_message text, next_ready_at timestamptz, first_ready_at timestamptz,
      recorded_at timestamptz)
  ),
  ready AS (
    SELECT i.*, CASE WHEN i.attempt = 1 THEN i.first_ready_at
      ELSE (SELECT p.next_ready_at FROM task_monitoring.execution_metric p
            WHERE p.brand_id = i.brand_id AND p.task_pk = i.task_pk AND p.attempt = i.attempt - 1) END AS ready_at
    FROM input i CROSS JOIN sc
  ),
  up AS (
    INSERT INTO task_monitoring.execution_metric AS m (brand_id, task_pk, task_id, task_type, queue, attempt, status,
      status_rank, worker_id, started_at, finished_at, execution_time_ms, queue_wait_ms, memory_usage_mb, cpu_time_ms,
      cost_usd, flags, error_type, error_message, next_ready_at, recorded_at)
    SELECT r.brand_id, r.task_pk, r.task_id, r.task_type, r.queue, r.attempt, r.status, r.status_rank, r.worker_id,
      r.started_at, r.finished_at, r.execution_time_ms,
      CASE WHEN r.started_at IS NOT NULL AND r.ready_at IS NOT NULL
        THEN greatest(0, round(extract(epoch FROM r.started_at - r.ready_at) * 1000))::int END,
      r.memory_usage_mb, r.cpu_time_ms, r.cost_usd, r.flags, r.error_type, r.error_message, r.next_ready_at, r.recorded_at
    FROM ready r
    ON CONFLICT (brand_id, task_pk, attempt) DO UPDATE SET
      status = EXCLUDED.status,
      status_rank = EXCLUDED.status_rank,
      worker_id = coalesce(EXCLUDED.worker_id, m.worker_id),
      started_at = coalesce(EXCLUDED.started_at, m.started_at),
      finished_at = EXCLUDED.finished_at,
      execution_time_ms = EXCLUDED.execution_time_ms,
      queue_wait_ms = coalesce(m.queue_wait_ms, EXCLUDED.queue_wait_ms),
      memory_usage_mb = EXCLUDED.memory_usage_mb,
      cpu_time_ms = EXCLUDED.cpu_time_ms,
      cost_usd = EXCLUDED.cost_usd,
      flags = EXCLUDED.flags,
      error_type = EXCLUDED.error_type,
      error_message = EXCLUDED.error_message,
      next_ready_at = coalesce(EXCLUDED.next_ready_at, m.next_ready_at),
      recorded_at = EXCLUDED.recorded_at
    WHERE m.status_rank < EXCLUDED.status_rank
       OR (m.status_rank = 1 AND EXCLUDED.status_rank = 1 AND m.recorded_at < EXCLUDED.recorded_at)
    RETURNING m.brand_id, m.task_pk, m.attempt
  )
  SELECT i.event_id::text FROM up u JOIN input i ON u.brand_id = i.brand_id AND u.task_pk = i.task_pk AND u.attempt = i.attempt`;

const UPSERT_ATTEMPTS = prepared('monitoring-upsert-attempts', UPSERT_ATTEMPTS_SQL);

const REQUEUE_SQL = `
  WITH ${ASYNC_COMMIT},
  fresh AS (
    INSERT INTO task_monitoring.processed_event (event_id) SELECT $1 FROM sc ON CONFLICT DO NOTHING RETURNING event_id
  ),
  dropped AS (
    DELETE FROM task_monitoring.execution_metric
    WHERE brand_id = $2 AND task_pk = $3 AND attempt > $4 AND status = 'running' AND recorded_at < $5::timestamptz
      AND EXISTS (SELECT 1 FROM fresh)
  ),
  marked AS (
    UPDATE task_monitoring.execution_metric SET next_ready_at = $5::timestamptz
    WHERE brand_id = $2 AND task_pk = $3 AND attempt = $4 AND EXISTS (SELECT 1 FROM fresh)
  )
  SELECT (SELECT count(*) FROM fresh)::int AS fresh`;

/** Execution metrics, always through a brand; the ingestion path gets its brand from the event. */
@Injectable()
export class MetricRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Applies a batch of attempt records in one statement (the ingestion path: the brand of each comes
   * from its event, as task-core stored it). Records must be at most one per attempt
   * (metric.rules.ts, latestPerAttempt). Returns each event's outcome.
   */
  async applyAttempts(records: AttemptRecord[]): Promise<Map<string, ApplyOutcome['outcome']>> {
    const input = records.map((r) => ({
      event_id: r.eventId,
      brand_id: r.brandId,
      task_pk: r.taskPk,
      task_id: r.taskId,
      task_type: r.taskType,
      queue: r.queue,
      attempt: r.attempt,
      status: r.status,
      status_rank: r.statusRank,
      worker_id: r.workerId,
      started_at: r.startedAt,
      finished_at: r.finishedAt,
      execution_time_ms: r.executionTimeMs,
      memory_usage_mb: r.memoryUsageMb,
      cpu_time_ms: r.cpuTimeMs,
      cost_usd: r.costUsd,
      flags: r.flags,
      error_type: r.errorType,
      error_message: r.errorMessage,
      next_ready_at: r.nextReadyAt,
      first_ready_at: r.firstReadyAt,
      recorded_at: r.recordedAt,
    }));
    const rows = await this.sql.rows<{ event_id: string }>(UPSERT_ATTEMPTS, [JSON.stringify(input)]);
    const outcomes = new Map<string, ApplyOutcome['outcome']>(records.map((r) => [r.eventId, 'stale']));
    for (const row of rows) outcomes.set(row.event_id, 'updated');
    return outcomes;
  }

  async applyRequeue(brandId: BrandId, r: RequeueRecord): Promise<ApplyOutcome> {
    const row = await this.sql.one<{ fresh: number }>(REQUEUE_SQL, [
      r.eventId,
      brandId,
      r.taskPk,
      r.attempt,
      r.at,
    ]);
    return { outcome: row && row.fresh > 0 ? 'updated' : 'duplicate' };
  }

  /** The brand's distinct task types, by skipping through the (brand_id, task_type, …) index: one probe per type. */
  async taskTypes(brandId: BrandId): Promise<string[]> {
    const rows = await this.sql.rows<{ task_type: string }>(
      `WITH RECURSIVE t AS (
         (SELECT task_type FROM task_monitoring.execution_metric WHERE brand_id = $1 ORDER BY task_type LIMIT 1)
         UNION ALL
         SELECT (SELECT m.task_type FROM task_monitoring.execution_metric m
                 WHERE m.brand_id = $1 AND m.task_type > t.task_type ORDER BY m.task_type LIMIT 1)
         FROM t WHERE t.task_type IS NOT NULL
       )
       SELECT task_type FROM t WHERE task_type IS NOT NULL`,
      [brandId],
    );
    return rows.map((r) => r.task_type);
  }

  async findById(brandId: BrandId, id: number): Promise<MetricRow | null> {
    return this.sql.one<MetricRow>(
      `SELECT * FROM task_monitoring.execution_metric WHERE brand_id = $1 AND id = $2`,
      [brandId, id],
    );
  }

  async list(brandId: BrandId, options: MetricListOptions): Promise<{ count: number; rows: MetricRow[] }> {
    const where = buildWhere(brandId, options.filters);
    const limit = where.next();
    const [rows, counted] = await Promise.all([
      this.sql.rows<MetricRow>(
        `SELECT m.* FROM task_monitoring.execution_metric m WHERE ${where.clause}
         ORDER BY ${orderBy(options.ordering, 'm.id')}
         LIMIT ${limit} OFFSET $${where.params.length + 2}`,
        [...where.params, options.pageSize, (options.page - 1) * options.pageSize],
      ),
      this.sql.one<{ count: number }>(
        `SELECT count(*)::int AS count FROM task_monitoring.execution_metric m WHERE ${where.clause}`,
        where.params,
      ),
    ]);
    return { count: counted?.count ?? 0, rows };
  }

  /**
   * Per worker, the brand's own attempts since each worker started: what the brand may know of a worker
   * it shares with others.
   */
  async countsByWorker(
    brandId: BrandId,
    workers: ReadonlyArray<{ workerId: string; since: Date }>,
  ): Promise<Map<string, { processed: number; failed: number; running: number }>> {
    if (workers.length === 0) return new Map();
    const rows = await this.sql.rows<{
      worker_id: string;
      processed: number;
      failed: number;
      running: number;
    }>(
      `SELECT w.worker_id,
         count(m.id) FILTER (WHERE m.status <> 'running')::int AS processed,
         count(m.id) FILTER (WHERE m.status IN ('failed', 'retrying'))::int AS failed,
         count(m.id) FILTER (WHERE m.status = 'running')::int AS running
       FROM unnest($2::text[], $3::timestamptz[]) AS w(worker_id, since)
       LEFT JOIN task_monitoring.execution_metric m
         ON m.brand_id = $1 AND m.worker_id = w.worker_id AND m.recorded_at >= w.since
       GROUP BY w.worker_id`,
      [brandId, workers.map((w) => w.workerId), workers.map((w) => w.since)],
    );
    return new Map(
      rows.map((r) => [r.worker_id, { processed: r.processed, failed: r.failed, running: r.running }]),
    );
  }

  /** The brand's finished attempts per task type over the last `hours`. */
  async outcomesByType(
    brandId: BrandId,
    hours: number,
  ): Promise<Map<string, { processed: number; failed: number }>> {
    const rows = await this.sql.rows<{ task_type: string; processed: number; failed: number }>(
      `SELECT task_type, count(*) FILTER (WHERE status <> 'running')::int AS processed,
         count(*) FILTER (WHERE status IN ('failed', 'retrying'))::int AS failed
       FROM task_monitoring.execution_metric
       WHERE brand_id = $1 AND recorded_at >= now() - make_interval(hours => $2)
       GROUP BY task_type`,
      [brandId, hours],
    );
    return new Map(rows.map((r) => [r.task_type, { processed: r.processed, failed: r.failed }]));
  }

  /** Deletes up to `batch` rows older than the cutoff; small batches keep locks and WAL bursts short. */
  async pruneOlderThan(cutoff: Date, batch: number): Promise<number> {
    const rows = await this.sql.rows(
      `WITH ${ASYNC_COMMIT}, old AS (
         SELECT id FROM task_monitoring.execution_metric WHERE recorded_at < $1 ORDER BY recorded_at LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       DELETE FROM task_monitoring.execution_metric m USING old, sc WHERE m.id = old.id RETURNING m.id`,
      [cutoff, batch],
    );
    return rows.length;
  }

  /** Forgets event ids older than the stream keeps events (after that, no redelivery can happen). */
  async pruneProcessedEvents(cutoff: Date, batch: number): Promise<number> {
    const rows = await this.sql.rows(
      `WITH ${ASYNC_COMMIT}, old AS (
         SELECT event_id FROM task_monitoring.processed_event WHERE processed_at < $1 ORDER BY processed_at LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       DELETE FROM task_monitoring.processed_event e USING old, sc WHERE e.event_id = old.event_id RETURNING e.event_id`,
      [cutoff, batch],
    );
    return rows.length;
  }
}

function buildWhere(brandId: BrandId, f: MetricFilters): WhereBuilder {
  const w = new WhereBuilder('m.brand_id = ?', brandId);
  if (f.taskTypes) w.add('m.task_type = ANY(?::text[])', f.taskTypes);
  if (f.statuses) w.add('m.status = ANY(?::text[])', f.statuses);
  if (f.workers) w.add('m.worker_id = ANY(?::text[])', f.workers);
  if (f.queues) w.add('m.queue = ANY(?::text[])', f.queues);
  if (f.flags) w.add('m.flags @> ?::text[]', f.flags);
  if (f.taskId) w.add('m.task_id = ?', f.taskId);
  if (f.search) {
    // Both branches use an index: (brand_id, task_type, recorded_at) and the GIN index on flags.
    const types = w.next();
    w.params.push(f.search.taskTypes);
    w.add((flags) => `(m.task_type = ANY(${types}::text[]) OR m.flags && ${flags}::text[])`, f.search.flags);
  }
  if (f.recordedGte) w.add('m.recorded_at >= ?::timestamptz', f.recordedGte);
  if (f.recordedLte) w.add('m.recorded_at <= ?::timestamptz', f.recordedLte);
  if (f.executionTimeGte !== undefined) w.add('m.execution_time_ms >= ?', f.executionTimeGte);
  if (f.executionTimeLte !== undefined) w.add('m.execution_time_ms <= ?', f.executionTimeLte);
  if (f.queueWaitGte !== undefined) w.add('m.queue_wait_ms >= ?', f.queueWaitGte);
  if (f.memoryGte !== undefined) w.add('m.memory_usage_mb >= ?', f.memoryGte);
  if (f.costGte !== undefined) w.add('m.cost_usd >= ?', f.costGte);
  return w;
}
