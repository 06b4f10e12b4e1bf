// Wire contract of task-scheduling: additive changes only. A breaking change is a new `.v2` subject.
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { BrandScopedRequest, ByIdRequest } from './actor';
import {
  MAX_CONTEXT_BYTES,
  QUEUE_PATTERN,
  TASK_TYPE_PATTERN,
  TaskStatus,
} from './core.contract';
import { MaxJsonBytes } from './json-size.validator';
import { TASK_PRIORITIES, TaskPriority } from './task-priority';
import { BodyRules } from './body-rules';
import { calendarDayErrors, previewDayErrors } from './calendar-days.validator';
import { ListQuery, Page, QUERY_BOOLEANS, QueryBoolean } from './pagination';
import { Required } from './required.validator';

export const SchedulingSubject = {
  PeriodicTaskCreate: 'scheduling.periodic_task.create',
  PeriodicTaskList: 'scheduling.periodic_task.list',
  /** Enabled periodic tasks whose next run is due, or due within `within_seconds` (`ready-for-execution/`). */
  PeriodicTaskListReady: 'scheduling.periodic_task.list_ready',
  PeriodicTaskGet: 'scheduling.periodic_task.get',
  PeriodicTaskUpdate: 'scheduling.periodic_task.update',
  PeriodicTaskDelete: 'scheduling.periodic_task.delete',
  PeriodicTaskRunNow: 'scheduling.periodic_task.run_now',
  PeriodicTaskPause: 'scheduling.periodic_task.pause',
  PeriodicTaskResume: 'scheduling.periodic_task.resume',
  PeriodicTaskListRuns: 'scheduling.periodic_task.list_runs',
  CronValidate: 'scheduling.cron.validate',
  CronJobCreate: 'scheduling.cron_job.create',
  CronJobList: 'scheduling.cron_job.list',
  CronJobGet: 'scheduling.cron_job.get',
  CronJobUpdate: 'scheduling.cron_job.update',
  CronJobDelete: 'scheduling.cron_job.delete',
  CalendarCreate: 'scheduling.calendar.create',
  CalendarList: 'scheduling.calendar.list',
  CalendarGet: 'scheduling.calendar.get',
  CalendarUpdate: 'scheduling.calendar.update',
  CalendarDelete: 'scheduling.calendar.delete',
  CalendarPreview: 'scheduling.calendar.preview',
} as const;

export const CALENDAR_MODES = ['exclude', 'only'] as const;
export type CalendarMode = (typeof CALENDAR_MODES)[number];
export const MISFIRE_POLICIES = ['skip', 'run_once', 'run_all'] as const;
export type MisfirePolicy = (typeof MISFIRE_POLICIES)[number];
export const OVERLAP_POLICIES = ['allow', 'skip'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];
export const CRON_JOB_SCHEDULE_TYPES = ['once', 'interval'] as const;
export type CronJobScheduleType = (typeof CRON_JOB_SCHEDULE_TYPES)[number];
export const CRON_JOB_STATUSES = ['scheduled', 'fired', 'cancelled'] as const;
export type CronJobStatus = (typeof CRON_JOB_STATUSES)[number];

/**
 * What became of one scheduled instant (or one run-now): `fired` created its task; `skipped_overlap` and
 * `missed` did not (see the reason); `failed` means task-core refused the task (see `error`).
 */
export const PERIODIC_RUN_STATUSES = ['fired', 'skipped_overlap', 'missed', 'failed'] as const;
export type PeriodicRunStatus = (typeof PERIODIC_RUN_STATUSES)[number];
/** Why an instant did not fire: the misfire policy after downtime, or the overlap policy. */
export const PERIODIC_RUN_REASONS = [
  'misfire_skipped',
  'misfire_coalesced',
  'misfire_cap_exceeded',
  'previous_run_active',
] as const;
export type PeriodicRunReason = (typeof PERIODIC_RUN_REASONS)[number];
export type PeriodicRunTrigger = 'schedule' | 'manual';

export const MAX_VALIDATE_CRON_COUNT = 100;
export const MAX_CRON_EXPRESSION_LENGTH = 200;
const NAME_MESSAGE = 'name must be 1-200 characters';

