import { TaskEvent } from '@app/contracts';
import { EventStream, OutboxRelay as TableOutboxRelay, OutboxRow, poolOf } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CORE_CONFIG, CoreConfig } from '../config';
import { toEventTask } from '../task/task.mapper';
import { TaskRow } from '../task/task.row';

/** An outbox row's payload: the task without its input; its subject is the event's route (`core.task.completed.plain.9`). */
type TaskOutboxRow = OutboxRow<Omit<TaskRow, 'context_data'>>;

/** task-core's outbox relay (libs/platform's, on task_core.outbox): every task event goes out through it. */
@Injectable()
export class OutboxRelay extends TableOutboxRelay<TaskOutboxRow['payload']> {
  constructor(dataSource: DataSource, events: EventStream, @Inject(CORE_CONFIG) config: CoreConfig) {
    super(poolOf(dataSource), {
      table: 'task_core.outbox',
      batch: 500,
      pollMs: config.queue.outboxPollMs,
      publish: (row) => events.publishOn(row.subject, toEvent(row)),
    });
  }
}

function toEvent(row: TaskOutboxRow): TaskEvent {
  return {
    event_id: row.event_id,
    occurred_at: new Date(row.created_at).toISOString(),
    brand_id: row.payload.brand_id,
    task: toEventTask(row.payload),
    attempt: row.payload.attempts,
  };
}
