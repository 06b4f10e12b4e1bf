import { CronJobScheduleType, CronJobStatus, TaskPriority } from '@app/contracts';
import { Ordering, orderBy, Sql, SqlExecutor } from '@app/platform';
import { BrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { Owner } from '../periodic-task/periodic-task.repository';

export type CronJobRow = {
  id: number;
  brand_id: number;
  brand_name: string;
  created_by_id: number;
  created_by_username: string;
  name: string;
  task_type: string;
  context_data: Record<string, unknown>;
  priority: TaskPriority;
  queue: string;
  schedule_type: CronJobScheduleType;
  run_at: Date | null;
  interval_seconds: number | null;
  start_at: Date | null;
  status: CronJobStatus;
  next_run_at: Date | null;
  last_run_at: Date | null;
  total_run_count: number;
  last_task_pk: number | null;
  last_task_id: string | null;
  created_at: Date;
  updated_at: Date;
};

export type CronJobValues = Pick<
  CronJobRow,
  | 'name'
  | 'task_type'
  | 'context_data'
  | 'priority'
  | 'queue'
  | 'schedule_type'
  | 'run_at'
  | 'interval_seconds'
  | 'start_at'
  | 'status'
  | 'next_run_at'
>;

export type CronJobFilters = {
  statuses?: CronJobStatus[];
  scheduleTypes?: CronJobScheduleType[];
  taskTypes?: string[];
  search?: string;
};
export type CronJobListOptions = {
  filters: CronJobFilters;
  ordering: Ordering;
  page: number;
  pageSize: number;
};

/** After the firing loop fired a job. */
export type CronJobFired = {
  id: number;
  next_run_at: string | null;
  status: CronJobStatus;
  last_run_at: string;
  last_task_pk: number;
  last_task_id: string;
};

const VALUE_COLUMNS = [
  'name',
  'task_type',
  'context_data',
  'priority',
  'queue',
  'schedule_type',
  'run_at',
  'interval_seconds',
  'start_at',
  'status',
  'next_run_at',
] as const;

/** The scheduled job table, always through a brand, except for the firing loop's claim. */
@Injectable()
export class CronJobRepository {
  constructor(private readonly sql: Sql) {}

  async insert(brandId: BrandId, owner: Owner, values: CronJobValues): Promise<CronJobRow> {
    const placeholders = VALUE_COLUMNS.map((_, i) => `$${i + 5}`).join(', ');
    return (await this.sql.one<CronJobRow>(
      `INSERT INTO task_scheduling.cron_job (brand_id, brand_name, created_by_id, created_by_username, ${VALUE_COLUMNS.join(', ')})
       VALUES ($1, $2, $3, $4, ${placeholders}) RETURNING *`,
      [brandId, owner.brand_name, owner.created_by_id, owner.created_by_username, ...valueParams(values)],
    )) as CronJobRow;
  }

  find(
    brandId: BrandId,
    id: number,
    executor?: SqlExecutor,
    options: { lock?: boolean } = {},
  ): Promise<CronJobRow | null> {
    return this.sql.one<CronJobRow>(
      `SELECT * FROM task_scheduling.cron_job WHERE brand_id = $1 AND id = $2 ${options.lock ? 'FOR UPDATE' : ''}`,
      [brandId, id],
      executor,
    );
  }

  async list(brandId: BrandId, options: CronJobListOptions): Promise<{ count: number; rows: CronJobRow[] }> {
    const params: unknown[] = [brandId];
    const parts = ['brand_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      parts.push(sql(`$${params.length}`));
    };
    const f = options.filters;
    if (f.statuses) add((p) => `status = ANY(${p}::text[])`, f.statuses);
    if (f.scheduleTypes) add((p) => `schedule_type = ANY(${p}::text[])`, f.scheduleTypes);
    if (f.taskTypes) add((p) => `task_type = ANY(${p}::text[])`, f.taskTypes);
    if (f.search) add((p) => `(name || ' ' || task_type) ILIKE ${p}`, f.search);
    const where = parts.join(' AND ');
    const [rows, counted] = await Promise.all([
      this.sql.rows<CronJobRow>(
        `SELECT * FROM task_scheduling.cron_job WHERE ${where}
         ORDER BY ${orderBy(options.ordering, 'id')}
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, options.pageSize, (options.page - 1) * options.pageSize],
      ),
      this.sql.one<{ count: number }>(
        `SELECT count(*)::int AS count FROM task_scheduling.cron_job WHERE ${where}`,
        params,
      ),
    ]);
    return { count: counted?.count ?? 0, rows };
  }

  update(
    brandId: BrandId,
    id: number,
    values: CronJobValues,
    executor: SqlExecutor,
  ): Promise<CronJobRow | null> {
    const sets = VALUE_COLUMNS.map((column, i) => `${column} = $${i + 3}`).join(', ');
    return this.sql.one<CronJobRow>(
      `UPDATE task_scheduling.cron_job SET ${sets}, updated_at = now() WHERE brand_id = $1 AND id = $2 RETURNING *`,
      [brandId, id, ...valueParams(values)],
      executor,
    );
  }

  async delete(brandId: BrandId, id: number): Promise<boolean> {
    const row = await this.sql.one<{ id: number }>(
      `DELETE FROM task_scheduling.cron_job WHERE brand_id = $1 AND id = $2 RETURNING id`,
      [brandId, id],
    );
    return row !== null;
  }

  /** Due scheduled jobs across brands by the database clock, locked; rows another replica holds are skipped. */
  claimDue(limit: number, executor: SqlExecutor): Promise<Array<CronJobRow & { db_now: Date }>> {
    return this.sql.rows(
      `SELECT *, now() AS db_now FROM task_scheduling.cron_job
       WHERE status = 'scheduled' AND next_run_at <= now()
       ORDER BY next_run_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
      executor,
    );
  }

  async msUntilNextDue(): Promise<number | null> {
    const row = await this.sql.one<{ ms: number | null }>(
      `SELECT (extract(epoch FROM min(next_run_at) - clock_timestamp()) * 1000)::float8 AS ms
       FROM task_scheduling.cron_job WHERE status = 'scheduled' AND next_run_at IS NOT NULL`,
    );
    return row?.ms ?? null;
  }

  /** task-core refused the job's task for good: a once job is cancelled, an interval job waits for its next instant. */
  async skipRefused(id: number, next: Date | null, executor: SqlExecutor): Promise<void> {
    await this.sql.rows(
      `UPDATE task_scheduling.cron_job SET next_run_at = $2, status = CASE WHEN $2::timestamptz IS NULL THEN 'cancelled' ELSE status END
       WHERE id = $1`,
      [id, next],
      executor,
    );
  }

  async applyFirings(fired: CronJobFired[], executor: SqlExecutor): Promise<void> {
    if (fired.length === 0) return;
    await this.sql.rows(
      `UPDATE task_scheduling.cron_job j SET next_run_at = x.next_run_at, status = x.status, last_run_at = x.last_run_at,
         last_task_pk = x.last_task_pk, last_task_id = x.last_task_id, total_run_count = j.total_run_count + 1
       FROM jsonb_to_recordset($1::jsonb) AS x(id int, next_run_at timestamptz, status text, last_run_at timestamptz,
         last_task_pk bigint, last_task_id text)
       WHERE j.id = x.id`,
      [JSON.stringify(fired)],
      executor,
    );
  }
}

function valueParams(values: CronJobValues): unknown[] {
  return VALUE_COLUMNS.map((column) =>
    column === 'context_data' ? JSON.stringify(values.context_data) : values[column],
  );
}
