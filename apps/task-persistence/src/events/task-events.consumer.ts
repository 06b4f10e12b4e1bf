import { CoreEvent } from '@app/contracts';
import { EventStream } from '@app/platform';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobSyncService } from '../job/job-sync.service';

/** Every task event: those of tasks backing a persistent job move the job (the others are skipped at once). */
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
      durable: 'persistence-jobs',
      subjects: TASK_EVENTS,
      handle: (event, subject) => this.sync.applyEvent(subject, event),
    });
  }
}
