import { AlertMetric, CoreSubject } from '@app/contracts';
import { NatsBus, Sql } from '@app/platform';
import { BrandId, onBehalfOf, trustedBrandId } from '@app/tenancy';
import { Inject, Injectable } from '@nestjs/common';
import { AlertRuleRow } from '../alert-rule/alert-rule.repository';
import { MONITORING_CONFIG, MonitoringConfig } from '../config';
import { WorkerService } from '../worker/worker.service';

type WindowMetric = Exclude<AlertMetric, 'queue_depth' | 'oldest_pending_age_s' | 'workers_online' | 'stalled_tasks'>;

/** Per metric over the window: the aggregate and the attempts it is computed over. */
const WINDOW_AGGREGATES: Record<WindowMetric, { value: string; statuses: string }> = {
  failure_rate: {
    value: `count(*) FILTER (WHERE status IN ('failed', 'retrying'))::float8 / nullif(count(*), 0)`,
    statuses: `('completed', 'failed', 'retrying')`,
  },
  mean_execution_time_ms: { value: 'avg(execution_time_ms)::float8', statuses: `('completed', 'failed', 'retrying')` },
  p95_execution_time_ms: {
    value: 'percentile_cont(0.95) WITHIN GROUP (ORDER BY execution_time_ms)::float8',
    statuses: `('completed', 'failed', 'retrying')`,
  },
  memory_usage_mb: { value: 'max(memory_usage_mb)::float8', statuses: `('completed', 'failed', 'retrying', 'cancelled', 'interrupted', 'paused')` },
  cost_usd: { value: 'coalesce(sum(cost_usd), 0)::float8', statuses: `('completed', 'failed', 'retrying', 'cancelled', 'interrupted', 'paused')` },
};

const CORE_TIMEOUT_MS = 3000;

/**
 * Measures what a rule watches, for the rule's brand only (its brand comes from the stored rule), over
 * the rule's window. Null means "no data"; a data source that does not answer throws.
 */
@Injectable()
export class RuleMetricSource {
  constructor(
    private readonly sql: Sql,
    private readonly bus: NatsBus,
    private readonly workers: WorkerService,
    @Inject(MONITORING_CONFIG) private readonly config: MonitoringConfig,
  ) {}

  async measure(rule: AlertRuleRow): Promise<number | null> {
    const brandId = trustedBrandId(rule.brand_id);
    switch (rule.metric) {
      case 'queue_depth': {
        const depth = await this.queueDepth(rule);
        return depth.pending + depth.retrying;
      }
      case 'oldest_pending_age_s':
        return (await this.queueDepth(rule)).oldest_pending_age_seconds ?? 0;
      case 'workers_online':
        return this.workers.onlineCount(rule.task_type);
      case 'stalled_tasks':
        return this.stalledTasks(brandId, rule);
      default:
        return this.windowAggregate(brandId, rule.metric, rule);
    }
  }

  private async windowAggregate(brandId: BrandId, metric: WindowMetric, rule: AlertRuleRow): Promise<number | null> {
    const { value, statuses } = WINDOW_AGGREGATES[metric];
    const row = await this.sql.one<{ value: number | null }>(
      `SELECT ${value} AS value FROM task_monitoring.execution_metric
       WHERE brand_id = $1 AND recorded_at >= now() - make_interval(mins => $2) AND ($3::text IS NULL OR task_type = $3)
         AND status IN ${statuses}`,
      [brandId, rule.window_minutes, rule.task_type],
    );
    return row?.value ?? null;
  }

  /** Running attempts whose worker stopped heartbeating (stale, offline, gone) or that run longer than the window. */
  private async stalledTasks(brandId: BrandId, rule: AlertRuleRow): Promise<number> {
    const row = await this.sql.one<{ n: number }>(
      `SELECT count(*)::int AS n
       FROM task_monitoring.execution_metric m
       LEFT JOIN task_monitoring.worker w ON w.worker_id = m.worker_id
       WHERE m.brand_id = $1 AND m.status = 'running' AND ($3::text IS NULL OR m.task_type = $3)
         AND (m.started_at < now() - make_interval(mins => $2)
              OR w.worker_id IS NULL OR w.state = 'stopped' OR w.last_seen < now() - make_interval(secs => $4))`,
      [brandId, rule.window_minutes, rule.task_type, this.config.workers.staleAfterSeconds],
    );
    return row?.n ?? 0;
  }

  /** task-core answers for the rule's brand, asked as the rule's author with read access only. */
  private queueDepth(rule: AlertRuleRow) {
    const actor = onBehalfOf(rule, 'viewer');
    const request = rule.task_type ? { actor, task_type: rule.task_type } : { actor };
    return this.bus.request(CoreSubject.QueueDepth, request, { timeoutMs: CORE_TIMEOUT_MS });
  }
}
