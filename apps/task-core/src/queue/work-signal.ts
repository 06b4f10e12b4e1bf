import { CoreSubject, WorkAvailableMessage, WorkUnparkMessage } from '@app/contracts';
import { AppLogger, NatsConnectionProvider } from '@app/platform';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Subscription } from 'nats';

type RunnableRow = { queue: string; task_type: string; run_at?: Date | string };

/** Work became runnable in `queue` (of these task types; empty: not known). */
export type WorkListener = (queue: string, taskTypes: readonly string[]) => void;

/**
 * Says when work becomes runnable: right after the commit that created or re-queued it, or at the end of
 * a retry backoff / at `scheduled_for` (one timer per queue, for the earliest instant). Listeners in this
 * process hear it at once (waiting claims, ClaimWaitingRoom); other task-core replicas and workers hear
 * it over core NATS on `<ns>.core.work.available.<queue>`, which may be lost: claims wait at most their
 * poll, so a lost wake-up costs latency, never a task.
 */
@Injectable()
export class WorkSignal implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new AppLogger(WorkSignal.name);
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly listeners: WorkListener[] = [];
  private readonly unparkListeners: Array<(workerId: string) => void> = [];
  private readonly subscriptions: Subscription[] = [];
  /** Wake-ups of this turn of the event loop not broadcast yet, by queue. */
  private readonly unannounced = new Map<string, WorkAvailableMessage>();
  /** Tells this replica's own broadcasts apart: its listeners heard them already. */
  private readonly replica = randomBytes(6).toString('hex');

  constructor(private readonly nats: NatsConnectionProvider) {}

  onWork(listener: WorkListener): void {
    this.listeners.push(listener);
  }

  onUnpark(listener: (workerId: string) => void): void {
    this.unparkListeners.push(listener);
  }

  onApplicationBootstrap(): void {
    const nc = this.nats.nc;
    this.subscriptions.push(
      nc.subscribe(this.nats.subject(`${CoreSubject.WorkAvailable}.>`), {
        callback: (error, message) => {
          if (error) return;
          const signal = parse<WorkAvailableMessage & { replica?: string }>(message.data);
          if (!signal || signal.replica === this.replica || typeof signal.queue !== 'string') return;
          this.tell(signal.queue, Array.isArray(signal.task_types) ? signal.task_types : []);
        },
      }),
      nc.subscribe(this.nats.subject(CoreSubject.WorkUnpark), {
        callback: (error, message) => {
          const unpark = error ? null : parse<WorkUnparkMessage>(message.data);
          if (typeof unpark?.worker_id === 'string')
            this.unparkListeners.forEach((listen) => listen(unpark.worker_id));
        },
      }),
    );
  }

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
    for (const [queue, types] of byQueue)
      this.announce({ queue, task_types: [...types], count: rows.length });
  }

  private wakeAt(queue: string, at: number): void {
    const existing = this.timers.get(queue);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.timers.delete(queue);
      this.announce({ queue, task_types: [], count: 1 });
    }, at - Date.now());
    timer.unref();
    this.timers.set(queue, { at, timer });
  }

  /** Listeners here hear it at once; the broadcast goes out once per queue per turn of the event loop. */
  private announce(message: WorkAvailableMessage): void {
    this.tell(message.queue, message.task_types);
    const pending = this.unannounced.get(message.queue);
    if (!pending) this.unannounced.set(message.queue, { ...message, task_types: [...message.task_types] });
    else {
      pending.count += message.count;
      // No types: not known, any worker of the queue may take it.
      if (pending.task_types.length === 0 || message.task_types.length === 0) pending.task_types = [];
      else pending.task_types = [...new Set([...pending.task_types, ...message.task_types])];
    }
    if (this.unannounced.size === 1 && !pending) setImmediate(() => this.broadcast());
  }

  /**
   * Creates answered together (a group commit) would each publish a wake-up that every worker and
   * replica receives; one message per queue says the same at a fraction of the cost.
   */
  private broadcast(): void {
    const messages = [...this.unannounced.values()];
    this.unannounced.clear();
    const nc = this.nats.nc;
    if (nc.isClosed()) return;
    for (const message of messages) {
      nc.publish(
        this.nats.subject(`${CoreSubject.WorkAvailable}.${message.queue}`),
        JSON.stringify({ ...message, replica: this.replica }),
      );
    }
  }

  private tell(queue: string, taskTypes: readonly string[]): void {
    for (const listen of this.listeners) {
      try {
        listen(queue, taskTypes);
      } catch (error) {
        this.logger.warn('work listener failed', { err: error });
      }
    }
  }

  onApplicationShutdown(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.subscriptions.forEach((s) => s.unsubscribe());
  }
}

function parse<T>(data: Uint8Array): T | null {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8')) as T;
  } catch {
    return null;
  }
}
