import { Actor, CoreSubject, DashboardQuery, DashboardResponse } from '@app/contracts';
import { AppLogger, NatsBus } from '@app/platform';
import { BrandId, brandOf } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { toAlertDto } from '../alert/alert.mapper';
import { AlertRepository } from '../alert/alert.repository';
import { round } from '../common/time';
import { WorkerService } from '../worker/worker.service';
import { DashboardRepository, DashboardScope, TypeAggregate } from './dashboard.repository';
import { EXACT_PERCENTILE_LIMIT, fillSeries, histogramPercentile, PERIODS, ratio, sumBuckets, throughputOf } from './dashboard.rules';

const QUEUE_DEPTH_TIMEOUT_MS = 2000;
const LATEST_ALERTS = 5;
const MAX_TYPES = 100;

type Percentiles = {
  whole: { exec: [number | null, number | null, number | null]; waitP95: number | null };
  execP95: Map<string, number | null>;
};

/**
 * The brand's dashboard: aggregates of its own executions over the period (SQL), with what is true now
 * (task-core's queue depth for the brand, worker capacity, open alerts), fetched in parallel.
 */
@Injectable()
export class DashboardService {
  private readonly logger = new AppLogger(DashboardService.name);

  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly alerts: AlertRepository,
    private readonly workers: WorkerService,
    private readonly bus: NatsBus,
  ) {}

  async get(actor: Actor, query: DashboardQuery): Promise<DashboardResponse> {
    const brandId = brandOf(actor);
    const period = query.period ?? '24h';
    const { seconds, bucketSeconds } = PERIODS[period];
    const to = new Date();
    const scope: DashboardScope = { from: new Date(to.getTime() - seconds * 1000), to, taskType: query.task_type ?? null };
    // The three passes over the brand's rows run at once; the exact percentiles follow only when the
    // scope is small enough for their sorts to be cheap (the histograms are then discarded).
    const [aggregates, buckets, histograms, depth, capacity, open] = await Promise.all([
      this.dashboard.byTaskType(brandId, scope),
      this.dashboard.buckets(brandId, scope, bucketSeconds),
      this.histogramPercentiles(brandId, scope),
      this.queueDepth(actor, scope.taskType),
      this.workers.capacity(),
      this.alerts.openSummary(brandId, LATEST_ALERTS),
    ]);
    const types = [...aggregates].sort((a, b) => b.executions - a.executions || a.task_type.localeCompare(b.task_type));
    const whole = sumAggregates(types);
    const exact = whole.executions <= EXACT_PERCENTILE_LIMIT;
    const percentiles = exact ? await this.exactPercentiles(brandId, scope) : histograms;
    const { status_counts, flag_counts } = sumBuckets(buckets);
    const failed = status_counts.failed + status_counts.retrying;
    const finished = status_counts.completed + failed;
    const [p50, p95, p99] = percentiles.whole.exec;
    return {
      period,
      task_type: scope.taskType,
      from: scope.from.toISOString(),
      to: scope.to.toISOString(),
      executions: whole.executions,
      status_counts,
      success_rate: ratio(status_counts.completed, finished),
      failure_rate: ratio(failed, finished),
      throughput_per_minute: round(finished / (seconds / 60), 3) ?? 0,
      bucket_seconds: bucketSeconds,
      throughput: fillSeries(throughputOf(buckets), scope.from, scope.to, bucketSeconds),
      execution_time_ms: { mean: mean(whole.exec_sum, whole.exec_n), p50: round(p50, 1), p95: round(p95, 1), p99: round(p99, 1), max: whole.exec_max },
      queue_wait_ms: { mean: mean(whole.wait_sum, whole.wait_n), p95: round(percentiles.whole.waitP95, 1) },
      percentile_method: exact ? 'exact' : 'histogram',
      memory_usage_mb: { mean: mean(whole.memory_sum, whole.memory_n), max: round(whole.memory_max, 1) },
      cpu_time_ms: { total: whole.cpu_total },
      cost_usd: {
        total: round(whole.cost, 6) ?? 0,
        by_task_type: Object.fromEntries(types.map((t) => [t.task_type, round(t.cost, 6) ?? 0])),
      },
      flag_counts,
      by_task_type: types.slice(0, MAX_TYPES).map((t) => ({
        task_type: t.task_type,
        executions: t.executions,
        completed: t.completed,
        failed: t.failed,
        success_rate: ratio(t.completed, t.finished),
        execution_time_ms: { mean: mean(t.exec_sum, t.exec_n), p95: round(percentiles.execP95.get(t.task_type) ?? null, 1) },
        memory_usage_mb: { mean: mean(t.memory_sum, t.memory_n), max: round(t.memory_max, 1) },
        cost_usd: round(t.cost, 6) ?? 0,
      })),
      queue_depth: depth,
      workers: capacity,
      alerts: {
        open: open.bySeverity.info + open.bySeverity.warning + open.bySeverity.critical,
        by_severity: open.bySeverity,
        latest: open.rows.map(toAlertDto),
      },
    };
  }

  private async exactPercentiles(brandId: BrandId, scope: DashboardScope): Promise<Percentiles> {
    const rows = await this.dashboard.exactPercentiles(brandId, scope);
    const whole = rows.find((r) => r.task_type === null);
    return {
      whole: { exec: whole?.exec ?? [null, null, null], waitP95: whole?.wait_p95 ?? null },
      execP95: new Map(rows.filter((r) => r.task_type !== null).map((r) => [r.task_type as string, r.exec?.[1] ?? null])),
    };
  }

  private async histogramPercentiles(brandId: BrandId, scope: DashboardScope): Promise<Percentiles> {
    const rows = await this.dashboard.histograms(brandId, scope);
    const exec = rows.filter((r) => r.kind === 'exec');
    const byType = new Map<string, Array<{ b: number; n: number }>>();
    for (const r of exec) byType.set(r.task_type as string, [...(byType.get(r.task_type as string) ?? []), r]);
    // The whole scope's histogram is the sum of the types' (same buckets).
    const merged = new Map<number, number>();
    for (const r of exec) merged.set(r.b, (merged.get(r.b) ?? 0) + r.n);
    const whole = [...merged].map(([b, n]) => ({ b, n }));
    return {
      whole: {
        exec: [histogramPercentile(whole, 0.5), histogramPercentile(whole, 0.95), histogramPercentile(whole, 0.99)],
        waitP95: histogramPercentile(rows.filter((r) => r.kind === 'wait'), 0.95),
      },
      execP95: new Map([...byType].map(([type, buckets]) => [type, histogramPercentile(buckets, 0.95)])),
    };
  }

  /** Now, for the brand (and type); the dashboard still answers when task-core does not. */
  private async queueDepth(actor: Actor, taskType: string | null) {
    try {
      const request = taskType ? { actor, task_type: taskType } : { actor };
      return await this.bus.request(CoreSubject.QueueDepth, request, { timeoutMs: QUEUE_DEPTH_TIMEOUT_MS });
    } catch (error) {
      this.logger.warn('queue depth unavailable for the dashboard', { err: error });
      return null;
    }
  }
}

function sumAggregates(types: TypeAggregate[]): Omit<TypeAggregate, 'task_type'> {
  const max = (values: Array<number | null>) => values.reduce<number | null>((m, v) => (v === null ? m : m === null ? v : Math.max(m, v)), null);
  const total = (key: keyof Omit<TypeAggregate, 'task_type' | 'exec_max' | 'memory_max'>) => types.reduce((sum, t) => sum + t[key], 0);
  return {
    executions: total('executions'),
    completed: total('completed'),
    failed: total('failed'),
    finished: total('finished'),
    exec_sum: total('exec_sum'),
    exec_n: total('exec_n'),
    exec_max: max(types.map((t) => t.exec_max)),
    wait_sum: total('wait_sum'),
    wait_n: total('wait_n'),
    memory_sum: total('memory_sum'),
    memory_n: total('memory_n'),
    memory_max: max(types.map((t) => t.memory_max)),
    cpu_total: total('cpu_total'),
    cost: total('cost'),
  };
}

function mean(sum: number, n: number): number | null {
  return n > 0 ? round(sum / n, 1) : null;
}
