import { AppLogger, WakeableLoop } from '@app/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AlertRepository } from '../alert/alert.repository';
import { MONITORING_CONFIG, MonitoringConfig } from '../config';
import { MetricRepository } from '../metric/metric.repository';
import { WorkerRepository } from '../worker/worker.repository';

const BATCH = 2000;
/** The event stream keeps events 7 days: an event id older than that cannot be delivered again. */
const EVENT_ID_RETENTION_DAYS = 8;
const DAY_MS = 86_400_000;

/**
 * Prunes old execution rows, resolved alerts, forgotten workers and old event ids, in small batches
 * with a pause between them: no long lock, no WAL burst, and safe on every replica at once (SKIP LOCKED).
 */
@Injectable()
export class Retention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new AppLogger(Retention.name);
  private readonly loop: WakeableLoop;

  constructor(
    private readonly metrics: MetricRepository,
    private readonly alerts: AlertRepository,
    private readonly workers: WorkerRepository,
    @Inject(MONITORING_CONFIG) private readonly config: MonitoringConfig,
  ) {
    this.loop = new WakeableLoop(Retention.name, () => this.prune(), config.maintenanceIntervalMs, 'after-idle');
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  private async prune(): Promise<void> {
    const now = Date.now();
    const retention = new Date(now - this.config.metrics.retentionDays * DAY_MS);
    const executions = await this.drain((batch) => this.metrics.pruneOlderThan(retention, batch));
    const alerts = await this.drain((batch) => this.alerts.pruneResolvedBefore(retention, batch));
    const eventIds = await this.drain((batch) => this.metrics.pruneProcessedEvents(new Date(now - EVENT_ID_RETENTION_DAYS * DAY_MS), batch));
    const workers = await this.workers.pruneNotSeenFor(this.config.workers.retentionHours);
    if (executions + alerts + workers > 0) this.logger.info('retention pruned', { executions, alerts, workers, event_ids: eventIds });
  }

  private async drain(deleteBatch: (batch: number) => Promise<number>): Promise<number> {
    let total = 0;
    while (this.loop.isRunning) {
      const deleted = await deleteBatch(BATCH);
      total += deleted;
      if (deleted < BATCH) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return total;
  }
}
