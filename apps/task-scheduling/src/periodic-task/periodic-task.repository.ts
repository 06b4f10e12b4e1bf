import { CalendarMode, MisfirePolicy, OverlapPolicy, TaskPriority, TaskStatus } from '@app/contracts';
import { Ordering, orderBy, Sql, SqlExecutor } from '@app/platform';
import { BrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';

/** A periodic task row, with the last task's status as task-core's events reported it. */
export type PeriodicTaskRow = {
  id: number;
  brand_id: number;
  brand_name: string;
  created_by_id: number;
  created_by_username: string;
  name: string;
  task_type: string;
  cron_expression: string;
  timezone: string;
  context_data: Record<string, unknown>;
  priority: TaskPriority;
  queue: string;
  max_retries: number | null;
  timeout_seconds: number | null;
  enabled: boolean;
  start_at: Date | null;
  end_at: Date | null;
  max_runs: number | null;
  calendar_id: number | null;
  calendar_mode: CalendarMode;
  misfire_policy: MisfirePolicy;
  overlap_policy: OverlapPolicy;
  next_run_at: Date | null;
  last_run_at: Date | null;
  total_run_count: number;
  last_task_pk: number | null;
  last_task_id: string | null;
  last_task_status: TaskStatus | null;
  created_at: Date;
  updated_at: Date;
};

/** The columns a create or an update writes. */
export type PeriodicTaskValues = Pick<
  PeriodicTaskRow,
  | 'name'
  | 'task_type'
  | 'cron_expression'
  | 'timezone'
  | 'context_data'
  | 'priority'
  | 'queue'
  | 'max_retries'
  | 'timeout_seconds'
  | 'enabled'
  | 'start_at'
  | 'end_at'
  | 'max_runs'
  | 'calendar_id'
  | 'calendar_mode'
  | 'misfire_policy'
  | 'overlap_policy'
  | 'next_run_at'
>;

export type Owner = { brand_name: string; created_by_id: number; created_by_username: string };

export type PeriodicTaskFilters = {
  enabled?: boolean;
  taskTypes?: string[];
  calendarId?: number;
  search?: string;
  /** Enabled schedules due by the database clock plus this many seconds (0: due now). */
  dueWithinSeconds?: number;
};
export type PeriodicTaskListOptions = {
  filters: PeriodicTaskFilters;
  ordering: Ordering;
  page: number;
  pageSize: number;
};

/** After a visit of the firing loop: the schedule's new state. */
export type FiringUpdate = {
  id: number;
  next_run_at: string | null;
  fired: number;
  last_run_at: string | null;
  last_task_pk: number | null;
  last_task_id: string | null;
};

const VALUE_COLUMNS = [
  'name',
  'task_type',
  'cron_expression',
  'timezone',
  'context_data',
  'priority',
  'queue',
  'max_retries',
  'timeout_seconds',
  'enabled',
  'start_at',
  'end_at',
  'max_runs',
  'calendar_id',
  'calendar_mode',
  'misfire_policy',
  'overlap_policy',
  'next_run_at',
] as const;

// Every read goes through this join so that each answer shows the last task's live status.
const WITH_STATUS = (source: string) => `
  SELECT p.*, ts.status AS last_task_status FROM ${source} p
  LEFT JOIN task_scheduling.task_status ts ON ts.brand_id = p.brand_id AND ts.task_pk = p.last_task_pk`;

/** The periodic task table, always through a brand, except for the firing loop's claim. */
@Injectable()
export class PeriodicTaskRepository {
  constructor(private readonly sql: Sql) {}

  async insert(
    brandId: BrandId,
    owner: Owner,
    values: PeriodicTaskValues,
    executor: SqlExecutor,
  ): Promise<PeriodicTaskRow> {
    const params = [
      brandId,
      owner.brand_name,
      owner.created_by_id,
      owner.created_by_username,
      ...valueParams(values),
    ];
    const placeholders = VALUE_COLUMNS.map((_, i) => `$${i + 5}`).join(', ');
    const row = await this.sql.one<PeriodicTaskRow>(
      `WITH p AS (
         INSERT INTO task_scheduling.periodic_task (brand_id, brand_name, created_by_id, created_by_username, ${VALUE_COLUMNS.join(', ')})
         VALUES ($1, $2, $3, $4, ${placeholders}) RETURNING *)
       ${WITH_STATUS('p')}`,
      params,
      executor,
    );
    return row as PeriodicTaskRow;
  }

  /** The brand's names that are `base` or `base #…`: what a defaulted name must not take. */
  async namesFrom(brandId: BrandId, base: string, executor: SqlExecutor): Promise<Set<string>> {
    const rows = await this.sql.rows<{ name: string }>(
      `SELECT name FROM task_scheduling.periodic_task WHERE brand_id = $1 AND (name = $2 OR starts_with(name, $2 || ' #'))`,
      [brandId, base],
      executor,
    );
    return new Set(rows.map((r) => r.name));
  }

  find(
    brandId: BrandId,
    id: number,
    executor?: SqlExecutor,
    options: { lock?: boolean } = {},
  ): Promise<PeriodicTaskRow | null> {
    // FOR UPDATE OF p: lock the schedule only, not its status row (which the event consumer writes).
    return this.sql.one<PeriodicTaskRow>(
      `${WITH_STATUS('task_scheduling.periodic_task')} WHERE p.brand_id = $1 AND p.id = $2 ${options.lock ? 'FOR UPDATE OF p' : ''}`,
      [brandId, id],
      executor,
    );
  }

  async list(
    brandId: BrandId,
    options: PeriodicTaskListOptions,
  ): Promise<{ count: number; rows: PeriodicTaskRow[] }> {
    const { clause, params } = buildWhere(brandId, options.filters);
    const [rows, counted] = await Promise.all([
      this.sql.rows<PeriodicTaskRow>(
        `${WITH_STATUS('task_scheduling.periodic_task')} WHERE ${clause}
         ORDER BY ${orderBy(options.ordering, 'p.id')}
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, options.pageSize, (options.page - 1) * options.pageSize],
      ),
      this.sql.one<{ count: number }>(
        `SELECT count(*)::int AS count FROM task_scheduling.periodic_task p WHERE ${clause}`,
        params,
      ),
    ]);
    return { count: counted?.count ?? 0, rows };
  }

  async update(
    brandId: BrandId,
    id: number,
    values: PeriodicTaskValues,
    executor: SqlExecutor,
  ): Promise<PeriodicTaskRow | null> {
    const sets = VALUE_COLUMNS.map((column, i) => `${column} = $${i + 3}`).join(', ');
    return this.sql.one<PeriodicTaskRow>(
      `WITH p AS (
         UPDATE task_scheduling.periodic_task SET ${sets}, updated_at = now()
         WHERE brand_id = $1 AND id = $2 RETURNING *)
       ${WITH_STATUS('p')}`,
      [brandId, id, ...valueParams(values)],
      executor,
    );
  }

  async setNextRun(
    brandId: BrandId,
    id: number,
    nextRunAt: Date | null,
    executor: SqlExecutor,
  ): Promise<void> {
    await this.sql.rows(
      `UPDATE task_scheduling.periodic_task SET next_run_at = $3 WHERE brand_id = $1 AND id = $2`,
      [brandId, id, nextRunAt],
      executor,
    );
  }

  /** Deletes the schedule and its history; tasks it created stay in task-core. */
  async delete(brandId: BrandId, id: number, executor: SqlExecutor): Promise<boolean> {
    const row = await this.sql.one<{ id: number }>(
      `DELETE FROM task_scheduling.periodic_task WHERE brand_id = $1 AND id = $2 RETURNING id`,
      [brandId, id],
      executor,
    );
    if (!row) return false;
    await this.sql.rows(
      `DELETE FROM task_scheduling.periodic_task_run WHERE brand_id = $1 AND periodic_task_id = $2`,
      [brandId, id],
      executor,
    );
    await this.sql.rows(
      `DELETE FROM task_scheduling.task_status WHERE brand_id = $1 AND periodic_task_id = $2`,
      [brandId, id],
      executor,
    );
    return true;
  }

  /** Schedules that use a calendar, locked (calendar update and delete). */
  usingCalendar(brandId: BrandId, calendarId: number, executor: SqlExecutor): Promise<PeriodicTaskRow[]> {
    return this.sql.rows<PeriodicTaskRow>(
      `${WITH_STATUS('task_scheduling.periodic_task')} WHERE p.brand_id = $1 AND p.calendar_id = $2 ORDER BY p.id FOR UPDATE OF p`,
      [brandId, calendarId],
      executor,
    );
  }

  /**
   * The firing loop's claim, across brands: enabled schedules due by the database clock, or within
   * `aheadMs` of it, oldest first, locked for this transaction; rows another replica holds are skipped,
   * not waited for.
   */
  claimDue(
    limit: number,
    aheadMs: number,
    executor: SqlExecutor,
  ): Promise<Array<PeriodicTaskRow & { db_now: Date }>> {
    return this.sql.rows(
      `WITH due AS (
         SELECT * FROM task_scheduling.periodic_task
         WHERE enabled AND next_run_at <= now() + $2 * interval '1 millisecond'
         ORDER BY next_run_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
       SELECT p.*, ts.status AS last_task_status, now() AS db_now FROM due p
       LEFT JOIN task_scheduling.task_status ts ON ts.brand_id = p.brand_id AND ts.task_pk = p.last_task_pk`,
      [limit, aheadMs],
      executor,
    );
  }

  /** Milliseconds until the nearest enabled schedule is due (negative when one is overdue), by the database clock. */
  async msUntilNextDue(): Promise<number | null> {
    const row = await this.sql.one<{ ms: number | null }>(
      `SELECT (extract(epoch FROM min(next_run_at) - clock_timestamp()) * 1000)::float8 AS ms
       FROM task_scheduling.periodic_task WHERE enabled AND next_run_at IS NOT NULL`,
    );
    return row?.ms ?? null;
  }

  /** Applies the firing loop's decisions for many schedules in one statement. */
  async applyFirings(updates: FiringUpdate[], executor: SqlExecutor): Promise<void> {
    if (updates.length === 0) return;
    await this.sql.rows(
      `UPDATE task_scheduling.periodic_task p SET
         next_run_at = x.next_run_at,
         total_run_count = p.total_run_count + x.fired,
         last_run_at = coalesce(x.last_run_at, p.last_run_at),
         last_task_pk = coalesce(x.last_task_pk, p.last_task_pk),
         last_task_id = coalesce(x.last_task_id, p.last_task_id)
       FROM jsonb_to_recordset($1::jsonb) AS x(id int, next_run_at timestamptz, fired int, last_run_at timestamptz,
         last_task_pk bigint, last_task_id text)
       WHERE p.id = x.id`,
      [JSON.stringify(updates)],
      executor,
    );
  }
}

function valueParams(values: PeriodicTaskValues): unknown[] {
  return VALUE_COLUMNS.map((column) =>
    column === 'context_data' ? JSON.stringify(values.context_data) : values[column],
  );
}

function buildWhere(brandId: BrandId, f: PeriodicTaskFilters): { clause: string; params: unknown[] } {
  const params: unknown[] = [brandId];
  const parts = ['p.brand_id = $1'];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    parts.push(sql(`$${params.length}`));
  };
  if (f.enabled !== undefined) add((p) => `p.enabled = ${p}`, f.enabled);
  if (f.taskTypes !== undefined) add((p) => `p.task_type = ANY(${p}::text[])`, f.taskTypes);
  if (f.calendarId !== undefined) add((p) => `p.calendar_id = ${p}`, f.calendarId);
  if (f.search !== undefined)
    add((p) => `(p.name || ' ' || p.task_type || ' ' || p.cron_expression) ILIKE ${p}`, f.search);
  if (f.dueWithinSeconds !== undefined) {
    add((p) => `p.enabled AND p.next_run_at <= now() + ${p} * interval '1 second'`, f.dueWithinSeconds);
  }
  return { clause: parts.join(' AND '), params };
}
