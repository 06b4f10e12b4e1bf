import { CoreSubject, ReportOutcome, RunningAttempt, TaskReport } from '@app/contracts';
import { ServiceClient } from './service-client';

export type BatcherOptions = {
  workerId: string;
  /** How long a finished attempt may wait to share a round trip with others. */
  flushMs: number;
  /** Least time between two progress reports of one attempt. */
  progressIntervalMs: number;
  maxBatch: number;
  onOutcome(outcome: ReportOutcome, report: TaskReport): void;
  onError(error: unknown): void;
};

/**
 * Batches what a worker says about its attempts into few `core.work.report` requests: completions on a
 * short timer, progress throttled per attempt (only the latest value is sent; an outcome carries the
 * last one that had not been sent yet). Finishing reports are
 * never dropped: on failure they are retried until task-core answers (it may answer LEASE_LOST).
 * Until then the attempt still needs its lease: the worker keeps renewing it (`unsettled`).
 */
export class ReportBatcher {
  private finishing: TaskReport[] = [];
  /** Finished attempts whose outcome task-core has not acknowledged yet, by task id. */
  private readonly awaitingOutcome = new Map<number, RunningAttempt>();
  private readonly progress = new Map<number, TaskReport>();
  private readonly lastProgressAt = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private failures = 0;

  constructor(
    private readonly client: ServiceClient,
    private readonly options: BatcherOptions,
  ) {}

  get pending(): number {
    return this.finishing.length + this.progress.size;
  }

  /** Attempts that finished but whose report is not settled: their leases must still be renewed. */
  get unsettled(): RunningAttempt[] {
    return [...this.awaitingOutcome.values()];
  }

  report(report: TaskReport): void {
    if (report.kind === 'progress') {
      this.progress.set(report.id, report);
      const last = this.lastProgressAt.get(report.id) ?? 0;
      this.schedule(Math.max(this.options.flushMs, last + this.options.progressIntervalMs - Date.now()));
      return;
    }
    // Progress still waiting for its turn is not dropped: the outcome carries its last message.
    const unsent = this.progress.get(report.id);
    this.progress.delete(report.id);
    this.lastProgressAt.delete(report.id);
    this.awaitingOutcome.set(report.id, { id: report.id, attempt: report.attempt });
    this.finishing.push(unsent?.attempt === report.attempt ? withLastProgress(report, unsent) : report);
    this.schedule(this.finishing.length >= this.options.maxBatch ? 0 : this.options.flushMs);
  }

  /** Sends everything now and waits for the answer (shutdown). */
  async flushAll(deadline: number): Promise<void> {
    while (this.pending > 0 && Date.now() < deadline) {
      await this.flush(true);
      if (this.pending > 0) await new Promise((r) => setTimeout(r, 100));
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush(false);
    }, Math.max(0, delayMs));
  }

  private async flush(all: boolean): Promise<void> {
    if (this.flushing) return this.flushing;
    const now = Date.now();
    const batch = this.finishing.splice(0, this.options.maxBatch);
    for (const [id, report] of this.progress) {
      if (batch.length >= this.options.maxBatch) break;
      if (all || now - (this.lastProgressAt.get(id) ?? 0) >= this.options.progressIntervalMs) {
        batch.push(report);
        this.progress.delete(id);
        this.lastProgressAt.set(id, now);
      }
    }
    if (batch.length === 0) return;
    this.flushing = this.send(batch).finally(() => {
      this.flushing = undefined;
      if (this.pending > 0) this.schedule(this.failures > 0 ? Math.min(5000, 100 * 2 ** this.failures) : this.options.flushMs);
    });
    return this.flushing;
  }

  private async send(batch: TaskReport[]): Promise<void> {
    try {
      const { outcomes } = await this.client.request(CoreSubject.WorkReport, { worker_id: this.options.workerId, reports: batch });
      this.failures = 0;
      const byId = new Map(outcomes.map((o) => [o.id, o]));
      for (const report of batch) {
        const outcome = byId.get(report.id);
        if (report.kind !== 'progress' && this.awaitingOutcome.get(report.id)?.attempt === report.attempt) {
          this.awaitingOutcome.delete(report.id);
        }
        if (outcome) this.options.onOutcome(outcome, report);
      }
    } catch (error) {
      this.failures++;
      this.options.onError(error);
      // Keep finishing reports (in order, ahead of newer ones); a lost progress report is replaced by the next.
      this.finishing.unshift(...batch.filter((r) => r.kind !== 'progress'));
    }
  }
}

/** A finishing report with the progress and message of the attempt's last unsent progress report. */
function withLastProgress(report: TaskReport, progress: TaskReport): TaskReport {
  return {
    ...report,
    ...(report.progress === undefined && progress.progress !== undefined ? { progress: progress.progress } : {}),
    ...(report.message === undefined && progress.message !== undefined ? { message: progress.message } : {}),
  };
}
