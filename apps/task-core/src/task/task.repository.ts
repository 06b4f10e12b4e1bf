import {
  Actor,
  CreateTaskBody,
  ErrorCode,
  FieldErrors,
  QueueStatsRow,
  TaskOrigin,
  TaskStatus,
} from '@app/contracts';
import { BrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { AppError, GroupCommit, Ordering, orderBy, prepared, Sql } from '@app/platform';
import { createHash } from 'node:crypto';
import { priorityRank } from './task.mapper';
import { withEvent } from './task-event.sql';
import { TaskRow } from './task.row';
import { newTaskId, RETRYABLE_BY_HAND } from './task.rules';

export type TaskFilters = {
  statuses?: TaskStatus[];
  priorities?: number[];
  taskTypes?: string[];
  queues?: string[];
  search?: string;
  createdGte?: string;
  createdLte?: string;
  completedGte?: string;
  completedLte?: string;
  hasMetrics?: boolean;
  executionTimeGte?: number;
  executionTimeLte?: number;
  isResumable?: boolean;
  isPeriodic?: boolean;
  periodicTaskId?: number;
};

export type ListOptions = { filters: TaskFilters; page: number; pageSize: number; ordering: Ordering };

export type NewTask = { body: CreateTaskBody; origin?: TaskOrigin };
export type InsertResult = { rows: TaskRow[]; createdIds: Set<number> };

/** The task table, always through a brand: every method takes the verified BrandId first. */
@Injectable()
export class TaskRepository {
  /**
   * Creates without idempotency keys (one statement each) that arrive together share one statement:
   * sixteen clients creating at once cost one round trip and one WAL flush, not sixteen.
   */
  private readonly plainInserts = new GroupCommit<InsertItem, TaskRow[]>(
    (items) => this.sql.rows<TaskRow>(INSERT_SQL, [insertParam(items)]),
    MAX_TASKS_PER_INSERT,
  );

  constructor(private readonly sql: Sql) {}

  /**
   * Inserts tasks in one statement (a single create is a batch of one). A task whose idempotency key the
   * brand already used is not inserted; the existing one is returned in its place, unless the key came
   * with another body (IDEMPOTENCY_KEY_REUSED, and nothing of the call is kept). Calls with keys run in
   * a transaction for that; the others are the one statement.
   */
  async insert(
    brandId: BrandId,
    actor: Actor,
    tasks: NewTask[],
    options: { bulk: boolean },
  ): Promise<InsertResult> {
    const input = tasks.map(({ body, origin }) => ({
      task_id: newTaskId(),
      brand_id: brandId,
      brand_name: actor.brand_name,
      created_by_id: actor.user_id,
      created_by_username: actor.username,
      task_type: body.task_type,
      queue: body.queue ?? 'default',
      priority: priorityRank(body.priority ?? 'normal'),
      description: body.description ?? '',
      context_data: body.context_data ?? {},
      max_retries: body.max_retries ?? 3,
      retry_delay_seconds: body.retry_delay_seconds ?? null,
      retry_delay_max_seconds: body.retry_delay_max_seconds ?? null,
      timeout_seconds: body.timeout_seconds ?? null,
      is_resumable: body.is_resumable ?? Boolean(origin?.persistent_job_id),
      is_periodic: origin?.is_periodic ?? false,
      periodic_task_id: origin?.periodic_task_id ?? null,
      persistent_job_id: origin?.persistent_job_id ?? null,
      tags: body.tags ?? [],
      idempotency_key: body.idempotency_key ?? null,
      scheduled_for: body.scheduled_for ?? null,
      // What the platform creates on its own replays its keys whatever the body (a schedule edited between
      // a crash and the replay of its instant must still fire once): only clients' keys are checked.
      request_fingerprint: body.idempotency_key && !origin ? requestFingerprint(body) : null,
    }));
    if (!input.some((i) => i.idempotency_key)) {
      const ours = new Set(input.map((i) => i.task_id));
      const inserted = (await this.plainInserts.submit(input)).filter((row) => ours.has(row.task_id));
      return { rows: inserted, createdIds: new Set(inserted.map((r) => Number(r.id))) };
    }
    return this.sql.transaction(async (tx) => {
      const inserted = await this.sql.rows<TaskRow>(INSERT_SQL, [insertParam(input)], tx);
      const byTaskId = new Map(inserted.map((row) => [row.task_id, row]));
      const missingKeys = input
        .filter((i) => !byTaskId.has(i.task_id))
        .map((i) => i.idempotency_key as string);
      const existing = missingKeys.length
        ? await this.sql.rows<TaskRow>(
            `SELECT * FROM task_core.task WHERE brand_id = $1 AND idempotency_key = ANY($2::text[])`,
            [brandId, missingKeys],
            tx,
          )
        : [];
      const byKey = new Map(existing.map((row) => [row.idempotency_key, row]));
      const rows = input.map(
        (i) =>
          byTaskId.get(i.task_id) ??
          byKey.get(i.idempotency_key) ??
          byTaskIdForKey(inserted, i.idempotency_key),
      );
      const reused: FieldErrors = {};
      input.forEach((item, index) => {
        const row = rows[index];
        if (
          item.request_fingerprint &&
          row?.request_fingerprint &&
          row.request_fingerprint !== item.request_fingerprint
        ) {
          reused[options.bulk ? `tasks.${index}.idempotency_key` : 'idempotency_key'] = [
            'This idempotency key was already used with another request body',
          ];
        }
      });
      if (Object.keys(reused).length > 0) {
        throw new AppError(
          ErrorCode.IdempotencyKeyReused,
          'An idempotency key was reused with a different request body',
          reused,
        );
      }
      return { rows: rows as TaskRow[], createdIds: new Set(inserted.map((r) => Number(r.id))) };
    });
  }

  async findByRef(brandId: BrandId, ref: string): Promise<TaskRow | null> {
    const column = /^\d+$/.test(ref) ? 'id' : 'task_id';
    return this.sql.one<TaskRow>(`SELECT * FROM task_core.task WHERE brand_id = $1 AND ${column} = $2`, [
      brandId,
      ref,
    ]);
  }

  async list(brandId: BrandId, options: ListOptions): Promise<{ count: number; rows: TaskRow[] }> {
    const query = listQuery(brandId, options);
    const [rows, counted] = await Promise.all([
      this.sql.rows<TaskRow>(query.rowsSql, query.rowsParams),
      this.sql.rows<{ count: number }>(query.countSql, query.countParams),
    ]);
    return { count: counted[0]?.count ?? 0, rows };
  }

  /**
   * Re-queues a failed or cancelled task: attempt numbers keep counting, and it gets `max_retries` more
   * automatic retries (`retry_base`). Null when the task is in another state.
   */
  async requeue(brandId: BrandId, id: number): Promise<TaskRow | null> {
    return this.sql.one<TaskRow>(
      withEvent(
        'core.task.created',
        `UPDATE task_core.task SET status = 'pending', run_at = now(), completed_at = NULL, error = NULL,
           result_data = NULL, cancel_requested = false, pause_requested = false, progress_percentage = 0,
           progress_message = NULL, worker_id = NULL, lease_expires_at = NULL, updated_at = now(), retry_base = attempts
         WHERE brand_id = $1 AND id = $2 AND status = ANY($3::text[])
         RETURNING *`,
        { also: [ENQUEUE_CHANGED] },
      ),
      [brandId, id, RETRYABLE_BY_HAND],
    );
  }

  /**
   * Cancels a task that is not running, in one statement with its event: a waiting one leaves the queue
   * (unless a claim leased it meanwhile: then it is running, see requestCancel).
   */
  async cancelWaiting(brandId: BrandId, id: number): Promise<TaskRow | null> {
    return this.sql.one<TaskRow>(
      withEvent(
        'core.task.cancelled',
        `UPDATE task_core.task SET status = 'cancelled', completed_at = now(), updated_at = now(), lease_expires_at = NULL
         WHERE brand_id = $1 AND id = $2
           AND (status IN ('interrupted', 'paused') OR (status IN ('pending', 'retrying') AND EXISTS (SELECT 1 FROM dequeued)))
         RETURNING *`,
        { before: [dequeueWaiting({ resumableOnly: false })] },
      ),
      [brandId, id],
    );
  }

  /** Asks the worker running a task to abort it; the task ends `cancelled` when the worker reports. */
  async requestCancel(brandId: BrandId, id: number): Promise<TaskRow | null> {
    return this.sql.one<TaskRow>(onLeasedAttempt({ flag: 'cancel_requested', resumableOnly: false }), [
      brandId,
      id,
    ]);
  }

  /**
   * Pauses a resumable task: a waiting one at once, a running one cooperatively (the flag reaches its
   * handler at the next checkpoint). Null when the task is not resumable or in another state.
   */
  async pause(brandId: BrandId, id: number): Promise<TaskRow | null> {
    const waiting = await this.sql.one<TaskRow>(
      withEvent(
        'core.task.paused',
        `UPDATE task_core.task SET status = 'paused', updated_at = now()
         WHERE brand_id = $1 AND id = $2 AND is_resumable
           AND (status = 'interrupted' OR (status IN ('pending', 'retrying') AND EXISTS (SELECT 1 FROM dequeued)))
         RETURNING *`,
        { before: [dequeueWaiting({ resumableOnly: true })] },
      ),
      [brandId, id],
    );
    return (
      waiting ??
      this.sql.one<TaskRow>(onLeasedAttempt({ flag: 'pause_requested', resumableOnly: true }), [brandId, id])
    );
  }

  /** Re-queues a paused, interrupted or failed resumable task: its handler resumes from its checkpoint. */
  resume(brandId: BrandId, id: number): Promise<TaskRow | null> {
    return this.sql.one<TaskRow>(
      withEvent(
        'core.task.created',
        `UPDATE task_core.task SET status = 'pending', run_at = now(), completed_at = NULL, pause_requested = false,
           cancel_requested = false, lease_expires_at = NULL, updated_at = now()
         WHERE brand_id = $1 AND id = $2 AND is_resumable AND status IN ('paused', 'interrupted', 'failed')
         RETURNING *`,
        { also: [ENQUEUE_CHANGED] },
      ),
      [brandId, id],
    );
  }

  /**
   * Per queue and priority. The wait of an attempt is from the moment it became runnable (`run_at`:
   * `scheduled_for` or creation, the end of a retry's backoff, a manual retry) to its start, never
   * negative, as task-monitoring's `queue_wait_ms` counts it; averaged over the tasks whose latest
   * attempt started in the last 24 h (a task waiting for a retry is between attempts: not counted).
   */
  async queueStats(brandId: BrandId): Promise<QueueStatsRow[]> {
    const rows = await this.sql.rows<Omit<QueueStatsRow, 'priority'> & { priority: number }>(
      `SELECT queue, priority,
         count(*) FILTER (WHERE status = 'pending')::int AS pending,
         count(*) FILTER (WHERE status = 'running')::int AS running,
         count(*) FILTER (WHERE status = 'retrying')::int AS retrying,
         count(*) FILTER (WHERE status = 'failed' AND completed_at >= now() - interval '24 hours')::int AS failed_24h,
         count(*) FILTER (WHERE status = 'completed' AND completed_at >= now() - interval '24 hours')::int AS completed_24h,
         extract(epoch FROM now() - min(run_at) FILTER (WHERE status = 'pending' AND run_at <= now()))::float8
           AS oldest_pending_age_seconds,
         (count(*) FILTER (WHERE status = 'completed' AND completed_at >= now() - interval '15 minutes') / 15.0)::float8
           AS throughput_per_minute,
         (avg(greatest(0, extract(epoch FROM started_at - run_at) * 1000))
           FILTER (WHERE started_at >= now() - interval '24 hours' AND status IN ('running', 'completed', 'failed')))::float8
           AS mean_wait_ms
       FROM task_core.task
       WHERE brand_id = $1
         AND (status IN ('pending', 'running', 'retrying') OR completed_at >= now() - interval '24 hours')
       GROUP BY queue, priority
       ORDER BY queue, priority DESC`,
      [brandId],
    );
    return rows.map((r) => ({
      ...r,
      priority: (['low', 'normal', 'high', 'critical'] as const)[r.priority],
    }));
  }

  async queueDepth(
    brandId: BrandId,
    taskType?: string,
  ): Promise<Array<{ task_type: string; status: string; count: number; oldest: number | null }>> {
    return this.sql.rows(
      `SELECT task_type, status, count(*)::int AS count,
         extract(epoch FROM now() - min(run_at) FILTER (WHERE status = 'pending' AND run_at <= now()))::float8 AS oldest
       FROM task_core.task
       WHERE brand_id = $1 AND status IN ('pending', 'running', 'retrying') AND ($2::text IS NULL OR task_type = $2)
       GROUP BY task_type, status`,
      [brandId, taskType ?? null],
    );
  }
}

/** Puts the tasks a statement made runnable (`changed`) in the queue; their attempts keep counting. */
const ENQUEUE_CHANGED = `queued AS (
  INSERT INTO task_core.queue_item (task_pk, brand_id, queue, task_type, priority, run_at, attempt)
  SELECT id, brand_id, queue, task_type, priority, run_at, attempts FROM changed
  ON CONFLICT (task_pk) DO NOTHING
)`;

/** What `search=` matches of new tasks (`changed`), written once: these fields never change. */
const INDEX_CHANGED_FOR_SEARCH = `searchable AS (
  INSERT INTO task_core.task_search (task_pk, brand_id, document)
  SELECT id, brand_id, task_type || ' ' || description || ' ' || task_id FROM changed
)`;

/** Inserts a batch of new tasks ($1) of one brand and actor ($2…$5), their queue items, search rows and events. */
/** A bulk create's limit: the group commit's statements hold no more. */
const MAX_TASKS_PER_INSERT = 1000;

/** One task to insert, with its brand and creator: a statement may carry several callers' tasks. */
type InsertItem = {
  task_id: string;
  brand_id: number;
  brand_name: string;
  created_by_id: number;
  created_by_username: string;
  idempotency_key: string | null;
};

/** INSERT_SQL's one parameter; `ord` keeps the order of the items in ids. */
function insertParam(items: InsertItem[]): string {
  return JSON.stringify(items.map((item, ord) => ({ ...item, ord })));
}

const INSERT_SQL = prepared(
  'core-insert-tasks',
  withEvent(
    'core.task.created',
    `INSERT INTO task_core.task (task_id, brand_id, brand_name, created_by_id, created_by_username, task_type, queue,
     priority, description, context_data, max_retries, retry_delay_seconds, retry_delay_max_seconds, timeout_seconds,
     is_resumable, is_periodic, periodic_task_id, persistent_job_id, tags, idempotency_key, scheduled_for, run_at,
     request_fingerprint)
   SELECT x.task_id, x.brand_id, x.brand_name, x.created_by_id, x.created_by_username, x.task_type, x.queue, x.priority, x.description, x.context_data, x.max_retries,
     x.retry_delay_seconds, x.retry_delay_max_seconds, x.timeout_seconds, x.is_resumable, x.is_periodic,
     x.periodic_task_id, x.persistent_job_id, ARRAY(SELECT jsonb_array_elements_text(x.tags)), x.idempotency_key,
     x.scheduled_for, coalesce(x.scheduled_for, now()), x.request_fingerprint
   FROM jsonb_to_recordset($1::jsonb) AS x(ord int, task_id text, brand_id int, brand_name text, created_by_id int,
     created_by_username text, task_type text, queue text, priority smallint,
     description text, context_data jsonb, max_retries int, retry_delay_seconds real, retry_delay_max_seconds real,
     timeout_seconds int, is_resumable bool, is_periodic bool, periodic_task_id int, persistent_job_id int,
     tags jsonb, idempotency_key text, scheduled_for timestamptz, request_fingerprint text)
   ORDER BY x.ord
   ON CONFLICT (brand_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
   RETURNING *`,
    { also: [ENQUEUE_CHANGED, INDEX_CHANGED_FOR_SEARCH] },
  ),
);

/** Takes task $2 of brand $1 out of the queue if it waits there (not leased): `dequeued` has it then. */
function dequeueWaiting(options: { resumableOnly: boolean }): string {
  const resumable = options.resumableOnly
    ? 'AND EXISTS (SELECT 1 FROM task_core.task r WHERE r.id = i.task_pk AND r.is_resumable)'
    : '';
  return `dequeued AS (
    DELETE FROM task_core.queue_item i WHERE i.task_pk = $2 AND i.brand_id = $1 AND i.worker_id IS NULL ${resumable}
    RETURNING i.task_pk
  )`;
}

/**
 * Sets `flag` (cancel or pause requested) on the leased attempt of task $2 of brand $1, for its worker
 * to hear, and on the task record, which it shows running (with its `started` event, as the running
 * recorder would, when nothing had shown it yet). Null when the task is not leased.
 */
function onLeasedAttempt(options: {
  flag: 'cancel_requested' | 'pause_requested';
  resumableOnly: boolean;
}): string {
  const resumable = options.resumableOnly
    ? 'AND EXISTS (SELECT 1 FROM task_core.task r WHERE r.id = i.task_pk AND r.is_resumable)'
    : '';
  return withEvent(
    'core.task.started',
    `UPDATE task_core.task t SET ${options.flag} = true, status = 'running', attempts = leased.attempt,
       worker_id = leased.worker_id, started_at = leased.claimed_at, updated_at = now()
     FROM leased WHERE t.brand_id = $1 AND t.id = leased.task_pk
     RETURNING t.*`,
    {
      before: [
        `item AS (
           SELECT i.task_pk, i.attempt, i.worker_id, i.claimed_at, i.recorded FROM task_core.queue_item i
           WHERE i.task_pk = $2 AND i.brand_id = $1 AND i.worker_id IS NOT NULL ${resumable}
           FOR UPDATE
         )`,
        `leased AS (
           UPDATE task_core.queue_item i SET ${options.flag} = true, recorded = true FROM item
           WHERE i.task_pk = item.task_pk RETURNING item.*
         )`,
      ],
      // Only the attempts nothing had shown running get their `started` event here.
      eventFrom: 'FROM changed JOIN leased ON leased.task_pk = changed.id WHERE NOT leased.recorded',
    },
  );
}

/** A stable hash of what a create asked for (its idempotency key aside): key order does not matter. */
function requestFingerprint(body: CreateTaskBody): string {
  const { idempotency_key: _key, ...rest } = body;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function byTaskIdForKey(inserted: TaskRow[], key: string | null): TaskRow | undefined {
  // Two items of one bulk call sharing a key: the second resolves to the row the first inserted.
  return key === null ? undefined : inserted.find((r) => r.idempotency_key === key);
}

/** The page and count statements of a list call (exported so their plans can be checked). */
export function listQuery(brandId: BrandId, options: ListOptions) {
  const { clause, params } = buildWhere(brandId, options.filters);
  const limit = params.length + 1;
  return {
    rowsSql: `SELECT t.* FROM task_core.task t WHERE ${clause}
      ORDER BY ${orderBy(options.ordering, 't.id')} LIMIT $${limit} OFFSET $${limit + 1}`,
    rowsParams: [...params, options.pageSize, (options.page - 1) * options.pageSize],
    countSql: `SELECT count(*)::int AS count FROM task_core.task t WHERE ${clause}`,
    countParams: params,
  };
}

function buildWhere(brandId: BrandId, f: TaskFilters): { clause: string; params: unknown[] } {
  const params: unknown[] = [brandId];
  const parts = ['t.brand_id = $1'];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    parts.push(sql(`$${params.length}`));
  };
  if (f.statuses) add((p) => `t.status = ANY(${p}::text[])`, f.statuses);
  if (f.priorities) add((p) => `t.priority = ANY(${p}::smallint[])`, f.priorities);
  if (f.taskTypes) add((p) => `t.task_type = ANY(${p}::text[])`, f.taskTypes);
  if (f.queues) add((p) => `t.queue = ANY(${p}::text[])`, f.queues);
  if (f.search)
    add(
      (p) =>
        `t.id IN (SELECT s.task_pk FROM task_core.task_search s WHERE s.brand_id = $1 AND s.document ILIKE ${p})`,
      f.search,
    );
  if (f.createdGte) add((p) => `t.created_at >= ${p}::timestamptz`, f.createdGte);
  if (f.createdLte) add((p) => `t.created_at <= ${p}::timestamptz`, f.createdLte);
  if (f.completedGte) add((p) => `t.completed_at >= ${p}::timestamptz`, f.completedGte);
  if (f.completedLte) add((p) => `t.completed_at <= ${p}::timestamptz`, f.completedLte);
  if (f.hasMetrics !== undefined) parts.push(`t.execution_time_ms IS ${f.hasMetrics ? 'NOT NULL' : 'NULL'}`);
  if (f.executionTimeGte !== undefined) add((p) => `t.execution_time_ms >= ${p}`, f.executionTimeGte);
  if (f.executionTimeLte !== undefined) add((p) => `t.execution_time_ms <= ${p}`, f.executionTimeLte);
  if (f.isResumable !== undefined) add((p) => `t.is_resumable = ${p}`, f.isResumable);
  if (f.isPeriodic !== undefined) add((p) => `t.is_periodic = ${p}`, f.isPeriodic);
  if (f.periodicTaskId !== undefined) add((p) => `t.periodic_task_id = ${p}`, f.periodicTaskId);
  return { clause: parts.join(' AND '), params };
}
