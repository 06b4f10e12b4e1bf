import { Actor, CreateJobBody, JobStatus, TaskDto, TaskEventTask } from '@app/contracts';
import { Ordering, orderBy, Sql, SqlExecutor } from '@app/platform';
import { BrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { JobRow } from './job.row';

export type JobFilters = {
  statuses?: JobStatus[];
  taskTypes?: string[];
  search?: string;
  autoResume?: boolean;
  createdGte?: string;
  createdLte?: string;
  /** Interrupted, paused, or failed with a checkpoint. */
  resumableOnly?: boolean;
};

export type JobListOptions = {
  filters: JobFilters;
  page: number;
  pageSize: number;
  ordering: Ordering;
};

/** What a task state change writes on its job (see JobService.applyTask). */
export type JobTaskUpdate = {
  attempt: number;
  /** When the state was observed: the event's time, or null for "now" (a command's answer). */
  eventAt: Date | null;
  task: TaskEventTask;
  resumed: boolean;
  progress?: {
    percentage: number;
    message: string | null;
    fraction: number | null;
    rate: number | null;
    at: Date;
    attempt: number | null;
  };
};

const TERMINAL = ['completed', 'failed', 'cancelled'];

/** The persistent_job table, always through a brand: every method takes the verified BrandId first. */
@Injectable()
export class JobRepository {
  constructor(private readonly sql: Sql) {}

  /** Inserts a job, or returns the brand's job with the same idempotency key (`created: false`). */
  async insert(
    brandId: BrandId,
    actor: Actor,
    body: CreateJobBody,
  ): Promise<{ row: JobRow; created: boolean }> {
    // The backing task's idempotency key makes its creation safe to repeat; the random part keeps a user
    // from taking it first with a task of their own.
    const token = randomBytes(6).toString('hex');
    const inserted = await this.sql.one<JobRow>(
      `INSERT INTO task_persistence.persistent_job (id, brand_id, brand_name, created_by_id, created_by_username, task_type,
         description, context_data, priority, queue, max_retries, timeout_seconds, tags, auto_resume, max_resumes,
         checkpoint_retention, idempotency_key, task_idempotency_key)
       SELECT n.id, $1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12::text[], $13, $14, $15, $16,
         'persistent-job:' || n.id || ':' || $17
       FROM (SELECT nextval('task_persistence.persistent_job_id_seq') AS id) n
       ON CONFLICT (brand_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING *`,
      [
        brandId,
        actor.brand_name,
        actor.user_id,
        actor.username,
        body.task_type,
        body.description ?? '',
        JSON.stringify(body.context_data ?? {}),
        body.priority ?? 'normal',
        body.queue ?? 'default',
        body.max_retries ?? 3,
        body.timeout_seconds ?? null,
        body.tags ?? [],
        body.auto_resume ?? true,
        body.max_resumes ?? 3,
        body.checkpoint_retention ?? 10,
        body.idempotency_key ?? null,
        token,
      ],
    );
    if (inserted) return { row: inserted, created: true };
    const existing = await this.sql.one<JobRow>(
      `SELECT * FROM task_persistence.persistent_job WHERE brand_id = $1 AND idempotency_key = $2`,
      [brandId, body.idempotency_key],
    );
    return { row: existing as JobRow, created: false };
  }

  async findById(brandId: BrandId, id: number, executor?: SqlExecutor): Promise<JobRow | null> {
    return this.sql.one<JobRow>(
      `SELECT * FROM task_persistence.persistent_job WHERE brand_id = $1 AND id = $2`,
      [brandId, id],
      executor,
    );
  }

  /** Locks the job row for the rest of the transaction (task state changes and checkpoints are serialized per job). */
  async lock(brandId: BrandId, id: number, executor: SqlExecutor): Promise<JobRow | null> {
    return this.sql.one<JobRow>(
      `SELECT * FROM task_persistence.persistent_job WHERE brand_id = $1 AND id = $2 FOR UPDATE`,
      [brandId, id],
      executor,
    );
  }

  async list(brandId: BrandId, options: JobListOptions): Promise<{ count: number; rows: JobRow[] }> {
    const { clause, params } = buildWhere(brandId, options.filters);
    const limit = params.length + 1;
    const [rows, counted] = await Promise.all([
      this.sql.rows<JobRow>(
        `SELECT j.* FROM task_persistence.persistent_job j WHERE ${clause}
         ORDER BY ${orderBy(options.ordering, 'j.id')}
         LIMIT $${limit} OFFSET $${limit + 1}`,
        [...params, options.pageSize, (options.page - 1) * options.pageSize],
      ),
      this.sql.rows<{ count: number }>(
        `SELECT count(*)::int AS count FROM task_persistence.persistent_job j WHERE ${clause}`,
        params,
      ),
    ]);
    return { count: counted[0]?.count ?? 0, rows };
  }

  /** Links the job to the task created for it (a no-op when an event or a checkpoint linked it first). */
  async attachTask(brandId: BrandId, id: number, task: TaskDto): Promise<JobRow | null> {
    return this.sql.one<JobRow>(
      `UPDATE task_persistence.persistent_job SET task_pk = $3, task_ref = $4, updated_at = now()
       WHERE brand_id = $1 AND id = $2 AND task_pk IS NULL RETURNING *`,
      [brandId, id, task.id, task.task_id],
    );
  }

  /** Writes a task state change on the (locked) job. */
  async applyTask(brandId: BrandId, id: number, u: JobTaskUpdate, executor: SqlExecutor): Promise<JobRow> {
    const terminal = TERMINAL.includes(u.task.status);
    const row = await this.sql.one<JobRow>(
      `UPDATE task_persistence.persistent_job SET
         -- A running task asked to pause shows \`pausing\`; any other state ends the request.
         status = CASE WHEN $3 = 'running' AND pause_requested THEN 'pausing' ELSE $3 END,
         pause_requested = ($3 = 'running' AND pause_requested),
         task_attempt = greatest(task_attempt, $4),
         task_event_at = coalesce($5::timestamptz, now()),
         task_pk = coalesce(task_pk, $6), task_ref = coalesce(task_ref, $7),
         started_at = coalesce(started_at, $8::timestamptz),
         completed_at = $9::timestamptz,
         result_data = $10::jsonb, error = $11::jsonb,
         resume_count = resume_count + $12,
         percentage = coalesce($13, percentage),
         progress_message = CASE WHEN $13::real IS NULL THEN progress_message ELSE $14 END,
         progress_fraction = CASE WHEN $13::real IS NULL THEN progress_fraction ELSE $15 END,
         progress_rate = CASE WHEN $13::real IS NULL THEN progress_rate ELSE $16 END,
         progress_at = CASE WHEN $13::real IS NULL THEN progress_at ELSE $17::timestamptz END,
         progress_attempt = CASE WHEN $13::real IS NULL THEN progress_attempt ELSE $18 END,
         updated_at = now()
       WHERE brand_id = $1 AND id = $2 RETURNING *`,
      [
        brandId,
        id,
        u.task.status,
        u.attempt,
        u.eventAt,
        u.task.id,
        u.task.task_id,
        u.task.started_at,
        terminal ? (u.task.completed_at ?? new Date().toISOString()) : null,
        u.task.result_data === null ? null : JSON.stringify(u.task.result_data),
        u.task.error === null ? null : JSON.stringify(u.task.error),
        u.resumed ? 1 : 0,
        u.progress?.percentage ?? null,
        u.progress?.message ?? null,
        u.progress?.fraction ?? null,
        u.progress?.rate ?? null,
        u.progress?.at ?? null,
        u.progress?.attempt ?? null,
      ],
      executor,
    );
    return row as JobRow;
  }

  async countResume(brandId: BrandId, id: number, executor: SqlExecutor): Promise<JobRow | null> {
    return this.sql.one<JobRow>(
      `UPDATE task_persistence.persistent_job SET resume_count = resume_count + 1, updated_at = now()
       WHERE brand_id = $1 AND id = $2 RETURNING *`,
      [brandId, id],
      executor,
    );
  }

  /**
   * Records a pause asked of a running task: the job shows `pausing` until the task's next state (paused,
   * or completed if the handler finishes first) clears it.
   */
  async markPauseRequested(brandId: BrandId, id: number): Promise<JobRow | null> {
    return this.sql.one<JobRow>(
      `UPDATE task_persistence.persistent_job
       SET pause_requested = true, status = CASE WHEN status = 'running' THEN 'pausing' ELSE status END, updated_at = now()
       WHERE brand_id = $1 AND id = $2 RETURNING *`,
      [brandId, id],
    );
  }

  /** Removes a job whose task could not be created (the create call failed for good). */
  async deleteWithoutTask(brandId: BrandId, id: number): Promise<void> {
    await this.sql.rows(
      `DELETE FROM task_persistence.persistent_job WHERE brand_id = $1 AND id = $2 AND task_pk IS NULL`,
      [brandId, id],
    );
  }

  /** Ends a job whose task task-core refused for good (the reconciler's late creation). */
  async failWithoutTask(brandId: BrandId, id: number, detail: string): Promise<JobRow | null> {
    return this.sql.one<JobRow>(
      `UPDATE task_persistence.persistent_job
       SET status = 'failed', error = $3::jsonb, completed_at = now(), updated_at = now()
       WHERE brand_id = $1 AND id = $2 AND task_pk IS NULL RETURNING *`,
      [brandId, id, JSON.stringify({ message: detail, type: 'TaskRejected', retryable: false })],
    );
  }

  // ---- system paths (reconciler): across brands, the brand comes from each row ----

  async findWithoutTask(olderThanSeconds: number, limit: number): Promise<JobRow[]> {
    return this.sql.rows<JobRow>(
      `SELECT * FROM task_persistence.persistent_job
       WHERE task_pk IS NULL AND status = 'pending' AND created_at < now() - make_interval(secs => $1)
       ORDER BY created_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }

  async findAutoResumeDue(olderThanSeconds: number, limit: number): Promise<JobRow[]> {
    return this.sql.rows<JobRow>(
      `SELECT * FROM task_persistence.persistent_job
       WHERE status = 'interrupted' AND auto_resume AND resume_count < max_resumes
         AND updated_at < now() - make_interval(secs => $1)
       ORDER BY updated_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }

  /** Claims an event id for this consumer inside the transaction; false when it was applied before. */
  async markEventProcessed(eventId: string, executor: SqlExecutor): Promise<boolean> {
    const rows = await this.sql.rows(
      `INSERT INTO task_persistence.processed_event (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id`,
      [eventId],
      executor,
    );
    return rows.length === 1;
  }

  /** Forgets event ids older than the stream keeps events (7 days), with a day of margin. */
  async pruneProcessedEvents(): Promise<void> {
    await this.sql.rows(
      `DELETE FROM task_persistence.processed_event WHERE processed_at < now() - interval '8 days'`,
    );
  }
}

function buildWhere(brandId: BrandId, f: JobFilters): { clause: string; params: unknown[] } {
  const params: unknown[] = [brandId];
  const parts = ['j.brand_id = $1'];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    parts.push(sql(`$${params.length}`));
  };
  if (f.statuses) add((p) => `j.status = ANY(${p}::text[])`, f.statuses);
  if (f.taskTypes) add((p) => `j.task_type = ANY(${p}::text[])`, f.taskTypes);
  if (f.search)
    add(
      (p) => `(j.task_type || ' ' || j.description || ' ' || coalesce(j.task_ref, '')) ILIKE ${p}`,
      f.search,
    );
  if (f.autoResume !== undefined) add((p) => `j.auto_resume = ${p}`, f.autoResume);
  if (f.createdGte) add((p) => `j.created_at >= ${p}::timestamptz`, f.createdGte);
  if (f.createdLte) add((p) => `j.created_at <= ${p}::timestamptz`, f.createdLte);
  if (f.resumableOnly)
    parts.push(`(j.status IN ('interrupted', 'paused') OR (j.status = 'failed' AND j.checkpoint_count > 0))`);
  return { clause: parts.join(' AND '), params };
}
