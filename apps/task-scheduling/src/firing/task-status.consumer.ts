import { CoreEvent, TaskEvent } from '@app/contracts';
import { EventStream } from '@app/platform';
import { trustedBrandId } from '@app/tenancy';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicRunRepository } from '../periodic-task/periodic-run.repository';

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
    this.events.consume({
      durable: 'scheduling-task-status',
      subjects: STATUS_EVENTS,
      handle: (event) => this.handle(event),
    });
  }

  async handle(event: TaskEvent): Promise<void> {
    const task = event.task;
    if (!task.is_periodic || task.periodic_task_id === null) return;
    await this.runs.upsertStatuses([
      {
        brand_id: trustedBrandId(event.brand_id),
        task_pk: task.id,
        periodic_task_id: task.periodic_task_id,
        status: task.status,
        status_at: event.occurred_at,
      },
    ]);
  }
}