// Update bodies: a field left out is unchanged; `null` clears a nullable field and is refused for the others.
const Present = () => ValidateIf((_: unknown, value: unknown) => value !== undefined);

/**
 * Body of `POST periodic-tasks/` (SPEC §4.4). `description` is derived from the cron expression. Without
 * a `name`, the task is named from its task type and cron (`daily_seo_report (0 9 * * 1-5)`), numbered
 * (`… #2`) when the brand already has that name: the seed's example body has none.
 */
export class CreatePeriodicTaskBody {
  @IsOptional()
  @IsString()
  @MinLength(1, { message: NAME_MESSAGE })
  @MaxLength(200, { message: NAME_MESSAGE })
  name?: string;
  @Required()
  @IsString()
  @Matches(TASK_TYPE_PATTERN, { message: 'task_type must match ^[a-z][a-z0-9_.:-]{0,99}$' })
  task_type!: string;
  /** 5 fields, 6 with seconds first, or a macro (`@daily`); checked strictly by the service. */
  @Required() @IsString() @MaxLength(MAX_CRON_EXPRESSION_LENGTH) cron_expression!: string;
  /** IANA time zone, default UTC. */
  @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @IsOptional() @IsObject() @MaxJsonBytes(MAX_CONTEXT_BYTES) context_data?: Record<string, unknown>;
  @IsOptional() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;
  @IsOptional()
  @IsString()
  @Matches(QUEUE_PATTERN, { message: 'queue must match ^[a-z][a-z0-9_-]{0,63}$' })
  queue?: string;
  @IsOptional() @IsInt() @Min(0) @Max(20) max_retries?: number | null;
  @IsOptional() @IsInt() @Min(1) @Max(86_400) timeout_seconds?: number | null;
  @IsOptional() @IsBoolean() enabled?: boolean;
  /**
   * No run before this instant. In the past at creation, the schedule starts from now: instants before
   * its creation are not back-filled (the misfire policy is for a scheduler's downtime, not for creation).
   */
  @IsOptional() @IsDateString({ strict: true }) start_at?: string | null;
  /** No run after this instant. */
  @IsOptional() @IsDateString({ strict: true }) end_at?: string | null;
  /** Stop after this many runs (run-now included). */
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000_000) max_runs?: number | null;
  /** Id of a calendar of the brand. */
  @IsOptional() @IsInt() @IsPositive() calendar?: number | null;
  @IsOptional() @IsIn(CALENDAR_MODES) calendar_mode?: CalendarMode;
  @IsOptional() @IsIn(MISFIRE_POLICIES) misfire_policy?: MisfirePolicy;
  @IsOptional() @IsIn(OVERLAP_POLICIES) overlap_policy?: OverlapPolicy;
}

/** Body of `PATCH periodic-tasks/{id}/`. */
export class UpdatePeriodicTaskBody {
  @Present()
  @IsString()
  @MinLength(1, { message: NAME_MESSAGE })
  @MaxLength(200, { message: NAME_MESSAGE })
  name?: string;
  @Present()
  @IsString()
  @Matches(TASK_TYPE_PATTERN, { message: 'task_type must match ^[a-z][a-z0-9_.:-]{0,99}$' })
  task_type?: string;
  @Present() @IsString() @MaxLength(MAX_CRON_EXPRESSION_LENGTH) cron_expression?: string;
  @Present() @IsString() @MaxLength(64) timezone?: string;
  @Present() @IsObject() @MaxJsonBytes(MAX_CONTEXT_BYTES) context_data?: Record<string, unknown>;
  @Present() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;
  @Present()
  @IsString()
  @Matches(QUEUE_PATTERN, { message: 'queue must match ^[a-z][a-z0-9_-]{0,63}$' })
  queue?: string;
  @IsOptional() @IsInt() @Min(0) @Max(20) max_retries?: number | null;
  @IsOptional() @IsInt() @Min(1) @Max(86_400) timeout_seconds?: number | null;
  @Present() @IsBoolean() enabled?: boolean;
  @IsOptional() @IsDateString({ strict: true }) start_at?: string | null;
  @IsOptional() @IsDateString({ strict: true }) end_at?: string | null;
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000_000) max_runs?: number | null;
  @IsOptional() @IsInt() @IsPositive() calendar?: number | null;
  @Present() @IsIn(CALENDAR_MODES) calendar_mode?: CalendarMode;
  @Present() @IsIn(MISFIRE_POLICIES) misfire_policy?: MisfirePolicy;
  @Present() @IsIn(OVERLAP_POLICIES) overlap_policy?: OverlapPolicy;
}

