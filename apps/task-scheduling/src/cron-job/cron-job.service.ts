import {
  Actor,
  CreateCronJobBody,
  CRON_JOB_SCHEDULE_TYPES,
  CRON_JOB_STATUSES,
  CronJobDto,
  ErrorCode,
  FieldErrors,
  ListCronJobsQuery,
  Page,
  TASK_TYPE_PATTERN,
  UpdateCronJobBody,
} from '@app/contracts';
import {
  allOf,
  nullable,
  OrderingColumn,
  pageWindow,
  parseEnumList,
  parseOrdering,
  parsePatternList,
  searchPattern,
  Sql,
} from '@app/platform';
import { brandOf } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { dbNow } from '../common/db-clock';
import { addFieldError, notFound, throwIfErrors } from '../common/sql-values';
import { FiringSignal } from '../firing/firing-signal';
import { toCronJobDto } from './cron-job.mapper';
import { CronJobFilters, CronJobRepository, CronJobRow, CronJobValues } from './cron-job.repository';
import { nextCronJobRun } from './cron-job.rules';

const ORDERING: Record<string, OrderingColumn> = {
  id: 'id',
  name: 'name',
  created_at: 'created_at',
  updated_at: 'updated_at',
  next_run_at: nullable('next_run_at'),
  last_run_at: nullable('last_run_at'),
  run_at: nullable('run_at'),
};

type Timing = Pick<CronJobValues, 'schedule_type' | 'run_at' | 'interval_seconds' | 'start_at'>;
type TimingInput = { run_at?: string | null; interval_seconds?: number | null; start_at?: string | null };

@Injectable()
export class CronJobService {
  constructor(
    private readonly sql: Sql,
    private readonly jobs: CronJobRepository,
    private readonly signal: FiringSignal,
  ) {}

  async create(actor: Actor, body: CreateCronJobBody): Promise<CronJobDto> {
    const now = await dbNow(this.sql);
    const timing = checkTiming(
      body.schedule_type,
      body,
      { run_at: null, interval_seconds: null, start_at: null },
      now,
    );
    const values: CronJobValues = {
      name: body.name,
      task_type: body.task_type,
      context_data: body.context_data ?? {},
      priority: body.priority ?? 'normal',
      queue: body.queue ?? 'default',
      ...timing,
      status: 'scheduled',
      next_run_at: nextRun(timing, now),
    };
    const owner = {
      brand_name: actor.brand_name,
      created_by_id: actor.user_id,
      created_by_username: actor.username,
    };
    const row = await this.jobs.insert(brandOf(actor), owner, values);
    this.signal.wake();
    return toCronJobDto(row);
  }

  async update(actor: Actor, id: number, body: UpdateCronJobBody): Promise<CronJobDto> {
    const brandId = brandOf(actor);
    const row = await this.sql.transaction(async (client) => {
      const current = await this.jobs.find(brandId, id, client, { lock: true });
      if (!current) throw notFound(ErrorCode.CronJobNotFound, 'Scheduled job');
      const now = await dbNow(this.sql, client);
      const scheduleType = body.schedule_type ?? current.schedule_type;
      const timing = checkTiming(scheduleType, body, current, now);
      const status = body.status ?? current.status;
      const timingChanged = ['schedule_type', 'run_at', 'interval_seconds', 'start_at'].some(
        (f) => body[f as keyof UpdateCronJobBody] !== undefined,
      );
      // Only a job that is (or becomes) scheduled gets a next run; a fired or cancelled one is re-armed by status: scheduled.
      const rearm = status === 'scheduled' && (current.status !== 'scheduled' || timingChanged);
      const values: CronJobValues = {
        name: body.name ?? current.name,
        task_type: body.task_type ?? current.task_type,
        context_data: body.context_data ?? current.context_data,
        priority: body.priority ?? current.priority,
        queue: body.queue ?? current.queue,
        ...timing,
        status,
        next_run_at: status !== 'scheduled' ? null : rearm ? nextRun(timing, now) : current.next_run_at,
      };
      return (await this.jobs.update(brandId, id, values, client)) as CronJobRow;
    });
    if (row.status === 'scheduled') this.signal.wake();
    return toCronJobDto(row);
  }

