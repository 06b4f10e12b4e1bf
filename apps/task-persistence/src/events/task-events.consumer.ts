import { CoreEvent, taskEventFilter } from '@app/contracts';
import { EventStream } from '@app/platform';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobSyncService } from '../job/job-sync.service';

/** Every event of the tasks backing persistent jobs (their subjects carry the `job` origin). */
const TASK_EVENTS: readonly CoreEvent[] = Object.values(CoreEvent);

/** The durable JetStream consumer that keeps jobs in step with their tasks (at-least-once, idempotent). */
@Injectable()
export class TaskEventsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly events: EventStream,
    private readonly sync: JobSyncService,
  ) {}

  onApplicationBootstrap(): void {
    this.events.consume({
      durable: 'persistence-job-task-events',
      // Before events carried their origin this consumer took the whole stream.
      replaces: ['persistence-jobs'],
      filter: taskEventFilter({ origin: 'job' }),
      subjects: TASK_EVENTS,
      handle: (event, subject) => this.sync.applyEvent(subject, event),
    });
  }
}
