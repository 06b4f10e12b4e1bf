import { metricsRegistry } from '@app/platform';
import { Counter, Histogram } from 'prom-client';

export const scheduledRunsTotal = new Counter({
  name: 'megahub_scheduling_runs_total',
  help: 'Scheduled instants handled by the firing loop, by kind (periodic, cron_job) and outcome',
  labelNames: ['kind', 'status'] as const,
  registers: [metricsRegistry],
});

export const fireLagSeconds = new Histogram({
  name: 'megahub_scheduling_fire_lag_seconds',
  help: 'From a scheduled instant to the creation of its task',
  labelNames: ['kind'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
  registers: [metricsRegistry],
});