/** Query of `GET periodic-tasks/`. `task_type__in` takes a comma list (given with `task_type`, both apply). */
export class ListPeriodicTasksQuery extends ListQuery {
  @IsOptional() @IsIn(QUERY_BOOLEANS) enabled?: QueryBoolean;
  @IsOptional()
  @IsString()
  @Matches(TASK_TYPE_PATTERN, { message: 'task_type must match ^[a-z][a-z0-9_.:-]{0,99}$' })
  task_type?: string;
  @IsOptional() @IsString() @MaxLength(1000) task_type__in?: string;
  @IsOptional() @Type(() => Number) @IsInt() @IsPositive() calendar?: number;
}

/** The longest look-ahead of `ready-for-execution/?within_seconds=`: a week. */
export const MAX_READY_WITHIN_SECONDS = 604_800;

/**
 * Query of `GET periodic-tasks/ready-for-execution/`: enabled periodic tasks due now (not fired yet), or,
 * with `within_seconds`, due by then: what is about to fire. Calendars are applied, since `next_run_at`
 * is already an instant the calendar allows.
 */
export class ListReadyPeriodicTasksQuery extends ListQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_READY_WITHIN_SECONDS) within_seconds?: number;
}

/** Query of `GET periodic-tasks/{id}/runs/`. */
export class ListPeriodicRunsQuery extends ListQuery {
  /** One status or a comma list of fired, skipped_overlap, missed, failed. */
  @IsOptional() @IsString() @MaxLength(100) status?: string;
  @IsOptional() @IsString() @MaxLength(100) status__in?: string;
  @IsOptional() @IsDateString({ strict: true }) scheduled_for__gte?: string;
  @IsOptional() @IsDateString({ strict: true }) scheduled_for__lte?: string;
}

/** Body of `POST periodic-tasks/validate-cron/`: an invalid expression or zone is an answer, not an error. */
export class ValidateCronBody {
  @Required() @IsString() @MaxLength(MAX_CRON_EXPRESSION_LENGTH) cron_expression!: string;
  @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_VALIDATE_CRON_COUNT) count?: number;
  /** Next runs strictly after this instant (default now). */
  @IsOptional() @IsDateString({ strict: true }) from?: string;
  @IsOptional() @IsInt() @IsPositive() calendar?: number;
  @IsOptional() @IsIn(CALENDAR_MODES) calendar_mode?: CalendarMode;
}

/** Body of `POST cron-jobs/`: `once` at `run_at`, or `interval` every `interval_seconds` from `start_at`. */
export class CreateCronJobBody {
  @Required()
  @IsString()
  @MinLength(1, { message: NAME_MESSAGE })
  @MaxLength(200, { message: NAME_MESSAGE })
  name!: string;
  @Required()
  @IsString()
  @Matches(TASK_TYPE_PATTERN, { message: 'task_type must match ^[a-z][a-z0-9_.:-]{0,99}$' })
  task_type!: string;
  @IsOptional() @IsObject() @MaxJsonBytes(MAX_CONTEXT_BYTES) context_data?: Record<string, unknown>;
  @IsOptional() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;
  @IsOptional()
  @IsString()
  @Matches(QUEUE_PATTERN, { message: 'queue must match ^[a-z][a-z0-9_-]{0,63}$' })
  queue?: string;
  @Required() @IsIn(CRON_JOB_SCHEDULE_TYPES) schedule_type!: CronJobScheduleType;
  /** Required for `once`. */
  @IsOptional() @IsDateString({ strict: true }) run_at?: string | null;
  /** Required for `interval`: 1 s to 366 days. */
  @IsOptional() @IsInt() @Min(1) @Max(31_622_400) interval_seconds?: number | null;
  /** First run of an `interval` job (default: now + interval). */
  @IsOptional() @IsDateString({ strict: true }) start_at?: string | null;
}

