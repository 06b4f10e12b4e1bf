import { PeriodicRunReason, PeriodicRunStatus, PeriodicRunTrigger, TaskStatus } from '@app/contracts';
import { Ordering, orderBy, Sql, SqlExecutor } from '@app/platform';
import { BrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';

export type PeriodicRunRow = {
  id: number;
  brand_id: number;
  periodic_task_id: number;
  trigger: PeriodicRunTrigger;
  scheduled_for: Date;
  fired_at: Date | null;
  status: PeriodicRunStatus;
  reason: PeriodicRunReason | null;
  task_pk: number | null;
  task_id: string | null;
  error: string | null;
  task_status: TaskStatus | null;
};

export type NewRun = {
  brand_id: number;
  periodic_task_id: number;
  trigger: PeriodicRunTrigger;
  scheduled_for: string;
  fired_at: string | null;
  status: PeriodicRunStatus;
  reason: PeriodicRunReason | null;
  task_pk: number | null;
  task_id: string | null;
  error: string | null;
};

/** A task status as task-core reported it at `status_at` (its event time, or the task's creation). */
export type TaskStatusUpdate = {
  brand_id: number;
  task_pk: number;
  periodic_task_id: number;
  status: TaskStatus;
  status_at: string;
};

export type RunListOptions = {
  statuses?: PeriodicRunStatus[];
  scheduledGte?: string;
  scheduledLte?: string;
  ordering: Ordering;
  page: number;
  pageSize: number;
};

const RUN_WITH_STATUS = `
  SELECT r.*, ts.status AS task_status FROM task_scheduling.periodic_task_run r
  LEFT JOIN task_scheduling.task_status ts ON ts.brand_id = r.brand_id AND ts.task_pk = r.task_pk`;

/** Run history of periodic tasks and the last known status of the tasks they created. */
@Injectable()
export class PeriodicRunRepository {
  constructor(private readonly sql: Sql) {}

  /** Records runs; an instant already recorded for a schedule keeps its first record. */
  async insertRuns(runs: NewRun[], executor: SqlExecutor): Promise<PeriodicRunRow[]> {
    if (runs.length === 0) return [];
    return this.sql.rows<PeriodicRunRow>(
      `INSERT INTO task_scheduling.periodic_task_run
         (brand_id, periodic_task_id, trigger, scheduled_for, fired_at, status, reason, task_pk, task_id, error)
       SELECT x.brand_id, x.periodic_task_id, x.trigger, x.scheduled_for, x.fired_at, x.status, x.reason, x.task_pk, x.task_id,
         x.error
       FROM jsonb_to_recordset($1::jsonb) AS x(brand_id int, periodic_task_id int, trigger text, scheduled_for timestamptz,
         fired_at timestamptz, status text, reason text, task_pk bigint, task_id text, error text)
       ON CONFLICT (brand_id, periodic_task_id, scheduled_for, trigger) DO NOTHING
       RETURNING *, NULL::text AS task_status`,
      [JSON.stringify(runs)],
      executor,
    );
  }

  /**
   * Keeps the latest status of each task: an update older than the stored one is ignored, so events
   * replayed or arriving late (and the creation reply racing the events) converge on the newest state.
   */
  async upsertStatuses(updates: TaskStatusUpdate[], executor?: SqlExecutor): Promise<void> {
    if (updates.length === 0) return;
    await this.sql.rows(
      `INSERT INTO task_scheduling.task_status (brand_id, task_pk, periodic_task_id, status, status_at)
       SELECT x.brand_id, x.task_pk, x.periodic_task_id, x.status, x.status_at
       FROM jsonb_to_recordset($1::jsonb) AS x(brand_id int, task_pk bigint, periodic_task_id int, status text, status_at timestamptz)
       ON CONFLICT (brand_id, task_pk) DO UPDATE SET status = EXCLUDED.status, status_at = EXCLUDED.status_at
       WHERE task_status.status_at <= EXCLUDED.status_at`,
      [JSON.stringify(updates)],
      executor,
    );
  }

  async list(
    brandId: BrandId,
    periodicTaskId: number,
    options: RunListOptions,
  ): Promise<{ count: number; rows: PeriodicRunRow[] }> {
    const params: unknown[] = [brandId, periodicTaskId];
    const parts = ['r.brand_id = $1', 'r.periodic_task_id = $2'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      parts.push(sql(`$${params.length}`));
    };
    if (options.statuses) add((p) => `r.status = ANY(${p}::text[])`, options.statuses);
    if (options.scheduledGte) add((p) => `r.scheduled_for >= ${p}::timestamptz`, options.scheduledGte);
    if (options.scheduledLte) add((p) => `r.scheduled_for <= ${p}::timestamptz`, options.scheduledLte);
    const where = parts.join(' AND ');
    const [rows, counted] = await Promise.all([
      this.sql.rows<PeriodicRunRow>(
        `${RUN_WITH_STATUS} WHERE ${where} ORDER BY ${orderBy(options.ordering, 'r.id')}
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, options.pageSize, (options.page - 1) * options.pageSize],
      ),
      this.sql.one<{ count: number }>(
        `SELECT count(*)::int AS count FROM task_scheduling.periodic_task_run r WHERE ${where}`,
        params,
      ),
    ]);
    return { count: counted?.count ?? 0, rows };
  }
}
