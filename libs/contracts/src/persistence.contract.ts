// Wire contract of task-persistence: additive changes only. A breaking change is a new `.v2` subject.
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
import {
  MAX_CONTEXT_BYTES,
  QUEUE_PATTERN,
  TASK_TYPE_PATTERN,
  TaskError,
} from './core.contract';
import { MaxJsonBytes } from './json-size.validator';
import { TASK_PRIORITIES, TaskPriority } from './task-priority';
import { ListQuery, Page, QUERY_BOOLEANS, QueryBoolean } from './pagination';
import { Required } from './required.validator';
import { WORKER_ID_PATTERN } from './work.contract';

export const PersistenceSubject = {
  /** From the worker SDK (`ctx.checkpoint`): durable before it answers; fenced by the attempt. */
  CheckpointSave: 'persistence.checkpoint.save',
  /** From the worker SDK before a resumable attempt starts (`ctx.lastCheckpoint`). */
  CheckpointLatest: 'persistence.checkpoint.latest',
  CheckpointGet: 'persistence.checkpoint.get',
  CheckpointList: 'persistence.checkpoint.list',
  JobCreate: 'persistence.job.create',
  JobGet: 'persistence.job.get',
  JobList: 'persistence.job.list',
  /** Interrupted, paused, and failed-with-a-checkpoint jobs. */
  JobListResumable: 'persistence.job.list_resumable',
  JobPause: 'persistence.job.pause',
  JobResume: 'persistence.job.resume',
  JobCancel: 'persistence.job.cancel',
} as const;

/**
 * Largest checkpoint state, as serialized JSON. Kept well under NATS's default 1 MB message limit so that
 * an oversized state reaches task-persistence and gets a clear CHECKPOINT_TOO_LARGE instead of a
 * transport error.
 */
export const MAX_CHECKPOINT_BYTES = 512 * 1024;

/** Progress as a long job reports it (SPEC §4.3). */
export class JobProgress {
  @IsOptional() @IsInt() @Min(0) current_step?: number;
  @IsOptional() @IsInt() @Min(0) total_steps?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(100) percentage?: number;
  @IsOptional() @IsString() @MaxLength(500) message?: string;
  @IsOptional() @IsInt() @Min(0) items_processed?: number;
  @IsOptional() @IsInt() @Min(0) items_total?: number;
}

export class SaveCheckpointRequest {
  @IsInt() @IsPositive() brand_id!: number;
  @IsInt() @IsPositive() job_id!: number;
  /** task-core's numeric task id and the attempt writing: a stale attempt is refused (LEASE_LOST). */
  @IsInt() @IsPositive() task_id!: number;
  @IsInt() @IsPositive() attempt!: number;
  @Matches(WORKER_ID_PATTERN) worker_id!: string;
  /** Checked against MAX_CHECKPOINT_BYTES by the service (CHECKPOINT_TOO_LARGE), not here. */
  @IsObject() state!: Record<string, unknown>;
  @IsOptional() @ValidateNested() @Type(() => JobProgress) progress?: JobProgress;
  @IsOptional() @IsString() @MaxLength(200) step?: string;
}

/** `pause_requested`: the handler must stop now (the SDK ends the attempt as `paused`). */
export type SaveCheckpointResponse = {
  checkpoint_id: number;
  sequence: number;
  pause_requested: boolean;
  cancel_requested: boolean;
};

export class LatestCheckpointRequest {
  @IsInt() @IsPositive() brand_id!: number;
  @IsInt() @IsPositive() job_id!: number;
}

export type CheckpointState = {
  checkpoint_id: number;
  sequence: number;
  state: Record<string, unknown>;
  created_at: string;
};
export type LatestCheckpointResponse = { checkpoint: CheckpointState | null };

// ---- persistent jobs (REST under /tasks/persistent-jobs/persistent-jobs/) ----

/**
 * `pausing`: a pause was asked of a running job; it becomes `paused` when its handler reaches its next
 * checkpoint. The other statuses are those of the job's task.
 */
export const JOB_STATUSES = [
  'pending',
  'running',
  'pausing',
  'paused',
  'retrying',
  'interrupted',
  'completed',
  'failed',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const MAX_RESUMES_LIMIT = 100;
export const MAX_CHECKPOINT_RETENTION = 1000;

/** Body of `POST /tasks/persistent-jobs/persistent-jobs/`. */
export class CreateJobBody {
  @Required()
  @IsString()
  @Matches(TASK_TYPE_PATTERN, { message: 'task_type must match ^[a-z][a-z0-9_.:-]{0,99}$' })
  task_type!: string;

  @IsOptional() @IsString() @MaxLength(2000) description?: string;

  @IsOptional()
  @IsObject()
  @MaxJsonBytes(MAX_CONTEXT_BYTES)
  context_data?: Record<string, unknown>;

  @IsOptional() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;

  @IsOptional()
  @IsString()
  @Matches(QUEUE_PATTERN, { message: 'queue must match ^[a-z][a-z0-9_-]{0,63}$' })
  queue?: string;

  /** Resume by itself after an interruption (worker lost), up to `max_resumes` resumes. Default true. */
  @IsOptional() @IsBoolean() auto_resume?: boolean;
  /** Automatic resumes allowed (manual resumes are always allowed). Default 3. */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_RESUMES_LIMIT) max_resumes?: number;
  /** How many of the latest checkpoints are kept. Default 10. */
  @IsOptional() @IsInt() @Min(1) @Max(MAX_CHECKPOINT_RETENTION) checkpoint_retention?: number;

  @IsOptional() @IsInt() @Min(0) @Max(20) max_retries?: number;
  @IsOptional() @IsInt() @Min(1) @Max(86_400) timeout_seconds?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  tags?: string[];

  /** The same key in the same brand answers with the first job (200 instead of 201). */
  @IsOptional() @IsString() @MaxLength(200) idempotency_key?: string;
}