/** Body of `PATCH cron-jobs/{id}/`; `status` may be set to `cancelled` or back to `scheduled`. */
export class UpdateCronJobBody {
  @Present()
  @IsString()
  @MinLength(1, { message: NAME_MESSAGE })
  @MaxLength(200, { message: NAME_MESSAGE })
  name?: string;
  @Present()
  @IsString()
  @Matches(TASK_TYPE_PATTERN, { message: 'task_type must match ^[a-z][a-z0-9_.:-]{0,99}$' })
  task_type?: string;
  @Present() @IsObject() @MaxJsonBytes(MAX_CONTEXT_BYTES) context_data?: Record<string, unknown>;
  @Present() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;
  @Present()
  @IsString()
  @Matches(QUEUE_PATTERN, { message: 'queue must match ^[a-z][a-z0-9_-]{0,63}$' })
  queue?: string;
  @Present() @IsIn(CRON_JOB_SCHEDULE_TYPES) schedule_type?: CronJobScheduleType;
  @IsOptional() @IsDateString({ strict: true }) run_at?: string | null;
  @IsOptional() @IsInt() @Min(1) @Max(31_622_400) interval_seconds?: number | null;
  @IsOptional() @IsDateString({ strict: true }) start_at?: string | null;
  @Present() @IsIn(['scheduled', 'cancelled']) status?: 'scheduled' | 'cancelled';
}

