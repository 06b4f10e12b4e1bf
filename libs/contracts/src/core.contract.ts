// Wire contract of task-core: additive changes only. A breaking change is a new `.v2` subject.
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { BrandScopedRequest, ByIdRequest } from './actor';
import { MaxJsonBytes } from './json-size.validator';
import { Required } from './required.validator';
import { TASK_PRIORITIES, TaskPriority } from './task-priority';
import { ListQuery, Page, QUERY_BOOLEANS, QueryBoolean } from './pagination';
import {
  ClaimWorkRequest,
  ClaimWorkResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  FenceRequest,
  FenceResponse,
  ReleaseWorkRequest,
  ReleaseWorkResponse,
  ReportWorkRequest,
  ReportWorkResponse,
  WorkerHeartbeatEvent,
} from './work.contract';

export const CoreSubject = {
  TaskCreate: 'core.task.create',
  TaskBulkCreate: 'core.task.bulk_create',
  TaskGet: 'core.task.get',
  TaskList: 'core.task.list',
  TaskRetry: 'core.task.retry',
  TaskCancel: 'core.task.cancel',
  /** Internal (task-persistence): ask a running resumable task to stop at its next checkpoint. */
  TaskPause: 'core.task.pause',
  /** Internal (task-persistence): re-queue a paused, interrupted or failed resumable task. */
  TaskResume: 'core.task.resume',
  QueueStats: 'core.queue.stats',
  QueueDepth: 'core.queue.depth',
  // worker ↔ task-core
  WorkClaim: 'core.work.claim',
  WorkReport: 'core.work.report',
  WorkHeartbeat: 'core.work.heartbeat',
  WorkRelease: 'core.work.release',
  /** Is this attempt still the owner of its task? (fencing for checkpoints written by other services) */
  WorkFence: 'core.work.fence',
  /** Core NATS broadcast (not JetStream) after a commit that made work available: `<ns>.core.work.available.<queue>`. */
  WorkAvailable: 'core.work.available',
  /** Core NATS broadcast by a stopping worker: its waiting (long-poll) claim is answered empty at once. */
  WorkUnpark: 'core.work.unpark',
} as const;

/** Subjects of CoreSubject that are core NATS broadcasts nobody answers, not requests. */
export const CORE_BROADCAST_SUBJECTS: readonly string[] = [CoreSubject.WorkAvailable, CoreSubject.WorkUnpark];

/** Domain events of task-core, published to the JetStream stream `<NATS_NAMESPACE>_events`. */
export const CoreEvent = {
  TaskCreated: 'core.task.created',
  TaskStarted: 'core.task.started',
  TaskProgressed: 'core.task.progress',
  TaskCompleted: 'core.task.completed',
  TaskFailed: 'core.task.failed',
  TaskRetrying: 'core.task.retrying',
  TaskCancelled: 'core.task.cancelled',
  TaskInterrupted: 'core.task.interrupted',
  TaskPaused: 'core.task.paused',
} as const;
export type CoreEvent = (typeof CoreEvent)[keyof typeof CoreEvent];

export const TASK_STATUSES = [
  'pending',
  'running',
  'completed',
  'failed',
  'retrying',
  'cancelled',
  'interrupted',
  'paused',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TERMINAL_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];
/** `status=active` in list filters, as in the seed's example. */
export const ACTIVE_STATUSES: readonly TaskStatus[] = ['pending', 'running', 'retrying'];


export const TASK_TYPE_PATTERN = /^[a-z][a-z0-9_.:-]{0,99}$/;
export const QUEUE_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;
export const MAX_CONTEXT_BYTES = 256 * 1024;
export const MAX_BULK_TASKS = 1000;

/** Body of `POST /tasks/` (and each item of `POST /tasks/bulk/`). */
export class CreateTaskBody {
  @Required() @IsString() @Matches(TASK_TYPE_PATTERN, { message: 'task_type must match ^[a-z][a-z0-9_.:-]{0,99}$' })
  task_type!: string;

  @IsOptional() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;

  @IsOptional() @IsObject() @MaxJsonBytes(MAX_CONTEXT_BYTES)
  context_data?: Record<string, unknown>;

  @IsOptional() @IsString() @Matches(QUEUE_PATTERN, { message: 'queue must match ^[a-z][a-z0-9_-]{0,63}$' })
  queue?: string;

  @IsOptional() @IsDateString({ strict: true }) scheduled_for?: string;
  @IsOptional() @IsInt() @Min(0) @Max(20) max_retries?: number;
  @IsOptional() @IsNumber() @Min(0.01) @Max(3600) retry_delay_seconds?: number;
  @IsOptional() @IsNumber() @Min(0.01) @Max(86_400) retry_delay_max_seconds?: number;
  @IsOptional() @IsInt() @Min(1) @Max(86_400) timeout_seconds?: number;
  @IsOptional() @IsBoolean() is_resumable?: boolean;

  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(64, { each: true })
  tags?: string[];

