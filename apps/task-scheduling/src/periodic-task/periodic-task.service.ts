import {
  Actor,
  CreatePeriodicTaskBody,
  ErrorCode,
  FieldErrors,
  ListPeriodicRunsQuery,
  ListPeriodicTasksQuery,
  ListReadyPeriodicTasksQuery,
  Page,
  PERIODIC_RUN_STATUSES,
  PeriodicRunDto,
  PeriodicTaskDto,
  TASK_TYPE_PATTERN,
  UpdatePeriodicTaskBody,
} from '@app/contracts';
import {
  allOf,
  AppError,
  nullable,
  OrderingColumn,
  pageWindow,
  parseEnumList,
  parseOrdering,
  parsePatternList,
  parseQueryBoolean,
  searchPattern,
  Sql,
  SqlExecutor,
} from '@app/platform';
import { BrandId, brandOf } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { CalendarRepository } from '../calendar/calendar.repository';
import { toCalendar } from '../calendar/calendar.mapper';
import { dbNow } from '../common/db-clock';
import { addFieldError, isForeignKeyViolation, isUniqueViolation, notFound, throwIfErrors } from '../common/sql-values';
import { FiringSignal } from '../firing/firing-signal';
import { PeriodicRunRepository } from './periodic-run.repository';
import { toPeriodicRunDto, toPeriodicTaskDto } from './periodic-task.mapper';
import { PeriodicTaskRepository, PeriodicTaskRow, PeriodicTaskValues } from './periodic-task.repository';
import { defaultPeriodicTaskName, effectiveSchedule, firstFreeName, firstRunAt, remainingRuns } from './periodic-task.rules';
import { checkSettings, mergeUpdate, settingsError } from './periodic-task.settings';

const ORDERING: Record<string, OrderingColumn> = {
  id: 'p.id',
  name: 'p.name',
  task_type: 'p.task_type',
  created_at: 'p.created_at',
  updated_at: 'p.updated_at',
  next_run_at: nullable('p.next_run_at'),
  last_run_at: nullable('p.last_run_at'),
  total_run_count: 'p.total_run_count',
};
const RUN_ORDERING: Record<string, OrderingColumn> = {
  id: 'r.id',
  scheduled_for: 'r.scheduled_for',
  fired_at: nullable('r.fired_at'),
};

// Fields whose change moves next_run_at; other edits keep the instant already due.
const SCHEDULE_FIELDS = [
  'cron_expression',
  'timezone',
  'start_at',
  'end_at',
  'max_runs',
  'calendar',
  'calendar_mode',
  'enabled',
] as const;

// Concurrent creates of one seed body each take a number: a few retries settle them.
const MAX_NAME_ATTEMPTS = 10;

@Injectable()
export class PeriodicTaskService {
  constructor(
    private readonly sql: Sql,
    private readonly tasks: PeriodicTaskRepository,
    private readonly runs: PeriodicRunRepository,
    private readonly calendars: CalendarRepository,
    private readonly signal: FiringSignal,
  ) {}

  async create(actor: Actor, body: CreatePeriodicTaskBody): Promise<PeriodicTaskDto> {
    const brandId = brandOf(actor);
    const cronExpression = body.cron_expression.trim();
    const defaultName = body.name === undefined ? defaultPeriodicTaskName(body.task_type, cronExpression) : null;
    const values: PeriodicTaskValues = {
      name: body.name ?? (defaultName as string),
      task_type: body.task_type,
      cron_expression: cronExpression,
      timezone: body.timezone ?? 'UTC',
      context_data: body.context_data ?? {},
      priority: body.priority ?? 'normal',
      queue: body.queue ?? 'default',
      max_retries: body.max_retries ?? null,
      timeout_seconds: body.timeout_seconds ?? null,
      enabled: body.enabled ?? true,
      start_at: body.start_at ? new Date(body.start_at) : null,
      end_at: body.end_at ? new Date(body.end_at) : null,
      max_runs: body.max_runs ?? null,
      calendar_id: body.calendar ?? null,
      calendar_mode: body.calendar_mode ?? 'exclude',
      misfire_policy: body.misfire_policy ?? 'run_once',
      overlap_policy: body.overlap_policy ?? 'allow',
      next_run_at: null,
    };
    const owner = { brand_name: actor.brand_name, created_by_id: actor.user_id, created_by_username: actor.username };
    const row = await this.saving(values, () =>
      this.withFreeName(defaultName, () =>
        this.sql.transaction(async (client) => {
          if (defaultName !== null) {
            values.name = firstFreeName(defaultName, await this.tasks.namesFrom(brandId, defaultName, client));
          }
          values.next_run_at = await this.nextRunFor(brandId, values, 0, client);
          return this.tasks.insert(brandId, owner, values, client);
        }),
      ),
    );
    this.signal.wake();
    return toPeriodicTaskDto(row);
  }