  async get(actor: Actor, id: number): Promise<CronJobDto> {
    const row = await this.jobs.find(brandOf(actor), id);
    if (!row) throw notFound(ErrorCode.CronJobNotFound, 'Scheduled job');
    return toCronJobDto(row);
  }

  async list(actor: Actor, query: ListCronJobsQuery): Promise<Page<CronJobDto>> {
    const errors: FieldErrors = {};
    const ordering = parseOrdering(query.ordering, ORDERING, '-created_at', errors);
    const filters: CronJobFilters = {
      statuses: allOf(
        query.status === undefined ? undefined : [query.status],
        parseEnumList('status__in', query.status__in, CRON_JOB_STATUSES, errors),
      ),
      scheduleTypes: allOf(
        query.schedule_type === undefined ? undefined : [query.schedule_type],
        parseEnumList('schedule_type__in', query.schedule_type__in, CRON_JOB_SCHEDULE_TYPES, errors),
      ),
      taskTypes: allOf(
        query.task_type === undefined ? undefined : [query.task_type],
        parsePatternList('task_type__in', query.task_type__in, TASK_TYPE_PATTERN, errors),
      ),
      search: searchPattern(query.search),
    };
    throwIfErrors(errors);
    const { page, pageSize } = pageWindow(query);
    const { count, rows } = await this.jobs.list(brandOf(actor), { filters, ordering, page, pageSize });
    return { count, page, page_size: pageSize, results: rows.map(toCronJobDto) };
  }

  async delete(actor: Actor, id: number): Promise<{ deleted: true }> {
    if (!(await this.jobs.delete(brandOf(actor), id)))
      throw notFound(ErrorCode.CronJobNotFound, 'Scheduled job');
    return { deleted: true };
  }
}

/**
 * The timing fields of a job of this type, from the request over the stored values: a `once` job has
 * run_at only, an `interval` job interval_seconds and start_at (default: one interval from now).
 */
function checkTiming(
  type: CronJobValues['schedule_type'],
  input: TimingInput,
  stored: Timing | TimingInput,
  now: Date,
): Timing {
  const errors: FieldErrors = {};
  const pick = <K extends keyof TimingInput>(key: K) =>
    input[key] !== undefined ? input[key] : (stored[key] ?? null);
  let timing: Timing;
  if (type === 'once') {
    if (input.interval_seconds != null)
      addFieldError(errors, 'interval_seconds', 'Only interval jobs have an interval');
    if (input.start_at != null)
      addFieldError(errors, 'start_at', 'Only interval jobs have a start_at; a once job runs at run_at');
    const runAt = pick('run_at');
    if (runAt === null) addFieldError(errors, 'run_at', 'A once job needs run_at');
    timing = {
      schedule_type: 'once',
      run_at: runAt === null ? null : new Date(runAt),
      interval_seconds: null,
      start_at: null,
    };
  } else {
    if (input.run_at != null)
      addFieldError(errors, 'run_at', 'Only once jobs have a run_at; an interval job starts at start_at');
    const interval = pick('interval_seconds') as number | null;
    if (interval === null)
      addFieldError(errors, 'interval_seconds', 'An interval job needs interval_seconds');
    const startAt = pick('start_at');
    timing = {
      schedule_type: 'interval',
      run_at: null,
      interval_seconds: interval,
      start_at: startAt !== null ? new Date(startAt) : new Date(now.getTime() + (interval ?? 0) * 1000),
    };
  }
  throwIfErrors(errors);
  return timing;
}

function nextRun(timing: Timing, now: Date): Date | null {
  return nextCronJobRun(
    {
      scheduleType: timing.schedule_type,
      runAt: timing.run_at,
      intervalSeconds: timing.interval_seconds,
      startAt: timing.start_at,
    },
    now,
  );
}
