import { AppLogger, isDatabaseUnavailable, NatsConnectionProvider } from '@app/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CORE_CONFIG, CoreConfig } from '../config';
import { OutboxRelay } from '../outbox/outbox.relay';
import { OutageGrace } from './outage-grace';
import { QueueRepository } from './queue.repository';
import { TaskMetrics } from './task-metrics';
import { WorkSignal } from './work-signal';

const BATCH = 500;

/**
 * Takes back tasks whose lease expired (worker killed, partitioned or stuck without heartbeats):
 * retrying with backoff, interrupted when resumable, failed when no attempt is left. Safe with several
 * task-core replicas (SKIP LOCKED), so no task stays `running` forever and none is lost. It holds off
 * while task-core has lost Postgres or NATS, and for a lease period after (OutageGrace): workers could
 * not heartbeat meanwhile, and sweeping their leases would run their tasks a second time.
 */
@Injectable()
export class LeaseSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new AppLogger(LeaseSweeper.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;
  private readonly grace: OutageGrace;

  constructor(
    private readonly queue: QueueRepository,
    private readonly relay: OutboxRelay,
    private readonly signal: WorkSignal,
    private readonly metrics: TaskMetrics,
    private readonly nats: NatsConnectionProvider,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
  ) {
    this.grace = new OutageGrace(config.queue.leaseSeconds * 1000);
  }

  onApplicationBootstrap(): void {
    void this.watchNats();
    this.timer = setInterval(() => {
      if (!this.sweeping) this.sweeping = this.sweep().finally(() => (this.sweeping = undefined));
    }, this.config.queue.sweepIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  async sweep(): Promise<number> {
    if (!(await this.maySweep())) return 0;
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
      if (isDatabaseUnavailable(error)) this.lost('postgres');
      this.logger.warn('lease sweep failed, will retry', { err: error });
      return total;
    }
  }

  private async maySweep(): Promise<boolean> {
    if (this.grace.isDown('postgres')) {
      const back = await this.queue.ping().then(
        () => true,
        () => false,
      );
      if (back) this.restored('postgres');
    }
    return this.grace.maySweep;
  }

  private async watchNats(): Promise<void> {
    for await (const status of this.nats.nc.status()) {
      if (status.type === 'disconnect') this.lost('nats');
      else if (status.type === 'reconnect') this.restored('nats');
    }
  }

  private lost(dependency: 'postgres' | 'nats'): void {
    if (!this.grace.isDown(dependency)) this.logger.warn('lease sweeps held: workers cannot renew leases', { lost: dependency });
    this.grace.lost(dependency);
  }

  private restored(dependency: 'postgres' | 'nats'): void {
    if (this.grace.restored(dependency)) {
      this.logger.info('lease sweeps resume after a grace period', { restored: dependency, grace_seconds: this.config.queue.leaseSeconds });
    }
  }
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