  /**
   * Runs an insert whose name was defaulted again when a concurrent create took the same name first
   * (the unique index says so once the other commits): the next try reads the names again.
   */
  private async withFreeName<T>(defaultName: string | null, insert: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await insert();
      } catch (error) {
        const taken = isUniqueViolation(error, 'periodic_task_brand_name_key');
        if (defaultName === null || !taken || attempt >= MAX_NAME_ATTEMPTS) throw error;
      }
    }
  }

  async update(actor: Actor, id: number, body: UpdatePeriodicTaskBody): Promise<PeriodicTaskDto> {
    const brandId = brandOf(actor);
    const row = await this.sql.transaction(async (client) => {
      const current = await this.getRow(brandId, id, client, { lock: true });
      const values = mergeUpdate(current, body);
      const scheduleChanged = SCHEDULE_FIELDS.some((field) => body[field] !== undefined);
      return this.saving(values, async () => {
        if (scheduleChanged) {
          values.next_run_at = await this.nextRunFor(brandId, values, current.total_run_count, client);
        } else {
          // Still validate what is stored against what was sent (a name clash, say).
          checkSettings(values, {});
        }
        return (await this.tasks.update(brandId, id, values, client)) as PeriodicTaskRow;
      });
    });
    this.signal.wake();
    return toPeriodicTaskDto(row);
  }

  async get(actor: Actor, id: number): Promise<PeriodicTaskDto> {
    return toPeriodicTaskDto(await this.getRow(brandOf(actor), id));
  }

  async list(actor: Actor, query: ListPeriodicTasksQuery): Promise<Page<PeriodicTaskDto>> {
    const errors: FieldErrors = {};
    const ordering = parseOrdering(query.ordering, ORDERING, 'name', errors);
    const filters = {
      enabled: parseQueryBoolean(query.enabled),
      taskTypes: allOf(
        query.task_type === undefined ? undefined : [query.task_type],
        parsePatternList('task_type__in', query.task_type__in, TASK_TYPE_PATTERN, errors),
      ),
      calendarId: query.calendar,
      search: searchPattern(query.search),
    };
    throwIfErrors(errors);
    const { page, pageSize } = pageWindow(query);
    const { count, rows } = await this.tasks.list(brandOf(actor), { filters, ordering, page, pageSize });
    return { count, page, page_size: pageSize, results: rows.map(toPeriodicTaskDto) };
  }

  /**
   * Enabled schedules whose next run is due now and has not fired yet (the seed's meaning: normally
   * none, since the firing loop keeps up), or, with `within_seconds`, due by then: what is about to fire.
   * next_run_at is always an instant the schedule's calendar allows, so the calendar is applied.
   */
  async listReady(actor: Actor, query: ListReadyPeriodicTasksQuery): Promise<Page<PeriodicTaskDto>> {
    const errors: FieldErrors = {};
    const ordering = parseOrdering(query.ordering, ORDERING, 'next_run_at', errors);
    throwIfErrors(errors);
    const { page, pageSize } = pageWindow(query);
    const { count, rows } = await this.tasks.list(brandOf(actor), {
      filters: { dueWithinSeconds: query.within_seconds ?? 0, search: searchPattern(query.search) },
      ordering,
      page,
      pageSize,
    });
    return { count, page, page_size: pageSize, results: rows.map(toPeriodicTaskDto) };
  }

  async delete(actor: Actor, id: number): Promise<{ deleted: true }> {
    const deleted = await this.sql.transaction((client) => this.tasks.delete(brandOf(actor), id, client));
    if (!deleted) throw notFound(ErrorCode.PeriodicTaskNotFound, 'Periodic task');
    return { deleted: true };
  }

  async pause(actor: Actor, id: number): Promise<PeriodicTaskDto> {
    return this.setEnabled(actor, id, false);
  }

  /** Resumes from now: the instants that passed while paused are not misfires, nobody wanted them. */
  async resume(actor: Actor, id: number): Promise<PeriodicTaskDto> {
    return this.setEnabled(actor, id, true);
  }

  async listRuns(actor: Actor, id: number, query: ListPeriodicRunsQuery): Promise<Page<PeriodicRunDto>> {
    const brandId = brandOf(actor);
    await this.getRow(brandId, id);
    const errors: FieldErrors = {};
    const ordering = parseOrdering(query.ordering, RUN_ORDERING, '-scheduled_for', errors);
    const statuses = allOf(
      parseEnumList('status', query.status, PERIODIC_RUN_STATUSES, errors),
      parseEnumList('status__in', query.status__in, PERIODIC_RUN_STATUSES, errors),
    );
    throwIfErrors(errors);
    const { page, pageSize } = pageWindow(query);
    const { count, rows } = await this.runs.list(brandId, id, {
      statuses,
      scheduledGte: query.scheduled_for__gte,
      scheduledLte: query.scheduled_for__lte,
      ordering,
      page,
      pageSize,
    });
    return { count, page, page_size: pageSize, results: rows.map(toPeriodicRunDto) };
  }

  async getRow(
    brandId: BrandId,
    id: number,
    executor?: SqlExecutor,
    options: { lock?: boolean } = {},
  ): Promise<PeriodicTaskRow> {
    const row = await this.tasks.find(brandId, id, executor, options);
    if (!row) throw notFound(ErrorCode.PeriodicTaskNotFound, 'Periodic task');
    return row;
  }

  private async setEnabled(actor: Actor, id: number, enabled: boolean): Promise<PeriodicTaskDto> {
    const brandId = brandOf(actor);
    const row = await this.sql.transaction(async (client) => {
      const current = await this.getRow(brandId, id, client, { lock: true });
      if (current.enabled === enabled) return current;
      const values = mergeUpdate(current, { enabled });
      values.next_run_at = await this.nextRunFor(brandId, values, current.total_run_count, client);
      return (await this.tasks.update(brandId, id, values, client)) as PeriodicTaskRow;
    });
    if (enabled) this.signal.wake();
    return toPeriodicTaskDto(row);
  }

  /**
   * Validates the schedule (field errors) and computes its next run from the database clock: from now,
   * whether it is new, changed or enabled again (no instant before now is back-filled).
   */
  private async nextRunFor(
    brandId: BrandId,
    values: PeriodicTaskValues,
    totalRunCount: number,
    client: SqlExecutor,
  ): Promise<Date | null> {
    const errors: FieldErrors = {};
    // FOR SHARE keeps the calendar from changing or vanishing until this schedule is saved.
    const calendar =
      values.calendar_id === null
        ? null
        : await this.calendars.find(brandId, values.calendar_id, client, { lock: 'share' });
    if (values.calendar_id !== null && !calendar)
      addFieldError(errors, 'calendar', `Calendar ${values.calendar_id} not found`);
    const cron = checkSettings(values, errors);
    if (!cron || (values.calendar_id !== null && !calendar)) throw settingsError(errors);
    if (!values.enabled || remainingRuns(values.max_runs, totalRunCount) === 0) return null;
    const schedule = effectiveSchedule({
      cron,
      calendar: calendar ? toCalendar(calendar) : null,
      calendarMode: values.calendar_mode,
      startAt: values.start_at,
      endAt: values.end_at,
    });
    return firstRunAt(schedule, await dbNow(this.sql, client));
  }

  /** Turns constraint violations of a save into field errors. */
  private async saving<T>(values: PeriodicTaskValues, save: () => Promise<T>): Promise<T> {
    try {
      return await save();
    } catch (error) {
      if (isUniqueViolation(error, 'periodic_task_brand_name_key')) {
        throw AppError.validation({ name: [`A periodic task named "${values.name}" already exists`] });
      }
      if (isForeignKeyViolation(error, 'periodic_task_calendar_fkey')) {
        throw AppError.validation({ calendar: [`Calendar ${values.calendar_id} not found`] });
      }
      throw error;
    }
  }
}
