import { Ordering, orderBy, Sql, SqlExecutor } from '@app/platform';
import { BrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';

export type CalendarRow = {
  id: number;
  brand_id: number;
  name: string;
  description: string;
  timezone: string;
  dates: string[];
  ranges: Array<{ start: string; end: string }>;
  weekdays: number[];
  created_at: Date;
  updated_at: Date;
};

export type CalendarValues = Pick<
  CalendarRow,
  'name' | 'description' | 'timezone' | 'dates' | 'ranges' | 'weekdays'
>;

export type CalendarListOptions = { search?: string; ordering: Ordering; page: number; pageSize: number };

/** The calendar table, always through a brand. */
@Injectable()
export class CalendarRepository {
  constructor(private readonly sql: Sql) {}

  insert(brandId: BrandId, values: CalendarValues): Promise<CalendarRow> {
    return this.sql.one<CalendarRow>(
      `INSERT INTO task_scheduling.calendar (brand_id, name, description, timezone, dates, ranges, weekdays)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb) RETURNING *`,
      [
        brandId,
        values.name,
        values.description,
        values.timezone,
        json(values.dates),
        json(values.ranges),
        json(values.weekdays),
      ],
    ) as Promise<CalendarRow>;
  }

  /** `lock: 'update'` to change or delete it, `'share'` to keep it as it is while a schedule using it is saved. */
  find(
    brandId: BrandId,
    id: number,
    executor?: SqlExecutor,
    options: { lock?: 'update' | 'share' } = {},
  ): Promise<CalendarRow | null> {
    const lock = options.lock === 'update' ? 'FOR UPDATE' : options.lock === 'share' ? 'FOR SHARE' : '';
    return this.sql.one<CalendarRow>(
      `SELECT * FROM task_scheduling.calendar WHERE brand_id = $1 AND id = $2 ${lock}`,
      [brandId, id],
      executor,
    );
  }

  /** Calendars of several schedules at once (the firing loop); callers check each one's brand. */
  findMany(ids: number[], executor?: SqlExecutor): Promise<CalendarRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.sql.rows<CalendarRow>(
      `SELECT * FROM task_scheduling.calendar WHERE id = ANY($1::int[])`,
      [ids],
      executor,
    );
  }

  async list(
    brandId: BrandId,
    options: CalendarListOptions,
  ): Promise<{ count: number; rows: CalendarRow[] }> {
    const params: unknown[] = [brandId];
    let where = 'brand_id = $1';
    if (options.search) {
      params.push(options.search);
      where += ` AND (name || ' ' || description) ILIKE $${params.length}`;
    }
    const [rows, counted] = await Promise.all([
      this.sql.rows<CalendarRow>(
        `SELECT * FROM task_scheduling.calendar WHERE ${where}
         ORDER BY ${orderBy(options.ordering, 'id')}
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, options.pageSize, (options.page - 1) * options.pageSize],
      ),
      this.sql.one<{ count: number }>(
        `SELECT count(*)::int AS count FROM task_scheduling.calendar WHERE ${where}`,
        params,
      ),
    ]);
    return { count: counted?.count ?? 0, rows };
  }

  update(
    brandId: BrandId,
    id: number,
    values: CalendarValues,
    executor: SqlExecutor,
  ): Promise<CalendarRow | null> {
    return this.sql.one<CalendarRow>(
      `UPDATE task_scheduling.calendar SET name = $3, description = $4, timezone = $5, dates = $6::jsonb,
         ranges = $7::jsonb, weekdays = $8::jsonb, updated_at = now()
       WHERE brand_id = $1 AND id = $2 RETURNING *`,
      [
        brandId,
        id,
        values.name,
        values.description,
        values.timezone,
        json(values.dates),
        json(values.ranges),
        json(values.weekdays),
      ],
      executor,
    );
  }

  async delete(brandId: BrandId, id: number, executor: SqlExecutor): Promise<boolean> {
    const row = await this.sql.one<{ id: number }>(
      `DELETE FROM task_scheduling.calendar WHERE brand_id = $1 AND id = $2 RETURNING id`,
      [brandId, id],
      executor,
    );
    return row !== null;
  }
}

function json(value: unknown): string {
  return JSON.stringify(value);
}
