import { metricsRegistry } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';

/**
 * task-monitoring's own Prometheus counters, served at /metrics with the platform's HTTP and NATS series.
 * Counters count what this replica did: sum them across replicas. The gauges read from the database at
 * scrape time (worker.gauges.ts, alert.gauges.ts) report the same value on every replica: take the max.
 */
@Injectable()
export class MonitoringMetrics {
  readonly ingested = new Counter({
    name: 'megahub_monitoring_executions_ingested_total',
    help: 'Execution attempts recorded from task events, by task type and attempt status',
    labelNames: ['task_type', 'status'] as const,
    registers: [metricsRegistry],
  });
  readonly events = new Counter({
    name: 'megahub_monitoring_events_total',
    help: 'Events consumed by task-monitoring, by kind and outcome (applied; duplicate: a re-queue seen before; stale: changed nothing; invalid)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [metricsRegistry],
  });
  readonly ingestLag = new Gauge({
    name: 'megahub_monitoring_ingest_lag_seconds',
    help: 'Age of the last task event this replica applied, at the time it applied it',
    registers: [metricsRegistry],
  });
  readonly evaluations = new Counter({
    name: 'megahub_monitoring_alert_evaluations_total',
    help: 'Alert rule evaluations, by outcome (ok, firing, triggered, resolved, cooldown, error)',
    labelNames: ['outcome'] as const,
    registers: [metricsRegistry],
  });
  readonly webhooks = new Counter({
    name: 'megahub_monitoring_webhook_deliveries_total',
    help: 'Alert webhook attempts, by outcome (delivered, retry, failed, refused)',
    labelNames: ['outcome'] as const,
    registers: [metricsRegistry],
  });
}