/** Query of `GET cron-jobs/`; the `__in` lookups take comma lists (given with the plain filter, both apply). */
export class ListCronJobsQuery extends ListQuery {
  @IsOptional() @IsIn(CRON_JOB_STATUSES) status?: CronJobStatus;
  @IsOptional() @IsString() @MaxLength(100) status__in?: string;
  @IsOptional() @IsIn(CRON_JOB_SCHEDULE_TYPES) schedule_type?: CronJobScheduleType;
  @IsOptional() @IsString() @MaxLength(100) schedule_type__in?: string;
  @IsOptional()
  @IsString()
  @Matches(TASK_TYPE_PATTERN, { message: 'task_type must match ^[a-z][a-z0-9_.:-]{0,99}$' })
  task_type?: string;
  @IsOptional() @IsString() @MaxLength(1000) task_type__in?: string;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = 'must be a date YYYY-MM-DD';

/** An inclusive range of days. */
export class CalendarRangeBody {
  @Required() @IsString() @Matches(DAY_PATTERN, { message: DAY_MESSAGE }) start!: string;
  @Required() @IsString() @Matches(DAY_PATTERN, { message: DAY_MESSAGE }) end!: string;
}

/**
 * Body of `POST calendars/`: the calendar's days are its dates, its ranges and its weekdays (0 = Sunday).
 * Its body rules check that the zone exists, that each day is a real one and that no range ends before
 * it starts, with the field checks.
 */
@BodyRules(calendarDayErrors)
export class CreateCalendarBody {
  @Required()
  @IsString()
  @MinLength(1, { message: NAME_MESSAGE })
  @MaxLength(200, { message: NAME_MESSAGE })
  name!: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  /** Days are read in this IANA zone (default UTC). */
  @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @Matches(DAY_PATTERN, { each: true, message: DAY_MESSAGE })
  dates?: string[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CalendarRangeBody)
  ranges?: CalendarRangeBody[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(6, { each: true })
  weekdays?: number[];
}

/** Body of `PATCH calendars/{id}/`: a list given replaces the stored one. */
@BodyRules(calendarDayErrors)
export class UpdateCalendarBody {
  @Present()
  @IsString()
  @MinLength(1, { message: NAME_MESSAGE })
  @MaxLength(200, { message: NAME_MESSAGE })
  name?: string;
  @Present() @IsString() @MaxLength(2000) description?: string;
  @Present() @IsString() @MaxLength(64) timezone?: string;
  @Present()
  @IsArray()
  @ArrayMaxSize(5000)
  @Matches(DAY_PATTERN, { each: true, message: DAY_MESSAGE })
  dates?: string[];
  @Present()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CalendarRangeBody)
  ranges?: CalendarRangeBody[];
  @Present()
  @IsArray()
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(6, { each: true })
  weekdays?: number[];
}

/** Query of `GET calendars/{id}/preview/`: at most 366 days, default the next 30 days (in the calendar's zone). */
@BodyRules(previewDayErrors)
export class CalendarPreviewQuery {
  @IsOptional() @IsString() @Matches(DAY_PATTERN, { message: DAY_MESSAGE }) from?: string;
  @IsOptional() @IsString() @Matches(DAY_PATTERN, { message: DAY_MESSAGE }) to?: string;
}

export class CreatePeriodicTaskRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => CreatePeriodicTaskBody) body!: CreatePeriodicTaskBody;
}
export class UpdatePeriodicTaskRequest extends ByIdRequest {
  @ValidateNested() @Type(() => UpdatePeriodicTaskBody) body!: UpdatePeriodicTaskBody;
}
export class ListPeriodicTasksRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => ListPeriodicTasksQuery) query!: ListPeriodicTasksQuery;
}
export class ListReadyPeriodicTasksRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => ListReadyPeriodicTasksQuery) query!: ListReadyPeriodicTasksQuery;
}
export class ListPeriodicRunsRequest extends ByIdRequest {
  @ValidateNested() @Type(() => ListPeriodicRunsQuery) query!: ListPeriodicRunsQuery;
}
export class ValidateCronRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => ValidateCronBody) body!: ValidateCronBody;
}
export class CreateCronJobRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => CreateCronJobBody) body!: CreateCronJobBody;
}
export class UpdateCronJobRequest extends ByIdRequest {
  @ValidateNested() @Type(() => UpdateCronJobBody) body!: UpdateCronJobBody;
}
export class ListCronJobsRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => ListCronJobsQuery) query!: ListCronJobsQuery;
}
export class CreateCalendarRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => CreateCalendarBody) body!: CreateCalendarBody;
}
export class UpdateCalendarRequest extends ByIdRequest {
  @ValidateNested() @Type(() => UpdateCalendarBody) body!: UpdateCalendarBody;
}
export class ListCalendarsRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export class CalendarPreviewRequest extends ByIdRequest {
  @ValidateNested() @Type(() => CalendarPreviewQuery) query!: CalendarPreviewQuery;
}

/** A periodic task as the REST API shows it. */
export type PeriodicTaskDto = {
  id: number;
  name: string;
  task_type: string;
  cron_expression: string;
  timezone: string;
  /** The cron expression in words, e.g. "At 09:00, Monday through Friday". */
  description: string;
  context_data: Record<string, unknown>;
  priority: TaskPriority;
  queue: string;
  max_retries: number | null;
  timeout_seconds: number | null;
  enabled: boolean;
  start_at: string | null;
  end_at: string | null;
  max_runs: number | null;
  calendar: number | null;
  calendar_mode: CalendarMode;
  misfire_policy: MisfirePolicy;
  overlap_policy: OverlapPolicy;
  /** Null when paused or when the schedule has ended (end_at, max_runs). */
  next_run_at: string | null;
  last_run_at: string | null;
  total_run_count: number;
  /** Public `task_id` of the last task created. */
  last_task_id: string | null;
  /** Its status as last reported by task-core's events. */
  last_task_status: TaskStatus | null;
  brand: { id: number; name: string };
  created_by: { id: number; username: string };
  created_at: string;
  updated_at: string;
};

/** One scheduled instant (or run-now) of a periodic task and what became of it. */
export type PeriodicRunDto = {
  id: number;
  periodic_task_id: number;
  trigger: PeriodicRunTrigger;
  scheduled_for: string;
  fired_at: string | null;
  status: PeriodicRunStatus;
  reason: PeriodicRunReason | null;
  task_id: string | null;
  task_status: TaskStatus | null;
  error: string | null;
};

