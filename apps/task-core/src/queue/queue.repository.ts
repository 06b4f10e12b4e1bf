import { FenceResponse, RunningAttempt, TaskReport } from '@app/contracts';
import { Sql } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import {
  CLAIM_SQL,
  FENCE_SQL,
  FINISH_REPORTED_SQL,
  HEARTBEAT_SQL,
  PROGRESS_SQL,
  RECORD_RUNNING_SQL,
  RELEASE_SQL,
  SWEEP_EXPIRED_SQL,
} from './queue.sql';

/**
 * A pool whose sessions run with synchronous_commit = off: for claims, progress and heartbeats, which a
 * crash may lose without losing a task (a lost claim runs the task again, as at-least-once allows; the
 * next progress or heartbeat replaces a lost one). Outcomes go through the durable pool.
 */
export const RELAXED_SQL = Symbol('RELAXED_SQL');

export type ClaimOptions = { workerId: string; queues: string[]; taskTypes: string[]; max: number; leaseSeconds: number };
export type FinishedRow = { id: number; status: string; cancel_requested: boolean; queue: string; task_type: string; run_at: Date };
/** A claimed attempt, as CLAIM_SQL returns it (claim order). */
export type ClaimedRow = {
  id: number | string;
  task_id: string;
  task_type: string;
  queue: string;
  priority: number;
  brand_id: number;
  attempt: number;
  max_retries: number;
  context_data: Record<string, unknown>;
  timeout_seconds: number | null;
  is_resumable: boolean;
  persistent_job_id: number | null;
  idempotency_key: string | null;
  created_at: Date;
  lease_expires_at: Date;
};

/**
 * The queue: its items and the task records they change. Workers are not brand actors: these statements
 * act on task ids a worker holds a lease for, fenced by (attempt, worker_id), never on a brand's listing.
 */
@Injectable()
export class QueueRepository {
  constructor(
    private readonly sql: Sql,
    @Inject(RELAXED_SQL) private readonly relaxed: Sql,
  ) {}

  claim(options: ClaimOptions): Promise<ClaimedRow[]> {
    return this.relaxed.rows<ClaimedRow>(CLAIM_SQL, [options.queues, options.taskTypes, options.max, options.workerId, options.leaseSeconds]);
  }

  /** Writes `running` on the records of attempts leased at least `minAgeMs` ago that no report has shown yet. */
  async recordRunning(minAgeMs: number, limit: number): Promise<number> {
    return this.relaxed.execute(RECORD_RUNNING_SQL, [minAgeMs, limit]);
  }

  /** Completed, failed, cancelled and paused reports; a durable commit (the outcome must not be lost). */
  finish(workerId: string, reports: TaskReport[]): Promise<FinishedRow[]> {
    const input = reports.map((r) => ({
      id: r.id,
      attempt: r.attempt,
      kind: r.kind,
      result: r.result ?? null,
      error: r.error ? { message: r.error.message, type: r.error.type, stack: r.error.stack, timed_out: r.error.timed_out } : null,
      retryable: r.error?.retryable ?? true,
      execution_time_ms: r.metrics?.execution_time_ms ?? null,
      cpu_time_ms: r.metrics?.cpu_time_ms ?? null,
      memory_usage_mb: r.metrics?.memory_usage_mb ?? null,
      cost_usd: r.metrics?.cost_usd ?? null,
      started_at: r.started_at ?? null,
      progress: r.progress ?? null,
      message: r.message ?? null,
    }));
    return this.sql.rows<FinishedRow>(FINISH_REPORTED_SQL, [JSON.stringify(input), workerId]);
  }

  progress(workerId: string, reports: TaskReport[]): Promise<Array<{ id: number; cancel_requested: boolean; pause_requested: boolean }>> {
    const input = reports.map((r) => ({ id: r.id, attempt: r.attempt, progress: r.progress ?? null, message: r.message ?? null }));
    return this.relaxed.rows(PROGRESS_SQL, [JSON.stringify(input), workerId]);
  }

  heartbeat(
    workerId: string,
    running: RunningAttempt[],
    leaseSeconds: number,
  ): Promise<Array<{ id: number; cancel_requested: boolean; pause_requested: boolean }>> {
    return this.relaxed.rows(HEARTBEAT_SQL, [JSON.stringify(running), workerId, leaseSeconds]);
  }

  release(workerId: string, attempts: RunningAttempt[]): Promise<Array<{ id: number; queue: string; task_type: string }>> {
    return this.sql.rows(RELEASE_SQL, [JSON.stringify(attempts), workerId]);
  }

  /** Whether the database answers (the sweeper checks before resuming after an outage). */
  async ping(): Promise<void> {
    await this.sql.rows('SELECT 1');
  }

  sweepExpired(limit: number): Promise<FinishedRow[]> {
    return this.sql.rows<FinishedRow>(SWEEP_EXPIRED_SQL, [limit]);
  }

  async fence(id: number, attempt: number, workerId: string): Promise<FenceResponse> {
    const row = await this.sql.one<{ attempt: number; worker_id: string | null; cancel_requested: boolean; pause_requested: boolean }>(FENCE_SQL, [id]);
    const valid = row !== null && row.attempt === attempt && row.worker_id === workerId;
    return { valid, cancel_requested: row?.cancel_requested ?? false, pause_requested: row?.pause_requested ?? false };
  }
}
