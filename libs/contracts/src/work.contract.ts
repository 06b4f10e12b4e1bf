// Wire contract between workers and task-core: additive changes only.
// Workers are infrastructure, not brand actors: they serve every brand and each claimed task carries its brand.
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
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
import { TaskPriority } from './task-priority';
import { MaxJsonBytes } from './json-size.validator';

export const WORKER_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
export const MAX_RESULT_BYTES = 1024 * 1024;

/** The longest a claim may wait for work (a worker's request timeout must exceed its `wait_ms`). */
export const MAX_CLAIM_WAIT_MS = 30_000;

export class ClaimWorkRequest {
  @Matches(WORKER_ID_PATTERN) worker_id!: string;
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) queues!: string[];
  /** Empty means every type. */
  @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) task_types!: string[];
  @IsInt() @Min(1) @Max(500) max!: number;
  @IsOptional() @IsInt() @Min(5) @Max(3600) lease_seconds?: number;
  /**
   * Long poll: when nothing is runnable, task-core holds the claim up to this long and answers it with
   * the first work that becomes runnable (the wake-up carries the work: no second round trip). 0 or
   * absent: answer at once.
   */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_CLAIM_WAIT_MS) wait_ms?: number;
}

/** What a worker needs to run one attempt of a task. */
export type ClaimedTask = {
  id: number;
  task_id: string;
  task_type: string;
  queue: string;
  priority: TaskPriority;
  brand_id: number;
  attempt: number;
  max_retries: number;
  context_data: Record<string, unknown>;
  timeout_seconds: number | null;
  is_resumable: boolean;
  persistent_job_id: number | null;
  idempotency_key: string | null;
  created_at: string;
  lease_expires_at: string;
};
export type ClaimWorkResponse = { tasks: ClaimedTask[] };

export const REPORT_KINDS = ['progress', 'completed', 'failed', 'cancelled', 'paused'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export class ReportedError {
  @IsString() @MaxLength(10_000) message!: string;
  @IsString() @MaxLength(200) type!: string;
  @IsOptional() @IsString() @MaxLength(20_000) stack?: string;
  /** false: the handler said retrying cannot help (a NonRetryableError). */
  @IsOptional() retryable?: boolean;
  /** true: the attempt was aborted by its timeout. */
  @IsOptional() timed_out?: boolean;
}

export class ExecutionMetrics {
  @IsInt() @Min(0) execution_time_ms!: number;
  @IsInt() @Min(0) cpu_time_ms!: number;
  @IsNumber() @Min(0) memory_usage_mb!: number;
  @IsOptional() @IsNumber() @Min(0) cost_usd?: number;
}

/** One thing a worker says about one attempt; reports are batched on a short timer. */
export class TaskReport {
  @IsInt() @IsPositive() id!: number;
  @IsInt() @IsPositive() attempt!: number;
  @IsIn(REPORT_KINDS) kind!: ReportKind;
  @IsOptional() @IsNumber() @Min(0) @Max(100) progress?: number;
  @IsOptional() @IsString() @MaxLength(500) message?: string;
  @IsOptional() @IsObject() @MaxJsonBytes(MAX_RESULT_BYTES) result?: Record<string, unknown>;
  @IsOptional() @ValidateNested() @Type(() => ReportedError) error?: ReportedError;
  @IsOptional() @ValidateNested() @Type(() => ExecutionMetrics) metrics?: ExecutionMetrics;
  /** When the handler started (a prefetched attempt waits in the worker after its claim); ISO. */
  @IsOptional() @IsDateString({ strict: true }) started_at?: string;
}

export class ReportWorkRequest {
  @Matches(WORKER_ID_PATTERN) worker_id!: string;
  @IsArray() @ArrayMaxSize(2000) @ValidateNested({ each: true }) @Type(() => TaskReport) reports!: TaskReport[];
}

/**
 * `accepted: false` with LEASE_LOST means a newer attempt owns the task: the worker must drop its result.
 * `cancel_requested` / `pause_requested`: the handler's signal must fire (it ends cancelled / paused).
 */
export type ReportOutcome = { id: number; accepted: boolean; reason?: 'LEASE_LOST'; cancel_requested?: boolean; pause_requested?: boolean };
export type ReportWorkResponse = { outcomes: ReportOutcome[] };

export class RunningAttempt {
  @IsInt() @IsPositive() id!: number;
  @IsInt() @IsPositive() attempt!: number;
}

export class WorkerInfo {
  @Matches(WORKER_ID_PATTERN) worker_id!: string;
  @IsString() @MaxLength(255) hostname!: string;
  @IsInt() @Min(0) pid!: number;
  @IsString() @MaxLength(64) version!: string;
  @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) task_types!: string[];
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) queues!: string[];
  @IsInt() @Min(1) @Max(10_000) concurrency!: number;
  @IsInt() @Min(0) busy_slots!: number;
  @IsInt() @Min(0) processed!: number;
  @IsInt() @Min(0) failed!: number;
  @IsNumber() @Min(0) memory_mb!: number;
  @IsString() started_at!: string;
  /** Set on the last heartbeat of a worker that shuts down cleanly. */
  @IsOptional() @IsIn(['running', 'stopping', 'stopped']) state?: 'running' | 'stopping' | 'stopped';
}

export class HeartbeatRequest {
  @ValidateNested() @Type(() => WorkerInfo) worker!: WorkerInfo;
  @IsArray() @ArrayMaxSize(10_000) @ValidateNested({ each: true }) @Type(() => RunningAttempt) running!: RunningAttempt[];
  @IsOptional() @IsInt() @Min(5) @Max(3600) lease_seconds?: number;
}
/**
 * `cancel`: attempts whose task was cancelled (abort them); `pause`: attempts of resumable tasks asked to
 * pause (abort them: they end paused, checkpoint or not); `lost`: attempts this worker no longer owns.
 */
export type HeartbeatResponse = { cancel: number[]; pause?: number[]; lost: number[] };

export class ReleaseWorkRequest {
  @Matches(WORKER_ID_PATTERN) worker_id!: string;
  @IsArray() @ArrayMaxSize(10_000) @ValidateNested({ each: true }) @Type(() => RunningAttempt) tasks!: RunningAttempt[];
}
export type ReleaseWorkResponse = { released: number };

export class FenceRequest {
  @IsInt() @IsPositive() id!: number;
  @IsInt() @IsPositive() attempt!: number;
  @Matches(WORKER_ID_PATTERN) worker_id!: string;
}
/** `valid: false`: a newer attempt (or nobody) owns the task; anything this attempt writes must be refused. */
export type FenceResponse = { valid: boolean; cancel_requested: boolean; pause_requested: boolean };

/** Published (JetStream) by every worker with each heartbeat, for task-monitoring's registry. */
export const WorkerEvent = { Heartbeat: 'core.worker.heartbeat' } as const;
export type WorkerHeartbeatEvent = { event_id: string; occurred_at: string; worker: WorkerInfo };

/** Core NATS broadcast after a commit that made work available (wake-up, may be lost: polling is the net). */
export type WorkAvailableMessage = { queue: string; task_types: string[]; count: number };

/** Core NATS broadcast by a stopping worker: task-core answers its waiting claim at once, with nothing. */
export type WorkUnparkMessage = { worker_id: string };
