import { AppLogger } from '@app/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CORE_CONFIG, CoreConfig } from '../config';
import { OutboxRelay } from '../outbox/outbox.relay';
import { QueueRepository } from './queue.repository';
import { TaskMetrics } from './task-metrics';
import { WorkSignal } from './work-signal';

const BATCH = 500;

/**
 * Takes back tasks whose lease expired (worker killed, partitioned or stuck without heartbeats):
 * retrying with backoff, interrupted when resumable, failed when no attempt is left. Safe with several
 * task-core replicas (SKIP LOCKED), so no task stays `running` forever and none is lost.
 */
@Injectable()
export class LeaseSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new AppLogger(LeaseSweeper.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;

  constructor(
    private readonly queue: QueueRepository,
    private readonly relay: OutboxRelay,
    private readonly signal: WorkSignal,
    private readonly metrics: TaskMetrics,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.sweeping) this.sweeping = this.sweep().finally(() => (this.sweeping = undefined));
    }, this.config.queue.sweepIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  async sweep(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const rows = await this.queue.sweepExpired(BATCH);
        total += rows.length;
        if (rows.length > 0) {
          this.logger.warn('leases expired', { count: rows.length, statuses: countBy(rows.map((r) => r.status)) });
          this.metrics.recordOutcomes(rows);
          this.relay.notify();
          this.signal.workAvailable(rows.filter((r) => r.status === 'retrying'));
        }
        if (rows.length < BATCH) return total;
      }
    } catch (error) {
      this.logger.warn('lease sweep failed, will retry', { err: error });
      return total;
    }
  }
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
