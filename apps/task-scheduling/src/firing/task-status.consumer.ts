import { CoreEvent, TaskEvent, taskEventFilter } from '@app/contracts';
import { EventStream } from '@app/platform';
import { trustedBrandId } from '@app/tenancy';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicRunRepository, TaskStatusUpdate } from '../periodic-task/periodic-run.repository';

// Status changes only: progress events do not change a status and would be most of the traffic.
const STATUS_EVENTS = [
  CoreEvent.TaskCreated,
  CoreEvent.TaskStarted,
  CoreEvent.TaskCompleted,
  CoreEvent.TaskFailed,
  CoreEvent.TaskRetrying,
  CoreEvent.TaskCancelled,
  CoreEvent.TaskInterrupted,
  CoreEvent.TaskPaused,
] as const;

/**
 * Keeps the status of the tasks periodic tasks created, from task-core's events (durable consumer,
 * shared by the replicas). Idempotent: a status is stored with its event time and an older or replayed
 * event never overwrites a newer one, whatever order they arrive in.
 */
@Injectable()
export class TaskStatusConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly events: EventStream,
    private readonly runs: PeriodicRunRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.events.consumeBatches({
      durable: 'scheduling-periodic-task-status',
      // Before events carried their origin this consumer took the whole stream.
      replaces: ['scheduling-task-status'],
      filter: taskEventFilter({ origin: 'periodic' }),
      subjects: STATUS_EVENTS,
      batch: 500,
      handleBatch: (delivered) => this.apply(delivered.map(({ event }) => event)),
    });
  }

  /** A batch in one statement: the latest status of each task (an upsert may not touch a row twice). */
  async apply(events: TaskEvent[]): Promise<void> {
    const latest = new Map<number, TaskStatusUpdate>();
    for (const event of events) {
      const task = event.task;
      if (!task.is_periodic || task.periodic_task_id === null) continue;
      const seen = latest.get(task.id);
      if (seen && seen.status_at > event.occurred_at) continue;
      latest.set(task.id, {
        brand_id: trustedBrandId(event.brand_id),
        task_pk: task.id,
        periodic_task_id: task.periodic_task_id,
        status: task.status,
        status_at: event.occurred_at,
      });
    }
    await this.runs.upsertStatuses([...latest.values()]);
  }
}
