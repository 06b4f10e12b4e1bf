import { ClaimedTask, JobProgress, PersistenceSubject, ReportedError, TaskReport } from '@app/contracts';
import { AbortReason, NonRetryableError, ServiceCallError, TaskAbortedError } from './errors';
import { ResourceMeter } from './resource-meter';
import { ServiceClient } from './service-client';
import { TaskContext, TaskHandler, TaskLogger } from './task-context';

export type AttemptDeps = {
  workerId: string;
  client: ServiceClient;
  logger: TaskLogger;
  report(report: TaskReport): void;
};

/** The outcome of an attempt, as far as the worker loop is concerned. */
export type AttemptEnd = 'reported' | 'released' | 'dropped';

/**
 * One attempt of one task: runs the handler under an AbortSignal (cancel, timeout, pause, lease loss,
 * shutdown), measures it, and reports exactly one outcome — or none when its lease was lost or the
 * worker hands it back at shutdown.
 */
export class Attempt {
  readonly meter = new ResourceMeter();
  private readonly controller = new AbortController();
  private costUsd = 0;
  /** True once this attempt reported a failure (for the worker's failed count). */
  failedReport = false;
  private timeout?: NodeJS.Timeout;
  /** When the handler was started: a prefetched attempt waits in the worker after its claim. */
  private readonly startedAt = new Date().toISOString();

  constructor(
    readonly task: ClaimedTask,
    private readonly handler: TaskHandler,
    private readonly deps: AttemptDeps,
  ) {}

  get ref(): { id: number; attempt: number } {
    return { id: this.task.id, attempt: this.task.attempt };
  }

  abort(reason: AbortReason): void {
    if (!this.controller.signal.aborted) this.controller.abort(new TaskAbortedError(reason));
  }

  async run(): Promise<AttemptEnd> {
    const signal = this.controller.signal;
    if (this.task.timeout_seconds) this.timeout = setTimeout(() => this.abort('timeout'), this.task.timeout_seconds * 1000);
    const aborted = new Promise<never>((_, reject) =>
      signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
    );
    aborted.catch(() => undefined);
    try {
      const lastCheckpoint = await this.loadCheckpoint();
      // A handler that ignores its signal cannot hold the slot: the abort settles the attempt.
      const result = await Promise.race([Promise.resolve(this.handler(this.context(lastCheckpoint))), aborted]);
      this.deps.report({ ...this.ref, kind: 'completed', result: result ?? {}, metrics: this.metrics(), started_at: this.startedAt });
      return 'reported';
    } catch (error) {
      return this.fail(error);
    } finally {
      clearTimeout(this.timeout);
    }
  }

  private fail(error: unknown): AttemptEnd {
    const reason = this.controller.signal.aborted ? (this.controller.signal.reason as TaskAbortedError).reason : undefined;
    if (reason === 'lease_lost') return 'dropped';
    if (reason === 'shutdown') return 'released';
    if (reason === 'cancelled' || reason === 'paused') {
      this.deps.report({ ...this.ref, kind: reason, metrics: this.metrics(), started_at: this.startedAt });
      return 'reported';
    }
    const reported: ReportedError =
      reason === 'timeout'
        ? { message: `Timed out after ${this.task.timeout_seconds} s`, type: 'TimeoutError', retryable: true, timed_out: true }
        : describeError(error);
    this.failedReport = true;
    this.deps.report({ ...this.ref, kind: 'failed', error: reported, metrics: this.metrics(), started_at: this.startedAt });
    return 'reported';
  }

  private metrics(): TaskReport['metrics'] {
    return { ...this.meter.finish(), cost_usd: Math.round(this.costUsd * 1e6) / 1e6 };
  }

  private async loadCheckpoint(): Promise<Record<string, unknown> | null> {
    if (!this.task.persistent_job_id) return null;
    const { checkpoint } = await this.deps.client.request(PersistenceSubject.CheckpointLatest, {
      brand_id: this.task.brand_id,
      job_id: this.task.persistent_job_id,
    });
    return checkpoint?.state ?? null;
  }

  private context(lastCheckpoint: Record<string, unknown> | null): TaskContext {
    const task = this.task;
    return {
      task,
      data: task.context_data,
      attempt: task.attempt,
      idempotencyKey: task.task_id,
      signal: this.controller.signal,
      lastCheckpoint,
      logger: this.deps.logger,
      progress: (percentage, message) => {
        const value = Math.max(0, Math.min(100, Number.isFinite(percentage) ? percentage : 0));
        this.deps.report({ ...this.ref, kind: 'progress', progress: value, message: message?.slice(0, 500) });
      },
      reportCost: (usd) => {
        if (Number.isFinite(usd) && usd > 0) this.costUsd += usd;
      },
      checkpoint: (state, progress) => this.checkpoint(state, progress),
    };
  }

  private async checkpoint(state: Record<string, unknown>, progress?: JobProgress): Promise<void> {
    const signal = this.controller.signal;
    if (signal.aborted) throw signal.reason;
    if (!this.task.persistent_job_id) {
      // Without a persistent job there is nowhere to resume from: the call only reports progress.
      if (progress?.percentage !== undefined) {
        this.deps.report({ ...this.ref, kind: 'progress', progress: progress.percentage, message: progress.message });
      }
      return;
    }
    try {
      const saved = await this.deps.client.request(PersistenceSubject.CheckpointSave, {
        brand_id: this.task.brand_id,
        job_id: this.task.persistent_job_id,
        task_id: this.task.id,
        attempt: this.task.attempt,
        worker_id: this.deps.workerId,
        state,
        progress,
      });
      if (progress?.percentage !== undefined) {
        this.deps.report({ ...this.ref, kind: 'progress', progress: progress.percentage, message: progress.message });
      }
      if (saved.cancel_requested) this.abort('cancelled');
      else if (saved.pause_requested) this.abort('paused');
    } catch (error) {
      if (error instanceof ServiceCallError && error.code === 'LEASE_LOST') this.abort('lease_lost');
      else throw error;
    }
    if (signal.aborted) throw signal.reason;
  }
}

function describeError(error: unknown): ReportedError {
  if (error instanceof Error) {
    return {
      message: error.message.slice(0, 10_000) || error.name,
      type: error.name.slice(0, 200) || 'Error',
      stack: error.stack?.slice(0, 20_000),
      retryable: !(error instanceof NonRetryableError),
    };
  }
  return { message: String(error).slice(0, 10_000), type: typeof error, retryable: true };
}
