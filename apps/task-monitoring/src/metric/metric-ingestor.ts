import { TaskEvent, taskEventFilter } from '@app/contracts';
import { AppLogger, Delivered, EventStream } from '@app/platform';
import { trustedBrandId } from '@app/tenancy';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MONITORING_CONFIG, MonitoringConfig } from '../config';
import { MonitoringMetrics } from '../prometheus/monitoring-metrics';
import { MetricRepository } from './metric.repository';
import { ATTEMPT_EVENTS, AttemptEvent, AttemptRecord, latestPerAttempt, recordFromEvent, RequeueRecord } from './metric.rules';

/**
 * Builds the execution metrics from task-core's events: a durable JetStream consumer shared by the
 * replicas (each event goes to one of them), idempotent by (task, attempt). Each pulled batch is applied
 * in one statement; the start and the outcome of an attempt that arrive in one batch become one row.
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
   * One consumer for every task event (progress ones are acknowledged unseen: they say nothing about an
   * attempt), so that a start and its outcome can meet in a batch. Order within it is not needed: an
   * attempt only moves forward (metric.rules.ts, statusRank).
   */
  onApplicationBootstrap(): void {
    this.events.consumeBatches({
      durable: 'monitoring-task-events',
      // Before events carried their origin and brand, one durable per event took them.
      replaces: ATTEMPT_EVENTS.map((subject) => `monitoring-metrics-${subject.split('.').pop()}`),
      filter: taskEventFilter({}),
      subjects: ATTEMPT_EVENTS,
      batch: 500,
      handleBatch: (delivered) => this.ingest(delivered),
    });
  }

  onApplicationShutdown(): void {
    // Stops every consumer of this process (the worker registry's too) before the pool closes.
    this.events.stop();
  }

  async ingest(delivered: Array<Delivered<AttemptEvent>>): Promise<void> {
    const attempts: AttemptRecord[] = [];
    const requeues: RequeueRecord[] = [];
    for (const { name, event } of delivered) {
      if (!isTaskEvent(event)) {
        // A malformed event would be redelivered forever: record it and move on.
        this.logger.warn('invalid task event dropped', { subject: name, event_id: (event as { event_id?: unknown })?.event_id });
        this.prom.events.inc({ kind: 'task', outcome: 'invalid' });
        continue;
      }
      const record = recordFromEvent(name, event, this.config.metrics.thresholds);
      if (record?.kind === 'attempt') attempts.push(record);
      else if (record) requeues.push(record);
    }
    const kept = latestPerAttempt(attempts);
    const outcomes = kept.length > 0 ? await this.metrics.applyAttempts(kept) : new Map<string, string>();
    // A record another of its batch superseded changed nothing by itself.
    for (const record of attempts) this.count(record, outcomes.get(record.eventId) ?? 'stale');
    // Re-queues are rare (a manual retry, a stopping worker's hand-back): one statement each.
    for (const record of requeues) {
      const { outcome } = await this.metrics.applyRequeue(trustedBrandId(record.brandId), record);
      this.count(record, outcome);
    }
  }

  private count(record: AttemptRecord | RequeueRecord, outcome: string): void {
    this.prom.events.inc({ kind: 'task', outcome: outcome === 'inserted' || outcome === 'updated' ? 'applied' : outcome });
    if (outcome === 'duplicate') return;
    this.prom.ingestLag.set(Math.max(0, (Date.now() - Date.parse(record.kind === 'attempt' ? record.recordedAt : record.at)) / 1000));
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
