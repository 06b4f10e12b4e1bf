// Wire contract of task-persistence: additive changes only. A breaking change is a new `.v2` subject.
import { IsInt, IsNumber, IsObject, IsOptional, IsPositive, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { WORKER_ID_PATTERN } from './work.contract';

export const PersistenceSubject = {
  /** From the worker SDK (`ctx.checkpoint`): durable before it answers; fenced by the attempt. */
  CheckpointSave: 'persistence.checkpoint.save',
  /** From the worker SDK before a resumable attempt starts (`ctx.lastCheckpoint`). */
  CheckpointLatest: 'persistence.checkpoint.latest',
} as const;

export const MAX_CHECKPOINT_BYTES = 1024 * 1024;

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
  @IsObject() state!: Record<string, unknown>;
  @IsOptional() @IsObject() progress?: JobProgress;
  @IsOptional() @IsString() @MaxLength(200) step?: string;
}

/** `pause_requested`: the handler must stop now (the SDK ends the attempt as `paused`). */
export type SaveCheckpointResponse = { checkpoint_id: number; sequence: number; pause_requested: boolean; cancel_requested: boolean };

export class LatestCheckpointRequest {
  @IsInt() @IsPositive() brand_id!: number;
  @IsInt() @IsPositive() job_id!: number;
}

export type CheckpointState = { checkpoint_id: number; sequence: number; state: Record<string, unknown>; created_at: string };
export type LatestCheckpointResponse = { checkpoint: CheckpointState | null };

export type PersistenceContract = {
  requests: {
    [PersistenceSubject.CheckpointSave]: { request: SaveCheckpointRequest; response: SaveCheckpointResponse };
    [PersistenceSubject.CheckpointLatest]: { request: LatestCheckpointRequest; response: LatestCheckpointResponse };
  };
  events: Record<never, never>;
};