  @IsOptional() @IsString() @MaxLength(200) idempotency_key?: string;
}

/** Body of `POST /tasks/bulk/`. */
export class BulkCreateTasksBody {
  @Required() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_BULK_TASKS)
  @ValidateNested({ each: true }) @Type(() => CreateTaskBody)
  tasks!: CreateTaskBody[];
}

/**
 * Query of `GET /tasks/`: every filter of SPEC §4.1. Strings as they come from the URL. A comma-list
 * filter also takes its Django `__in` lookup (`status__in=pending,failed`); given both, both apply.
 */
export class ListTasksQuery extends ListQuery {
  /** One status, a comma list, or `active`. Checked by the service against TASK_STATUSES. */
  @IsOptional() @IsString() @MaxLength(200) status?: string;
  @IsOptional() @IsString() @MaxLength(200) status__in?: string;
  @IsOptional() @IsString() @MaxLength(100) priority?: string;
  @IsOptional() @IsString() @MaxLength(100) priority__in?: string;
  @IsOptional() @IsString() @MaxLength(1000) task_type?: string;
  @IsOptional() @IsString() @MaxLength(1000) task_type__in?: string;
  @IsOptional() @IsString() @MaxLength(200) queue?: string;
  @IsOptional() @IsString() @MaxLength(200) queue__in?: string;
  @IsOptional() @IsDateString({ strict: true }) created_at__gte?: string;
  @IsOptional() @IsDateString({ strict: true }) created_at__lte?: string;
  @IsOptional() @IsDateString({ strict: true }) completed_at__gte?: string;
  @IsOptional() @IsDateString({ strict: true }) completed_at__lte?: string;
  @IsOptional() @IsIn(QUERY_BOOLEANS) has_metrics?: QueryBoolean;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) execution_time__gte?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) execution_time__lte?: number;
  @IsOptional() @IsIn(QUERY_BOOLEANS) is_resumable?: QueryBoolean;
  @IsOptional() @IsIn(QUERY_BOOLEANS) is_periodic?: QueryBoolean;
  @IsOptional() @Type(() => Number) @IsInt() @IsPositive() periodic_task_id?: number;
}

/** Internal fields a service (scheduling, persistence) may set when it creates a task for a brand. */
export class TaskOrigin {
  @IsOptional() @IsBoolean() is_periodic?: boolean;
  @IsOptional() @IsInt() @IsPositive() periodic_task_id?: number;
  @IsOptional() @IsInt() @IsPositive() persistent_job_id?: number;
}

export class CreateTaskRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => CreateTaskBody) task!: CreateTaskBody;
  @IsOptional() @ValidateNested() @Type(() => TaskOrigin) origin?: TaskOrigin;
}

export class BulkCreateTasksRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => BulkCreateTasksBody) body!: BulkCreateTasksBody;
  /**
   * Internal (set by services, never by the gateway, like `CreateTaskRequest.origin`): the origin of each
   * task, by its index in `body.tasks`, so a scheduler firing many schedules at once sends one request.
   * When present it has exactly one entry per task (`{}` for a task without an origin).
   */
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_BULK_TASKS)
  @ValidateNested({ each: true }) @Type(() => TaskOrigin)
  origins?: TaskOrigin[];
  /**
   * Internal, like `origins`: the earliest instant (ISO) the tasks may be created at, by the database
   * clock. A scheduler sends its pass ahead of the schedules' instant so that the transport and the
   * validation of a large request are done by then; task-core checks the request at once, then waits
   * for this instant before its insert, so `created_at` is never before it. Refused when more than a
   * few seconds ahead (task-core's MAX_NOT_BEFORE_AHEAD_MS): a request may not park itself for long.
   */
  @IsOptional() @IsDateString({ strict: true }) not_before?: string;
  /** `minimal`: answer `refs` (ids and task_ids) instead of the full tasks (`Prefer: return=minimal`). */
  @IsOptional() @IsIn(['full', 'minimal']) answer?: 'full' | 'minimal';
}

export class TaskRefRequest extends BrandScopedRequest {
  /** Numeric `id` or public `task_id`. */
  @IsString() @Matches(/^(\d{1,18}|task_[a-z0-9]{1,40})$/, { message: 'must be a numeric id or a task_id' })
  ref!: string;
}

export class ListTasksRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => ListTasksQuery) query!: ListTasksQuery;
}

export class QueueStatsRequest extends BrandScopedRequest {}

export type TaskError = { message: string; type: string; stack?: string; retryable?: boolean };
export type TaskMetrics = {
  execution_time_ms: number | null;
  memory_usage_mb: number | null;
  cpu_time_ms: number | null;
  cost_usd: number | null;
};

