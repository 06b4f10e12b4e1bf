import { TaskReport } from '@app/contracts';
import { metricsRegistry } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { FinishedRow } from './queue.repository';

/** Prometheus: task outcomes and execution durations by type, as task-core records them. */
@Injectable()
export class TaskMetrics {
  private readonly outcomes = new Counter({
    name: 'megahub_task_outcomes_total',
    help: 'Finished attempts by task type and resulting status',
    labelNames: ['task_type', 'status'] as const,
    registers: [metricsRegistry],
  });
  private readonly durations = new Histogram({
    name: 'megahub_task_execution_seconds',
    help: 'Handler wall time of finished attempts, by task type',
    labelNames: ['task_type'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60, 300],
    registers: [metricsRegistry],
  });

  recordOutcomes(rows: FinishedRow[], reports: TaskReport[] = []): void {
    const durationById = new Map(reports.map((r) => [r.id, r.metrics?.execution_time_ms]));
    for (const row of rows) {
      this.outcomes.inc({ task_type: row.task_type, status: row.status });
      const ms = durationById.get(Number(row.id));
      if (ms !== undefined) this.durations.observe({ task_type: row.task_type }, ms / 1000);
    }
  }
}
