import {
  Actor,
  CalendarDto,
  CalendarPreviewQuery,
  CalendarPreviewResponse,
  CreateCalendarBody,
  ErrorCode,
  FieldErrors,
  ListQuery,
  Page,
  UpdateCalendarBody,
} from '@app/contracts';
import { AppError, pageWindow, parseOrdering, searchPattern, Sql, SqlExecutor } from '@app/platform';
import { BrandId, brandOf } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { dbNow } from '../common/db-clock';
import { isForeignKeyViolation, isUniqueViolation, notFound, throwIfErrors } from '../common/sql-values';
import { localDayOf } from '../cron/time-zone';
import { FiringSignal } from '../firing/firing-signal';
import { PeriodicTaskRepository } from '../periodic-task/periodic-task.repository';
import { ScheduleRecomputer } from '../periodic-task/schedule-recomputer';
import { toCalendar, toCalendarDto } from './calendar.mapper';
import { CalendarRepository, CalendarRow, CalendarValues } from './calendar.repository';
import { CalendarError, previewDays, validateCalendar } from './calendar.rules';

const ORDERING: Record<string, string> = {
  id: 'id',
  name: 'name',
  created_at: 'created_at',
  updated_at: 'updated_at',
};
const DEFAULT_PREVIEW_DAYS = 30;
const DAY_MS = 86_400_000;

@Injectable()
export class CalendarService {
  constructor(
    private readonly sql: Sql,
    private readonly calendars: CalendarRepository,
    private readonly periodicTasks: PeriodicTaskRepository,
    private readonly recomputer: ScheduleRecomputer,
    private readonly signal: FiringSignal,
  ) {}

  async create(actor: Actor, body: CreateCalendarBody): Promise<CalendarDto> {
    const values = checkCalendar({
      name: body.name,
      description: body.description ?? '',
      timezone: body.timezone ?? 'UTC',
      dates: body.dates ?? [],
      ranges: body.ranges ?? [],
      weekdays: body.weekdays ?? [],
    });
    return toCalendarDto(await this.saving(values, () => this.calendars.insert(brandOf(actor), values)));
  }

  /** A changed calendar moves the next run of every periodic task that uses it, in the same transaction. */
  async update(actor: Actor, id: number, body: UpdateCalendarBody): Promise<CalendarDto> {
    const brandId = brandOf(actor);
    const row = await this.sql.transaction(async (client) => {
      const current = await this.getRow(brandId, id, client, { lock: 'update' });
      const values = checkCalendar({
        name: body.name ?? current.name,
        description: body.description ?? current.description,
        timezone: body.timezone ?? current.timezone,
        dates: body.dates ?? current.dates,
        ranges: body.ranges ?? current.ranges,
        weekdays: body.weekdays ?? current.weekdays,
      });
      const updated = (await this.saving(values, () =>
        this.calendars.update(brandId, id, values, client),
      )) as CalendarRow;
      const users = await this.periodicTasks.usingCalendar(brandId, id, client);
      await this.recomputer.recompute(brandId, users, toCalendar(updated), client);
      return updated;
    });
    this.signal.wake();
    return toCalendarDto(row);
  }

  async get(actor: Actor, id: number): Promise<CalendarDto> {
    return toCalendarDto(await this.getRow(brandOf(actor), id));
  }

  async list(actor: Actor, query: ListQuery): Promise<Page<CalendarDto>> {
    const errors: FieldErrors = {};
    const ordering = parseOrdering(query.ordering, ORDERING, 'name', errors);
    throwIfErrors(errors);
    const { page, pageSize } = pageWindow(query);
    const search = searchPattern(query.search);
    const { count, rows } = await this.calendars.list(brandOf(actor), { search, ordering, page, pageSize });
    return { count, page, page_size: pageSize, results: rows.map(toCalendarDto) };
  }

  /** A calendar that a periodic task uses is not deleted: 409 CALENDAR_IN_USE naming them. */
  async delete(actor: Actor, id: number): Promise<{ deleted: true }> {
    const brandId = brandOf(actor);
    await this.sql.transaction(async (client) => {
      await this.getRow(brandId, id, client, { lock: 'update' });
      const users = await this.periodicTasks.usingCalendar(brandId, id, client);
      if (users.length > 0) throw inUse(users.map((u) => u.name));
      try {
        await this.calendars.delete(brandId, id, client);
      } catch (error) {
        if (isForeignKeyViolation(error, 'periodic_task_calendar_fkey')) throw inUse([]);
        throw error;
      }
    });
    return { deleted: true };
  }

  /** The calendar's days between from and to (inclusive; default the next 30 days in its zone). */
  async preview(actor: Actor, id: number, query: CalendarPreviewQuery): Promise<CalendarPreviewResponse> {
    const row = await this.getRow(brandOf(actor), id);
    const today = localDayOf(row.timezone, await dbNow(this.sql)).date;
    const from = query.from ?? today;
    const fromMs = Date.parse(`${from}T00:00:00Z`);
    // An unreadable `from` is reported by previewDays below; the default `to` just needs to be a string.
    const to =
      query.to ??
      (Number.isNaN(fromMs)
        ? from
        : new Date(fromMs + (DEFAULT_PREVIEW_DAYS - 1) * DAY_MS).toISOString().slice(0, 10));
    try {
      return {
        calendar: row.id,
        timezone: row.timezone,
        from,
        to,
        days: previewDays(toCalendar(row), from, to),
      };
    } catch (error) {
      if (error instanceof CalendarError)
        throw AppError.validation({ [error.field]: [error.message.replace(/^\w+: /, '')] });
      throw error;
    }
  }

  private async getRow(
    brandId: BrandId,
    id: number,
    executor?: SqlExecutor,
    options: { lock?: 'update' } = {},
  ): Promise<CalendarRow> {
    const row = await this.calendars.find(brandId, id, executor, options);
    if (!row) throw notFound(ErrorCode.CalendarNotFound, 'Calendar');
    return row;
  }

  private async saving<T>(values: CalendarValues, save: () => Promise<T>): Promise<T> {
    try {
      return await save();
    } catch (error) {
      if (isUniqueViolation(error, 'calendar_brand_name_key')) {
        throw AppError.validation({ name: [`A calendar named "${values.name}" already exists`] });
      }
      throw error;
    }
  }
}

/** Checks the days with the calendar rules and stores them sorted and without duplicates. */
function checkCalendar(values: CalendarValues): CalendarValues {
  const errors = validateCalendar(values);
  // The rules name list items `dates[2]`, `ranges[0].end`; the API's field errors use dotted paths.
  throwIfErrors(
    Object.fromEntries(
      Object.entries(errors).map(([field, messages]) => [field.replace(/\[(\d+)\]/g, '.$1'), messages]),
    ),
  );
  return {
    ...values,
    dates: [...new Set(values.dates)].sort(),
    ranges: values.ranges.map((r) => ({ start: r.start, end: r.end })),
    weekdays: [...new Set(values.weekdays)].sort((a, b) => a - b),
  };
}

function inUse(names: string[]): AppError {
  const which = names.length ? `: ${names.map((n) => `"${n}"`).join(', ')}` : '';
  return new AppError(
    ErrorCode.CalendarInUse,
    `The calendar is used by periodic tasks${which}; detach it from them first`,
  );
}