export type ValidateCronResponse = {
  valid: boolean;
  /** Readable reason when invalid, naming the field (`minute: 61 is out of range 0-59`). */
  error: string | null;
  description: string | null;
  timezone: string;
  /** UTC ISO instants strictly after `from`, calendar applied. */
  next_runs: string[];
};

export type CronJobDto = {
  id: number;
  name: string;
  task_type: string;
  context_data: Record<string, unknown>;
  priority: TaskPriority;
  queue: string;
  schedule_type: CronJobScheduleType;
  run_at: string | null;
  interval_seconds: number | null;
  start_at: string | null;
  status: CronJobStatus;
  next_run_at: string | null;
  last_run_at: string | null;
  total_run_count: number;
  last_task_id: string | null;
  brand: { id: number; name: string };
  created_by: { id: number; username: string };
  created_at: string;
  updated_at: string;
};

export type CalendarDto = {
  id: number;
  name: string;
  description: string;
  timezone: string;
  dates: string[];
  ranges: Array<{ start: string; end: string }>;
  weekdays: number[];
  created_at: string;
  updated_at: string;
};

export type CalendarPreviewResponse = {
  calendar: number;
  timezone: string;
  from: string;
  to: string;
  days: string[];
};

export type SchedulingContract = {
  requests: {
    [SchedulingSubject.PeriodicTaskCreate]: { request: CreatePeriodicTaskRequest; response: PeriodicTaskDto };
    [SchedulingSubject.PeriodicTaskList]: {
      request: ListPeriodicTasksRequest;
      response: Page<PeriodicTaskDto>;
    };
    [SchedulingSubject.PeriodicTaskListReady]: {
      request: ListReadyPeriodicTasksRequest;
      response: Page<PeriodicTaskDto>;
    };
    [SchedulingSubject.PeriodicTaskGet]: { request: ByIdRequest; response: PeriodicTaskDto };
    [SchedulingSubject.PeriodicTaskUpdate]: { request: UpdatePeriodicTaskRequest; response: PeriodicTaskDto };
    [SchedulingSubject.PeriodicTaskDelete]: { request: ByIdRequest; response: { deleted: true } };
    [SchedulingSubject.PeriodicTaskRunNow]: { request: ByIdRequest; response: PeriodicRunDto };
    [SchedulingSubject.PeriodicTaskPause]: { request: ByIdRequest; response: PeriodicTaskDto };
    [SchedulingSubject.PeriodicTaskResume]: { request: ByIdRequest; response: PeriodicTaskDto };
    [SchedulingSubject.PeriodicTaskListRuns]: {
      request: ListPeriodicRunsRequest;
      response: Page<PeriodicRunDto>;
    };
    [SchedulingSubject.CronValidate]: { request: ValidateCronRequest; response: ValidateCronResponse };
    [SchedulingSubject.CronJobCreate]: { request: CreateCronJobRequest; response: CronJobDto };
    [SchedulingSubject.CronJobList]: { request: ListCronJobsRequest; response: Page<CronJobDto> };
    [SchedulingSubject.CronJobGet]: { request: ByIdRequest; response: CronJobDto };
    [SchedulingSubject.CronJobUpdate]: { request: UpdateCronJobRequest; response: CronJobDto };
    [SchedulingSubject.CronJobDelete]: { request: ByIdRequest; response: { deleted: true } };
    [SchedulingSubject.CalendarCreate]: { request: CreateCalendarRequest; response: CalendarDto };
    [SchedulingSubject.CalendarList]: { request: ListCalendarsRequest; response: Page<CalendarDto> };
    [SchedulingSubject.CalendarGet]: { request: ByIdRequest; response: CalendarDto };
    [SchedulingSubject.CalendarUpdate]: { request: UpdateCalendarRequest; response: CalendarDto };
    [SchedulingSubject.CalendarDelete]: { request: ByIdRequest; response: { deleted: true } };
    [SchedulingSubject.CalendarPreview]: {
      request: CalendarPreviewRequest;
      response: CalendarPreviewResponse;
    };
  };
  events: Record<never, never>;
};
