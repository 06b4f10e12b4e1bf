import { CoreSubject, WorkAvailableMessage } from '@app/contracts';
import { NatsConnectionProvider } from '@app/platform';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';

type RunnableRow = { queue: string; task_type: string; run_at?: Date | string };

/**
 * Wakes workers when work becomes runnable: right after the commit that created or re-queued it, or at
 * the end of a retry backoff / at `scheduled_for` (one timer per queue, for the earliest instant).
 * Messages go over core NATS on `<ns>.core.work.available.<queue>` and may be lost; workers also poll
 * slowly, so a lost wake-up costs latency, never a task.
 */
@Injectable()
export class WorkSignal implements OnApplicationShutdown {
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();

  constructor(private readonly nats: NatsConnectionProvider) {}

  workAvailable(rows: readonly RunnableRow[]): void {
    const now = Date.now();
    const byQueue = new Map<string, Set<string>>();
    for (const row of rows) {
      const at = row.run_at === undefined ? now : new Date(row.run_at).getTime();
      if (at > now + 5) {
        this.wakeAt(row.queue, at);
        continue;
      }
      const types = byQueue.get(row.queue) ?? new Set<string>();
      types.add(row.task_type);
      byQueue.set(row.queue, types);
    }
    for (const [queue, types] of byQueue) this.publish({ queue, task_types: [...types], count: rows.length });
  }

  private wakeAt(queue: string, at: number): void {
    const existing = this.timers.get(queue);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.timers.delete(queue);
      this.publish({ queue, task_types: [], count: 1 });
    }, at - Date.now());
    timer.unref();
    this.timers.set(queue, { at, timer });
  }

  private publish(message: WorkAvailableMessage): void {
    const nc = this.nats.nc;
    if (nc.isClosed()) return;
    nc.publish(this.nats.subject(`${CoreSubject.WorkAvailable}.${message.queue}`), JSON.stringify(message));
  }

  onApplicationShutdown(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
