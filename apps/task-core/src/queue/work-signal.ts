import { CoreSubject, WorkAvailableMessage } from '@app/contracts';
import { NatsConnectionProvider } from '@app/platform';
import { Injectable } from '@nestjs/common';

/**
 * Wakes workers right after a commit made work runnable: a core NATS message per queue on
 * `<ns>.core.work.available.<queue>`. It may be lost (core NATS is at-most-once); workers also poll
 * slowly, so a lost wake-up costs latency, never a task.
 */
@Injectable()
export class WorkSignal {
  constructor(private readonly nats: NatsConnectionProvider) {}

  workAvailable(rows: ReadonlyArray<{ queue: string; task_type: string }>): void {
    const byQueue = new Map<string, Set<string>>();
    for (const row of rows) {
      const types = byQueue.get(row.queue) ?? new Set<string>();
      types.add(row.task_type);
      byQueue.set(row.queue, types);
    }
    for (const [queue, types] of byQueue) {
      const message: WorkAvailableMessage = { queue, task_types: [...types], count: rows.length };
      this.publish(queue, message);
    }
  }

  private publish(queue: string, message: WorkAvailableMessage): void {
    const nc = this.nats.nc;
    if (nc.isClosed()) return;
    nc.publish(this.nats.subject(`${CoreSubject.WorkAvailable}.${queue}`), JSON.stringify(message));
  }
}