/** Query of `GET persistent-jobs/` (and `resumable/`); comma lists also take their `__in` lookup. */
export class ListJobsQuery extends ListQuery {
  /** One status or a comma list of JOB_STATUSES. */
  @IsOptional() @IsString() @MaxLength(200) status?: string;
  @IsOptional() @IsString() @MaxLength(200) status__in?: string;
  @IsOptional() @IsString() @MaxLength(1000) task_type?: string;
  @IsOptional() @IsString() @MaxLength(1000) task_type__in?: string;
  @IsOptional() @IsIn(QUERY_BOOLEANS) auto_resume?: QueryBoolean;
  @IsOptional() @IsDateString({ strict: true }) created_at__gte?: string;
  @IsOptional() @IsDateString({ strict: true }) created_at__lte?: string;
}

/** Query of `GET checkpoints/`. */
export class ListCheckpointsQuery extends ListQuery {
  @IsOptional() @Type(() => Number) @IsInt() @IsPositive() job?: number;
  /** The task's numeric id or its `task_…` id. */
  @IsOptional()
  @IsString()
  @Matches(/^(\d{1,18}|task_[a-z0-9]{1,40})$/, { message: 'task must be a numeric id or a task_id' })
  task?: string;
}

export class CreateJobRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => CreateJobBody) job!: CreateJobBody;
}

export class ListJobsRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => ListJobsQuery) query!: ListJobsQuery;
}

export class ListCheckpointsRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => ListCheckpointsQuery) query!: ListCheckpointsQuery;
}

/** Detailed progress; `eta_seconds` is estimated from the job's recent rate of progress. */
export type JobProgressDto = {
  current_step: number | null;
  total_steps: number | null;
  percentage: number;
  message: string | null;
  items_processed: number | null;
  items_total: number | null;
  eta_seconds: number | null;
};

/** A persistent job as the REST API shows it. */
export type JobDto = {
  id: number;
  task_type: string;
  description: string;
  status: JobStatus;
  priority: TaskPriority;
  queue: string;
  context_data: Record<string, unknown>;
  auto_resume: boolean;
  max_resumes: number;
  checkpoint_retention: number;
  max_retries: number;
  timeout_seconds: number | null;
  tags: string[];
  idempotency_key: string | null;
  progress: JobProgressDto;
  /** Checkpoints written over the job's life (the latest `checkpoint_retention` are kept). */
  checkpoint_count: number;
  last_checkpoint_at: string | null;
  resume_count: number;
  /** true when `resume/` would be accepted now. */
  is_resumable: boolean;
  /** The backing task: numeric id and public `task_…` id (null for a moment after creation). */
  task: number | null;
  task_id: string | null;
  /** Attempts of the backing task so far. */
  attempts: number;
  result_data: Record<string, unknown> | null;
  error: TaskError | null;
  brand: { id: number; name: string };
  created_by: { id: number; username: string };
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
};

export type CreateJobResponse = { created: boolean; job: JobDto };

/** A checkpoint in lists: everything but the state. */
export type CheckpointSummaryDto = {
  id: number;
  job: number;
  sequence: number;
  step: string | null;
  task: number;
  task_id: string | null;
  attempt: number;
  worker_id: string;
  progress: Record<string, unknown> | null;
  size_bytes: number;
  created_at: string;
};

/** One checkpoint with its state (`GET checkpoints/{id}/`). */
export type CheckpointDto = CheckpointSummaryDto & { state: Record<string, unknown> };

export type PersistenceContract = {
  requests: {
    [PersistenceSubject.CheckpointSave]: { request: SaveCheckpointRequest; response: SaveCheckpointResponse };
    [PersistenceSubject.CheckpointLatest]: {
      request: LatestCheckpointRequest;
      response: LatestCheckpointResponse;
    };
    [PersistenceSubject.CheckpointGet]: { request: ByIdRequest; response: CheckpointDto };
    [PersistenceSubject.CheckpointList]: {
      request: ListCheckpointsRequest;
      response: Page<CheckpointSummaryDto>;
    };
    [PersistenceSubject.JobCreate]: { request: CreateJobRequest; response: CreateJobResponse };
    [PersistenceSubject.JobGet]: { request: ByIdRequest; response: JobDto };
    [PersistenceSubject.JobList]: { request: ListJobsRequest; response: Page<JobDto> };
    [PersistenceSubject.JobListResumable]: { request: ListJobsRequest; response: Page<JobDto> };
    [PersistenceSubject.JobPause]: { request: ByIdRequest; response: JobDto };
    [PersistenceSubject.JobResume]: { request: ByIdRequest; response: JobDto };
    [PersistenceSubject.JobCancel]: { request: ByIdRequest; response: JobDto };
  };
  events: Record<never, never>;
};