/** The task as the REST API shows it (SPEC §4.1, "Tâche Complète"). */
export type TaskDto = {
  id: number;
  task_id: string;
  task_type: string;
  status: TaskStatus;
  priority: TaskPriority;
  queue: string;
  progress_percentage: number;
  progress_message: string | null;
  brand: { id: number; name: string };
  created_by: { id: number; username: string };
  created_at: string;
  scheduled_for: string | null;
  started_at: string | null;
  completed_at: string | null;
  description: string;
  context_data: Record<string, unknown>;
  result_data: Record<string, unknown> | null;
  error: TaskError | null;
  attempts: number;
  max_retries: number;
  timeout_seconds: number | null;
  is_resumable: boolean;
  is_periodic: boolean;
  periodic_task_id: number | null;
  persistent_job_id: number | null;
  tags: string[];
  idempotency_key: string | null;
  cancel_requested: boolean;
  worker_id: string | null;
  next_attempt_at: string | null;
  metrics: TaskMetrics | null;
};

export type CreateTaskResponse = { created: boolean; task: TaskDto };
/** A created (or replayed) task as a minimal answer names it (`Prefer: return=minimal`). */
export type TaskRef = { id: number; task_id: string };
/**
 * `results`: the tasks, in the order of the request; with `answer: 'minimal'`, `refs` instead (ids only:
 * a thousand full tasks are a megabyte to serialize, send and parse again).
 */
export type BulkCreateTasksResponse = { created: number; results?: TaskDto[]; refs?: TaskRef[] };

export type QueueStatsRow = {
  queue: string;
  priority: TaskPriority;
  pending: number;
  running: number;
  retrying: number;
  failed_24h: number;
  completed_24h: number;
  oldest_pending_age_seconds: number | null;
  throughput_per_minute: number;
  mean_wait_ms: number | null;
};
export type QueueStatsResponse = { generated_at: string; queues: QueueStatsRow[] };

export type QueueDepthResponse = {
  pending: number;
  running: number;
  retrying: number;
  oldest_pending_age_seconds: number | null;
  by_task_type: Record<string, number>;
};
export class QueueDepthRequest extends BrandScopedRequest {
  @IsOptional() @IsString() @Matches(TASK_TYPE_PATTERN) task_type?: string;
}

/**
 * The task as events carry it: the API's body without its input (`context_data`, up to 256 KiB, which no
 * consumer needs); `result_data` is set on `completed` events only.
 */
export type TaskEventTask = Omit<TaskDto, 'context_data'>;

/**
 * Event payload common to every `core.task.*` event, published on `core.task.<event>.<origin>.<brand>`
 * (task-events.ts): consumers filter on the origin and the brand.
 */
export type TaskEvent = {
  event_id: string;
  occurred_at: string;
  brand_id: number;
  task: TaskEventTask;
  /** Attempt that produced this event (0 before the first claim). */
  attempt: number;
};

export type CoreContract = {
  requests: {
    [CoreSubject.TaskCreate]: { request: CreateTaskRequest; response: CreateTaskResponse };
    [CoreSubject.TaskBulkCreate]: { request: BulkCreateTasksRequest; response: BulkCreateTasksResponse };
    [CoreSubject.TaskGet]: { request: TaskRefRequest; response: TaskDto };
    [CoreSubject.TaskList]: { request: ListTasksRequest; response: Page<TaskDto> };
    [CoreSubject.TaskRetry]: { request: TaskRefRequest; response: TaskDto };
    [CoreSubject.TaskCancel]: { request: TaskRefRequest; response: TaskDto };
    [CoreSubject.TaskPause]: { request: TaskRefRequest; response: TaskDto };
    [CoreSubject.TaskResume]: { request: TaskRefRequest; response: TaskDto };
    [CoreSubject.QueueStats]: { request: QueueStatsRequest; response: QueueStatsResponse };
    [CoreSubject.QueueDepth]: { request: QueueDepthRequest; response: QueueDepthResponse };
    [CoreSubject.WorkClaim]: { request: ClaimWorkRequest; response: ClaimWorkResponse };
    [CoreSubject.WorkReport]: { request: ReportWorkRequest; response: ReportWorkResponse };
    [CoreSubject.WorkHeartbeat]: { request: HeartbeatRequest; response: HeartbeatResponse };
    [CoreSubject.WorkRelease]: { request: ReleaseWorkRequest; response: ReleaseWorkResponse };
    [CoreSubject.WorkFence]: { request: FenceRequest; response: FenceResponse };
  };
  events: { [E in CoreEvent]: TaskEvent } & { 'core.worker.heartbeat': WorkerHeartbeatEvent };
};

export { ByIdRequest };
