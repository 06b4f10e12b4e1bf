import { TaskEvent } from '@app/contracts';
import { AppLogger, EventStream } from '@app/platform';
import { trustedBrandId } from '@app/tenancy';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MONITORING_CONFIG, MonitoringConfig } from '../config';
import { MonitoringMetrics } from '../prometheus/monitoring-metrics';
import { MetricRepository } from './metric.repository';
import { ATTEMPT_EVENTS, AttemptEvent, recordFromEvent } from './metric.rules';

/**
 * Builds the execution metrics from task-core's events: a durable JetStream consumer shared by the
 * replicas (each event goes to one of them), idempotent by event id and by (task, attempt).
 */
@Injectable()
export class MetricIngestor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new AppLogger(MetricIngestor.name);

  constructor(
    private readonly events: EventStream,
    private readonly metrics: MetricRepository,
    private readonly prom: MonitoringMetrics,
    @Inject(MONITORING_CONFIG) private readonly config: MonitoringConfig,
  ) {}

  /**
   * One durable consumer per subject: the server filters each (nats-server 2.9 cannot filter several
   * subjects per consumer), and starts, outcomes and re-queues are applied concurrently. Order across
   * subjects is not needed: an attempt only moves forward (metric.rules.ts, statusRank).
   */
  onApplicationBootstrap(): void {
    for (const subject of ATTEMPT_EVENTS) {
      this.events.consume({
        durable: `monitoring-metrics-${subject.split('.').pop()}`,
        subjects: [subject],
        batch: 500,
        handle: (event) => this.ingest(subject, event),
      });
    }
  }

  onApplicationShutdown(): void {
    // Stops every consumer of this process (the worker registry's too) before the pool closes.
    this.events.stop();
  }

  async ingest(subject: AttemptEvent, event: TaskEvent): Promise<void> {
    if (!isTaskEvent(event)) {
      // A malformed event would be redelivered forever: record it and move on.
      this.logger.warn('invalid task event dropped', { subject, event_id: (event as { event_id?: unknown })?.event_id });
      this.prom.events.inc({ kind: 'task', outcome: 'invalid' });
      return;
    }
    const record = recordFromEvent(subject, event, this.config.metrics.thresholds);
    if (!record) return;
    // The brand of a task event is the one task-core stored with the task.
    const brandId = trustedBrandId(event.brand_id);
    const { outcome } = record.kind === 'attempt' ? await this.metrics.applyAttempt(brandId, record) : await this.metrics.applyRequeue(brandId, record);
    this.prom.events.inc({ kind: 'task', outcome: outcome === 'inserted' || outcome === 'updated' ? 'applied' : outcome });
    if (outcome === 'duplicate') return;
    this.prom.ingestLag.set(Math.max(0, (Date.now() - Date.parse(event.occurred_at)) / 1000));
    if (record.kind === 'attempt' && outcome !== 'stale') this.prom.ingested.inc({ task_type: record.taskType, status: record.status });
  }
}

function isTaskEvent(event: TaskEvent): boolean {
  const task = event?.task;
  return (
    typeof event?.event_id === 'string' &&
    /^[0-9a-f-]{36}$/i.test(event.event_id) &&
    Number.isInteger(event.brand_id) &&
    event.brand_id > 0 &&
    Number.isInteger(event.attempt) &&
    typeof event.occurred_at === 'string' &&
    !Number.isNaN(Date.parse(event.occurred_at)) &&
    typeof task === 'object' &&
    task !== null &&
    Number.isInteger(task.id) &&
    typeof task.task_id === 'string' &&
    typeof task.task_type === 'string' &&
    typeof task.queue === 'string'
  );
}
