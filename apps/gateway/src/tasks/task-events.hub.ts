import { TaskDto, TaskEvent, TaskEventTask, TERMINAL_STATUSES } from '@app/contracts';
import { AppLogger, NatsConnectionProvider } from '@app/platform';
import { Injectable, MessageEvent, OnApplicationShutdown } from '@nestjs/common';
import { Subscription } from 'nats';
import { Observable } from 'rxjs';

type Listener = (event: TaskEvent, kind: string) => void;

const KEEPALIVE_MS = 15_000;

/**
 * Live task events for Server-Sent Events. The gateway listens to the task events JetStream carries
 * (a plain NATS subscription on the same subjects: live only, nothing to replay) while at least one
 * client watches, and hands each event to the watchers of its task.
 */
@Injectable()
export class TaskEventsHub implements OnApplicationShutdown {
  private readonly logger = new AppLogger(TaskEventsHub.name);
  private readonly listeners = new Map<number, Set<Listener>>();
  private subscription?: Subscription;

  constructor(private readonly nats: NatsConnectionProvider) {}

  /**
   * Starts listening to one task, then reads its current state with `load`: events that arrive in
   * between are kept and sent after the snapshot, so no change is missed. Ends after a terminal state.
   */
  async watch(taskId: number, load: () => Promise<TaskDto>): Promise<Observable<MessageEvent>> {
    const buffered: Array<[TaskEvent, string]> = [];
    let deliver: Listener = (event, kind) => buffered.push([event, kind]);
    const listener: Listener = (event, kind) => deliver(event, kind);
    this.add(taskId, listener);
    let snapshot: TaskDto;
    try {
      snapshot = await load();
    } catch (error) {
      this.remove(taskId, listener);
      throw error;
    }
    return new Observable<MessageEvent>((subscriber) => {
      const send = (kind: string, task: TaskEventTask, occurredAt: string) => {
        subscriber.next({ type: kind, id: `${task.id}:${occurredAt}`, data: summary(task, occurredAt) });
        if (TERMINAL_STATUSES.includes(task.status)) subscriber.complete();
      };
      send('snapshot', snapshot, new Date().toISOString());
      deliver = (event, kind) => send(kind, event.task, event.occurred_at);
      for (const [event, kind] of buffered.splice(0)) if (!subscriber.closed) deliver(event, kind);
      const keepalive = setInterval(() => subscriber.next({ type: 'keepalive', data: {} }), KEEPALIVE_MS);
      return () => {
        clearInterval(keepalive);
        this.remove(taskId, listener);
      };
    });
  }

  private add(taskId: number, listener: Listener): void {
    const set = this.listeners.get(taskId) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(taskId, set);
    if (!this.subscription) this.subscribe();
  }

  private remove(taskId: number, listener: Listener): void {
    const set = this.listeners.get(taskId);
    set?.delete(listener);
    if (set?.size === 0) this.listeners.delete(taskId);
    if (this.listeners.size === 0) {
      this.subscription?.unsubscribe();
      this.subscription = undefined;
    }
  }

  private subscribe(): void {
    const prefix = this.nats.subject('evt.core.task.');
    this.subscription = this.nats.nc.subscribe(`${prefix}>`, {
      callback: (error, message) => {
        if (error) return this.logger.warn('task event subscription error', { err: error });
        try {
          const event = message.json<TaskEvent>();
          // `<prefix><event>.<origin>.<brand>`: the event's kind is the first token.
          const kind = message.subject.slice(prefix.length).split('.')[0] || 'event';
          this.listeners.get(event.task.id)?.forEach((listen) => listen(event, kind));
        } catch (parseError) {
          this.logger.warn('unreadable task event', { err: parseError });
        }
      },
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }
}

function summary(task: TaskEventTask, occurredAt: string): Record<string, unknown> {
  return {
    id: task.id,
    task_id: task.task_id,
    status: task.status,
    progress_percentage: task.progress_percentage,
    progress_message: task.progress_message,
    attempts: task.attempts,
    error: task.error,
    result_data: TERMINAL_STATUSES.includes(task.status) ? task.result_data : undefined,
    metrics: task.metrics,
    occurred_at: occurredAt,
  };
}

