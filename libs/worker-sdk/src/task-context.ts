import { ClaimedTask, JobProgress } from '@app/contracts';

export type TaskLogger = {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

/** What a handler receives for one attempt of one task. */
export type TaskContext<C = Record<string, unknown>> = {
  /** The task as claimed (id, task_id, task_type, brand_id, context_data, priority, …). */
  readonly task: ClaimedTask;
  readonly data: C;
  /** 1 for the first attempt; retries and resumes count up. */
  readonly attempt: number;
  /**
   * Stable across retries of the same task: use it as the idempotency key of external effects
   * (execution is at-least-once).
   */
  readonly idempotencyKey: string;
  /** Fires on cancel, timeout, pause, lease loss or shutdown; `signal.reason` is a TaskAbortedError. */
  readonly signal: AbortSignal;
  /** Reports progress (0–100); throttled and batched by the runtime. */
  progress(percentage: number, message?: string): void;
  /** Adds to the cost (USD) reported with the result. */
  reportCost(usd: number): void;
  /**
   * Durably saves the state to resume from (tasks of a persistent job; for other tasks it only reports
   * the progress). Resolves once written; rejects with TaskAbortedError('paused' | 'cancelled') when
   * the attempt must stop here.
   */
  checkpoint(state: Record<string, unknown>, progress?: JobProgress): Promise<void>;
  /** The latest checkpoint's state when this attempt resumes a job, else null. */
  readonly lastCheckpoint: Record<string, unknown> | null;
  readonly logger: TaskLogger;
};

/** A handler returns the task's result_data (a JSON object), or nothing. */
export type TaskHandler<C = Record<string, unknown>> = (
  ctx: TaskContext<C>,
) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
