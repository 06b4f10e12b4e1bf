import { WakeableLoop } from '@app/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CORE_CONFIG, CoreConfig } from '../config';
import { QueueRepository } from './queue.repository';

const BATCH = 1000;

/**
 * Shows claimed attempts as `running` on their task records, in batches: a claim leases a queue item
 * without writing the task record (queue.sql.ts), so the list API learns of a running attempt from this
 * pass, at most twice RUNNING_RECORD_MS after its claim. An attempt that ends sooner is never written as
 * running: its record goes from pending to its outcome, one write fewer on the hot path.
 */
@Injectable()
export class RunningRecorder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: WakeableLoop;

  constructor(
    private readonly queue: QueueRepository,
    @Inject(CORE_CONFIG) config: CoreConfig,
  ) {
    const everyMs = config.queue.runningRecordMs;
    this.loop = new WakeableLoop(RunningRecorder.name, () => this.record(everyMs), everyMs);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  private async record(minAgeMs: number): Promise<void> {
    while ((await this.queue.recordRunning(minAgeMs, BATCH)) === BATCH);
  }
}
