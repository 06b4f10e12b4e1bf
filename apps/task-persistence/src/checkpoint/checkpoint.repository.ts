import { JobProgress } from '@app/contracts';
import { Ordering, orderBy, Sql, SqlExecutor } from '@app/platform';
import { BrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { CheckpointRow } from './checkpoint.row';

export type CheckpointFilters = { jobId?: number; taskPk?: number; taskRef?: string };
export type CheckpointListOptions = {
  filters: CheckpointFilters;
  page: number;
  pageSize: number;
  ordering: Ordering;
};

export type NewCheckpoint = {
  jobId: number;
  sequence: number;
  taskPk: number;
  taskRef: string | null;
  attempt: number;
  workerId: string;
  step: string | null;
  /** The state already serialized (its size was checked on that string). */
  stateJson: string;
  sizeBytes: number;
  progress: JobProgress | null;
};

export type JobProgressUpdate = {
  currentStep: number | null;
  totalSteps: number | null;
  percentage: number | null;
  message: string | null;
  itemsProcessed: number | null;
  itemsTotal: number | null;
  fraction: number | null;
  rate: number | null;
  at: Date;
  attempt: number;
};

const SUMMARY_COLUMNS = `c.id, c.brand_id, c.job_id, c.sequence, c.task_pk, c.task_ref, c.attempt, c.worker_id, c.step,
  c.progress, c.size_bytes, c.created_at`;

/** The checkpoint table, always through a brand. */
@Injectable()
export class CheckpointRepository {
  constructor(private readonly sql: Sql) {}

  /** The highest attempt that wrote a checkpoint of the job (0 when none). */
  async latestAttempt(brandId: BrandId, jobId: number, executor: SqlExecutor): Promise<number> {
    const row = await this.sql.one<{ attempt: number | null }>(
      `SELECT max(attempt) AS attempt FROM task_persistence.checkpoint WHERE brand_id = $1 AND job_id = $2`,
      [brandId, jobId],
      executor,
    );
    return row?.attempt ?? 0;
  }

  /**
   * Inserts the checkpoint, drops those beyond the job's retention and records the progress on the job,
   * all in the caller's transaction (the job row is locked, so sequences are gap-free and unique).
   */
  async insert(
    brandId: BrandId,
    c: NewCheckpoint,
    retention: number,
    p: JobProgressUpdate | null,
    executor: SqlExecutor,
  ): Promise<CheckpointRow> {
    const row = await this.sql.one<CheckpointRow>(
      `INSERT INTO task_persistence.checkpoint (brand_id, job_id, sequence, task_pk, task_ref, attempt, worker_id, step, state, progress, size_bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11)
       RETURNING ${SUMMARY_COLUMNS.replace(/c\./g, '')}`,
      [
        brandId,
        c.jobId,
        c.sequence,
        c.taskPk,
        c.taskRef,
        c.attempt,
        c.workerId,
        c.step,
        c.stateJson,
        c.progress === null ? null : JSON.stringify(c.progress),
        c.sizeBytes,
      ],
      executor,
    );
    await this.sql.rows(
      `DELETE FROM task_persistence.checkpoint WHERE brand_id = $1 AND job_id = $2 AND sequence <= $3`,
      [brandId, c.jobId, c.sequence - retention],
      executor,
    );
    await this.sql.rows(
      `UPDATE task_persistence.persistent_job SET
         checkpoint_count = $3, last_checkpoint_at = now(),
         task_pk = coalesce(task_pk, $4),
         current_step = CASE WHEN $5 THEN coalesce($6, current_step) ELSE current_step END,
         total_steps = CASE WHEN $5 THEN coalesce($7, total_steps) ELSE total_steps END,
         percentage = CASE WHEN $5 THEN coalesce($8, percentage) ELSE percentage END,
         progress_message = CASE WHEN $5 THEN coalesce($9, progress_message) ELSE progress_message END,
         items_processed = CASE WHEN $5 THEN coalesce($10, items_processed) ELSE items_processed END,
         items_total = CASE WHEN $5 THEN coalesce($11, items_total) ELSE items_total END,
         progress_fraction = CASE WHEN $5 THEN coalesce($12, progress_fraction) ELSE progress_fraction END,
         progress_rate = CASE WHEN $5 THEN $13 ELSE progress_rate END,
         progress_at = CASE WHEN $5 THEN $14::timestamptz ELSE progress_at END,
         progress_attempt = CASE WHEN $5 THEN $15 ELSE progress_attempt END,
         updated_at = now()
       WHERE brand_id = $1 AND id = $2`,
      [
        brandId,
        c.jobId,
        c.sequence,
        c.taskPk,
        p !== null,
        p?.currentStep ?? null,
        p?.totalSteps ?? null,
        p?.percentage ?? null,
        p?.message ?? null,
        p?.itemsProcessed ?? null,
        p?.itemsTotal ?? null,
        p?.fraction ?? null,
        p?.rate ?? null,
        p?.at ?? null,
        p?.attempt ?? null,
      ],
      executor,
    );
    return row as CheckpointRow;
  }

  async latest(brandId: BrandId, jobId: number): Promise<CheckpointRow | null> {
    return this.sql.one<CheckpointRow>(
      `SELECT * FROM task_persistence.checkpoint WHERE brand_id = $1 AND job_id = $2 ORDER BY sequence DESC LIMIT 1`,
      [brandId, jobId],
    );
  }

  async findById(brandId: BrandId, id: number): Promise<CheckpointRow | null> {
    return this.sql.one<CheckpointRow>(
      `SELECT * FROM task_persistence.checkpoint WHERE brand_id = $1 AND id = $2`,
      [brandId, id],
    );
  }

  /** A page of checkpoints without their states (a state may be up to 512 KiB). */
  async list(
    brandId: BrandId,
    options: CheckpointListOptions,
  ): Promise<{ count: number; rows: CheckpointRow[] }> {
    const params: unknown[] = [brandId];
    const parts = ['c.brand_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      parts.push(sql(`$${params.length}`));
    };
    const f = options.filters;
    if (f.jobId !== undefined) add((p) => `c.job_id = ${p}`, f.jobId);
    if (f.taskPk !== undefined) add((p) => `c.task_pk = ${p}`, f.taskPk);
    // A job has one task: its public id is on the job (a checkpoint may be written before the job knew it).
    if (f.taskRef !== undefined) {
      add(
        (p) =>
          `c.job_id IN (SELECT j.id FROM task_persistence.persistent_job j WHERE j.brand_id = $1 AND j.task_ref = ${p})`,
        f.taskRef,
      );
    }
    const clause = parts.join(' AND ');
    const limit = params.length + 1;
    const [rows, counted] = await Promise.all([
      this.sql.rows<CheckpointRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM task_persistence.checkpoint c WHERE ${clause}
         ORDER BY ${orderBy(options.ordering, 'c.id')}
         LIMIT $${limit} OFFSET $${limit + 1}`,
        [...params, options.pageSize, (options.page - 1) * options.pageSize],
      ),
      this.sql.rows<{ count: number }>(
        `SELECT count(*)::int AS count FROM task_persistence.checkpoint c WHERE ${clause}`,
        params,
      ),
    ]);
    return { count: counted[0]?.count ?? 0, rows };
  }
}
