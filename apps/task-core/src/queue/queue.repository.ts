import { FenceResponse, RunningAttempt, TaskReport } from '@app/contracts';
import { Sql } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { TaskRow } from '../task/task.row';
import {
  CLAIM_SQL,
  FINISH_REPORTED_SQL,
  HEARTBEAT_SQL,
  PROGRESS_SQL,
  RELEASE_SQL,
  SWEEP_EXPIRED_SQL,
} from './queue.sql';

/** A pool whose sessions run with synchronous_commit = off: for progress and heartbeats only. */
export const RELAXED_SQL = Symbol('RELAXED_SQL');

export type ClaimOptions = { workerId: string; queues: string[]; taskTypes: string[]; max: number; leaseSeconds: number };
export type FinishedRow = { id: number; status: string; cancel_requested: boolean; queue: string; task_type: string; run_at: Date };

/**
 * The queue side of the task table. Workers are not brand actors: these statements act on task ids a
 * worker holds a lease for, fenced by (attempt, worker_id), never on a brand's listing.
 */
@Injectable()
export class QueueRepository {
  constructor(
    private readonly sql: Sql,
    @Inject(RELAXED_SQL) private readonly relaxed: Sql,
  ) {}

  async claim(options: ClaimOptions): Promise<TaskRow[]> {
    const rows = await this.sql.rows<TaskRow>(CLAIM_SQL, [
      options.queues,
      options.taskTypes,
      options.max,
      options.workerId,
      options.leaseSeconds,
    ]);
    // RETURNING has no order: give them back in claim order.
    return rows.sort((a, b) => b.priority - a.priority || +new Date(a.run_at) - +new Date(b.run_at) || Number(a.id) - Number(b.id));
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
    }));
    return this.sql.rows<FinishedRow>(FINISH_REPORTED_SQL, [JSON.stringify(input), workerId]);
  }

  progress(workerId: string, reports: TaskReport[]): Promise<Array<{ id: number; cancel_requested: boolean }>> {
    const input = reports.map((r) => ({ id: r.id, attempt: r.attempt, progress: r.progress ?? null, message: r.message ?? null }));
    return this.relaxed.rows(PROGRESS_SQL, [JSON.stringify(input), workerId]);
  }

  heartbeat(workerId: string, running: RunningAttempt[], leaseSeconds: number): Promise<Array<{ id: number; cancel_requested: boolean }>> {
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
    const row = await this.sql.one<{ status: string; attempts: number; worker_id: string | null; cancel_requested: boolean; pause_requested: boolean }>(
      `SELECT status, attempts, worker_id, cancel_requested, pause_requested FROM task_core.task WHERE id = $1`,
      [id],
    );
    const valid = row !== null && row.status === 'running' && row.attempts === attempt && row.worker_id === workerId;
    return { valid, cancel_requested: row?.cancel_requested ?? false, pause_requested: row?.pause_requested ?? false };
  }
}
