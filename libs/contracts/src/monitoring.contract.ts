// Wire contract of task-monitoring: additive changes only. A breaking change is a new `.v2` subject.
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { BrandScopedRequest, ByIdRequest } from './actor';
import { QueueDepthResponse, TASK_TYPE_PATTERN } from './core.contract';
import { ListQuery, Page, QUERY_BOOLEANS, QueryBoolean } from './pagination';
import { Required } from './required.validator';
import { WORKER_ID_PATTERN } from './work.contract';

export const MonitoringSubject = {
  MetricList: 'monitoring.metric.list',
  MetricGet: 'monitoring.metric.get',
  MetricDashboard: 'monitoring.metric.dashboard',
  WorkerList: 'monitoring.worker.list',
  WorkerGet: 'monitoring.worker.get',
  WorkerOverview: 'monitoring.worker.overview',
  AlertRuleCreate: 'monitoring.alert_rule.create',
  AlertRuleList: 'monitoring.alert_rule.list',
  AlertRuleGet: 'monitoring.alert_rule.get',
  AlertRuleUpdate: 'monitoring.alert_rule.update',
  AlertRuleDelete: 'monitoring.alert_rule.delete',
  AlertList: 'monitoring.alert.list',
  AlertGet: 'monitoring.alert.get',
  AlertAcknowledge: 'monitoring.alert.acknowledge',
  AlertResolve: 'monitoring.alert.resolve',
} as const;

/** Domain events of task-monitoring, published to the JetStream stream `<NATS_NAMESPACE>_events`. */
export const MonitoringEvent = {
  AlertTriggered: 'monitoring.alert.triggered',
  AlertResolved: 'monitoring.alert.resolved',
} as const;
export type MonitoringEvent = (typeof MonitoringEvent)[keyof typeof MonitoringEvent];

// ---------------------------------------------------------------------------------------------------
// Execution metrics
// ---------------------------------------------------------------------------------------------------

/** Status of one execution attempt: the task's status right after that attempt's last event. */
export const EXECUTION_STATUSES = ['running', 'completed', 'failed', 'retrying', 'cancelled', 'interrupted', 'paused'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/**
 * Flags of one attempt. `high_memory`, `slow` and `expensive` come from thresholds the deployment
 * configures; `failed` marks an attempt that threw (final failure or one that will be retried);
 * `retried` an attempt after the first; `timed_out` an attempt aborted by its timeout.
 */
export const EXECUTION_FLAGS = ['high_memory', 'slow', 'expensive', 'retried', 'failed', 'timed_out'] as const;
export type ExecutionFlag = (typeof EXECUTION_FLAGS)[number];

/**
 * Query of `GET /tasks/monitoring/metrics/`. Comma lists are checked by the service; each also takes its
 * `__in` lookup (given both, both apply).
 */
export class ListMetricsQuery extends ListQuery {
  @IsOptional() @IsString() @MaxLength(1000) task_type?: string;
  @IsOptional() @IsString() @MaxLength(1000) task_type__in?: string;
  @IsOptional() @IsString() @MaxLength(200) status?: string;
  @IsOptional() @IsString() @MaxLength(200) status__in?: string;
  /** Worker ids, comma-separated. */
  @IsOptional() @IsString() @MaxLength(2000) worker?: string;
  @IsOptional() @IsString() @MaxLength(2000) worker__in?: string;
  @IsOptional() @IsString() @MaxLength(1000) queue?: string;
  @IsOptional() @IsString() @MaxLength(1000) queue__in?: string;
  /** Rows carrying every listed flag. */
  @IsOptional() @IsString() @MaxLength(200) flags?: string;
  @IsOptional() @IsString() @Matches(/^task_[a-z0-9]{1,40}$/, { message: 'task_id must look like task_…' }) task_id?: string;
  @IsOptional() @IsDateString({ strict: true }) recorded_at__gte?: string;
  @IsOptional() @IsDateString({ strict: true }) recorded_at__lte?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) execution_time_ms__gte?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) execution_time_ms__lte?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) queue_wait_ms__gte?: number;
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0) memory_usage_mb__gte?: number;
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0) cost_usd__gte?: number;
}

export class ListMetricsRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => ListMetricsQuery) query!: ListMetricsQuery;
}

/** One execution attempt of one task. */
export type ExecutionMetricDto = {
  id: number;
  /** task-core's numeric id of the task. */
  task: number;
  task_id: string;
  task_type: string;
  queue: string;
  attempt: number;
  status: ExecutionStatus;
  worker: string | null;
  started_at: string | null;
  finished_at: string | null;
  execution_time_ms: number | null;
  queue_wait_ms: number | null;
  memory_usage_mb: number | null;
  cpu_time_ms: number | null;
  cost_usd: number | null;
  flags: ExecutionFlag[];
  error: { type: string; message: string } | null;
  recorded_at: string;
};

export const DASHBOARD_PERIODS = ['1h', '24h', '7d'] as const;
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];

/** Query of `GET /tasks/monitoring/metrics/dashboard/`. */
export class DashboardQuery {
  @IsOptional() @IsIn(DASHBOARD_PERIODS) period?: DashboardPeriod;
  @IsOptional() @IsString() @Matches(TASK_TYPE_PATTERN, { message: 'task_type must match ^[a-z][a-z0-9_.:-]{0,99}$' })
  task_type?: string;
}

export class DashboardRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => DashboardQuery) query!: DashboardQuery;
}

export type DurationStats = { mean: number | null; p50: number | null; p95: number | null; p99: number | null; max: number | null };

export type TaskTypeBreakdown = {
  task_type: string;
  executions: number;
  completed: number;
  failed: number;
  success_rate: number | null;
  execution_time_ms: { mean: number | null; p95: number | null };
  memory_usage_mb: { mean: number | null; max: number | null };
  cost_usd: number;
};

export type ThroughputBucket = { start: string; completed: number; failed: number; finished: number };

/**
 * The brand's dashboard over a period. Rates are ratios (0–1) over finished attempts (completed,
 * failed, retrying); `failed` counts attempts that threw, whether or not they will be retried.
 */
export type DashboardResponse = {
  period: DashboardPeriod;
  task_type: string | null;
  from: string;
  to: string;
  executions: number;
  status_counts: Record<ExecutionStatus, number>;
  success_rate: number | null;
  failure_rate: number | null;
  throughput_per_minute: number;
  bucket_seconds: number;
  throughput: ThroughputBucket[];
  execution_time_ms: DurationStats;
  queue_wait_ms: { mean: number | null; p95: number | null };
  /**
   * `exact`: percentile_cont over every attempt of the scope (up to 100,000 attempts); `histogram`:
   * beyond that, interpolated from a log histogram of 2 % wide buckets (relative error ≤ 2 %).
   */
  percentile_method: 'exact' | 'histogram';
  memory_usage_mb: { mean: number | null; max: number | null };
  cpu_time_ms: { total: number };
  cost_usd: { total: number; by_task_type: Record<string, number> };
  flag_counts: Record<ExecutionFlag, number>;
  by_task_type: TaskTypeBreakdown[];
  /** From task-core at the time of the call; null when task-core did not answer. */
  queue_depth: QueueDepthResponse | null;
  workers: { online: number; stale: number; offline: number; busy_slots: number; concurrency: number; utilisation: number | null };
  alerts: { open: number; by_severity: Record<AlertSeverity, number>; latest: AlertDto[] };
};

// ---------------------------------------------------------------------------------------------------
// Workers
// ---------------------------------------------------------------------------------------------------

export const WORKER_STATUSES = ['online', 'stale', 'offline'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];

export class ListWorkersQuery extends ListQuery {
  @IsOptional() @IsString() @MaxLength(100) status?: string;
  @IsOptional() @IsString() @MaxLength(100) status__in?: string;
  /** Workers able to run this task type (a worker with no declared types runs every type). */
  @IsOptional() @IsString() @Matches(TASK_TYPE_PATTERN, { message: 'task_type must match ^[a-z][a-z0-9_.:-]{0,99}$' })
  task_type?: string;
  @IsOptional() @IsString() @MaxLength(64) queue?: string;
  @IsOptional() @IsIn(QUERY_BOOLEANS) idle_with_backlog?: QueryBoolean;
}

export class ListWorkersRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => ListWorkersQuery) query!: ListWorkersQuery;
}

export class WorkerRefRequest extends BrandScopedRequest {
  @Matches(WORKER_ID_PATTERN) worker_id!: string;
}

export class WorkerOverviewRequest extends BrandScopedRequest {}

/**
 * A worker as every brand sees it. Workers are shared infrastructure: identity, capacity and liveness
 * are the same for every brand; `processed`, `failed` and `running` count only the asking brand's own
 * attempts on that worker (from its execution metrics), and `queues` shows only the brand's own queue
 * names, so no other brand's work or naming shows through.
 */
export type WorkerDto = {
  id: string;
  hostname: string;
  pid: number;
  version: string;
  task_types: string[];
  /** The worker's queues that the asking brand uses (queue names are brands' own: others are not shown). */
  queues: string[];
  concurrency: number;
  busy_slots: number;
  utilisation: number;
  memory_mb: number;
  started_at: string;
  first_seen: string;
  last_seen: string;
  seconds_since_seen: number;
  status: WorkerStatus;
  /** What the worker said of itself: `stopping` while draining, `stopped` after a clean shutdown. */
  state: 'running' | 'stopping' | 'stopped';
  /** Online, no busy slot and nothing taken for a while although work it can run waits in the brand's queues; null if unknown. */
  idle_with_backlog: boolean | null;
  last_active_at: string | null;
  processed: number;
  failed: number;
  running: number;
};

export type WorkerOverviewResponse = {
  generated_at: string;
  thresholds: { stale_after_seconds: number; offline_after_seconds: number; idle_after_seconds: number };
  totals: { workers: number; online: number; stale: number; offline: number; idle_with_backlog: number };
  capacity: { concurrency: number; busy_slots: number; free_slots: number; utilisation: number | null };
  by_task_type: Array<{
    task_type: string;
    workers_online: number;
    concurrency: number;
    busy_slots: number;
    pending: number;
    processed_24h: number;
    failed_24h: number;
  }>;
  by_queue: Array<{ queue: string; workers_online: number; concurrency: number; busy_slots: number }>;
};

// ---------------------------------------------------------------------------------------------------
// Alert rules
// ---------------------------------------------------------------------------------------------------

/**
 * What a rule watches, for the brand (and its optional task_type) over `window_minutes`:
 * - `failure_rate`: failed ÷ finished attempts (0–1);
 * - `queue_depth`, `oldest_pending_age_s`: waiting tasks and the oldest one's age, from task-core, now;
 * - `mean_execution_time_ms`, `p95_execution_time_ms`, `memory_usage_mb` (peak), `cost_usd` (sum);
 * - `workers_online`: online workers able to run the task type (shared infrastructure), now;
 * - `stalled_tasks`: running attempts whose worker stopped heartbeating, or running longer than the window.
 */
export const ALERT_METRICS = [
  'failure_rate',
  'queue_depth',
  'oldest_pending_age_s',
  'mean_execution_time_ms',
  'p95_execution_time_ms',
  'memory_usage_mb',
  'cost_usd',
  'workers_online',
  'stalled_tasks',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export const ALERT_OPERATORS = ['gt', 'gte', 'lt', 'lte'] as const;
export type AlertOperator = (typeof ALERT_OPERATORS)[number];

/** Ordered low → high. */
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

const NAME_MESSAGE = { message: 'name must be 1-200 characters' };
const WEBHOOK_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true };

/** Present fields may not be null (PATCH semantics: absent = unchanged). */
const NotNullWhenPresent = () => ValidateIf((_: object, value: unknown) => value !== undefined);

/** Body of `POST /tasks/monitoring/alert-rules/`. */
export class CreateAlertRuleBody {
  @Required() @IsString() @MinLength(1, NAME_MESSAGE) @MaxLength(200, NAME_MESSAGE) name!: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @Required() @IsIn(ALERT_METRICS) metric!: AlertMetric;
  @Required() @IsIn(ALERT_OPERATORS) operator!: AlertOperator;
  @Required() @IsNumber({ allowNaN: false, allowInfinity: false }) threshold!: number;
  @IsOptional() @IsInt() @Min(1) @Max(10_080) window_minutes?: number;
  @IsOptional() @IsString() @Matches(TASK_TYPE_PATTERN, { message: 'task_type must match ^[a-z][a-z0-9_.:-]{0,99}$' })
  task_type?: string | null;
  @IsOptional() @IsIn(ALERT_SEVERITIES) severity?: AlertSeverity;
  @IsOptional() @IsInt() @Min(0) @Max(10_080) cooldown_minutes?: number;
  @IsOptional() @IsBoolean() enabled?: boolean;
  @IsOptional() @IsString() @MaxLength(2000) @IsUrl(WEBHOOK_URL, { message: 'webhook_url must be an http(s) URL' })
  webhook_url?: string | null;
  /** How often the rule is evaluated (default from the deployment, ALERT_EVALUATION_INTERVAL_SECONDS). */
  @IsOptional() @IsInt() @Min(5) @Max(3600) evaluation_interval_seconds?: number;
}

/** Body of `PATCH /tasks/monitoring/alert-rules/{id}/`: any subset; `null` clears task_type, webhook_url, description. */
export class UpdateAlertRuleBody {
  @NotNullWhenPresent() @IsString() @MinLength(1, NAME_MESSAGE) @MaxLength(200, NAME_MESSAGE) name?: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string | null;
  @NotNullWhenPresent() @IsIn(ALERT_METRICS) metric?: AlertMetric;
  @NotNullWhenPresent() @IsIn(ALERT_OPERATORS) operator?: AlertOperator;
  @NotNullWhenPresent() @IsNumber({ allowNaN: false, allowInfinity: false }) threshold?: number;
  @NotNullWhenPresent() @IsInt() @Min(1) @Max(10_080) window_minutes?: number;
  @IsOptional() @IsString() @Matches(TASK_TYPE_PATTERN, { message: 'task_type must match ^[a-z][a-z0-9_.:-]{0,99}$' })
  task_type?: string | null;
  @NotNullWhenPresent() @IsIn(ALERT_SEVERITIES) severity?: AlertSeverity;
  @NotNullWhenPresent() @IsInt() @Min(0) @Max(10_080) cooldown_minutes?: number;
  @NotNullWhenPresent() @IsBoolean() enabled?: boolean;
  @IsOptional() @IsString() @MaxLength(2000) @IsUrl(WEBHOOK_URL, { message: 'webhook_url must be an http(s) URL' })
  webhook_url?: string | null;
  @NotNullWhenPresent() @IsInt() @Min(5) @Max(3600) evaluation_interval_seconds?: number;
}

export class ListAlertRulesQuery extends ListQuery {
  @IsOptional() @IsString() @MaxLength(500) metric?: string;
  @IsOptional() @IsString() @MaxLength(500) metric__in?: string;
  @IsOptional() @IsString() @MaxLength(100) severity?: string;
  @IsOptional() @IsString() @MaxLength(100) severity__in?: string;
  @IsOptional() @IsIn(QUERY_BOOLEANS) enabled?: QueryBoolean;
  @IsOptional() @IsString() @Matches(TASK_TYPE_PATTERN, { message: 'task_type must match ^[a-z][a-z0-9_.:-]{0,99}$' })
  task_type?: string;
}

export class CreateAlertRuleRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => CreateAlertRuleBody) rule!: CreateAlertRuleBody;
}

export class UpdateAlertRuleRequest extends ByIdRequest {
  @ValidateNested() @Type(() => UpdateAlertRuleBody) changes!: UpdateAlertRuleBody;
}

export class ListAlertRulesRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => ListAlertRulesQuery) query!: ListAlertRulesQuery;
}

export type AlertRuleState = 'ok' | 'firing' | 'unknown';

export type AlertRuleDto = {
  id: number;
  name: string;
  description: string | null;
  metric: AlertMetric;
  operator: AlertOperator;
  threshold: number;
  window_minutes: number;
  task_type: string | null;
  severity: AlertSeverity;
  cooldown_minutes: number;
  enabled: boolean;
  /** Shown in full to admins only (it often embeds a secret); other roles see its origin. */
  webhook_url: string | null;
  evaluation_interval_seconds: number;
  /** `unknown` until the first evaluation (or when the data source did not answer). */
  state: AlertRuleState;
  last_value: number | null;
  last_evaluated_at: string | null;
  next_evaluation_at: string | null;
  last_triggered_at: string | null;
  created_by: { id: number; username: string };
  created_at: string;
  updated_at: string;
};

// ---------------------------------------------------------------------------------------------------
// Alerts
// ---------------------------------------------------------------------------------------------------

/** `active` and `acknowledged` alerts are open: their condition held at the last evaluation. */
export const ALERT_STATUSES = ['active', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ALERT_RESOLUTIONS = ['auto', 'manual', 'rule_disabled', 'rule_deleted'] as const;
export type AlertResolution = (typeof ALERT_RESOLUTIONS)[number];

export class ListAlertsQuery extends ListQuery {
  /** Comma list of statuses, `open` (active + acknowledged, the default) or `all`. */
  @IsOptional() @IsString() @MaxLength(100) status?: string;
  @IsOptional() @IsString() @MaxLength(100) status__in?: string;
  @IsOptional() @IsString() @MaxLength(100) severity?: string;
  @IsOptional() @IsString() @MaxLength(100) severity__in?: string;
  @IsOptional() @Type(() => Number) @IsInt() @IsPositive() rule?: number;
  @IsOptional() @IsString() @MaxLength(500) metric?: string;
  @IsOptional() @IsString() @MaxLength(500) metric__in?: string;
  @IsOptional() @IsDateString({ strict: true }) triggered_at__gte?: string;
  @IsOptional() @IsDateString({ strict: true }) triggered_at__lte?: string;
}

export class ListAlertsRequest extends BrandScopedRequest {
  @ValidateNested() @Type(() => ListAlertsQuery) query!: ListAlertsQuery;
}

export type AlertUserDto = { id: number; username: string };

export type AlertDto = {
  id: number;
  rule: { id: number; name: string } | null;
  rule_name: string;
  metric: AlertMetric;
  operator: AlertOperator;
  threshold: number;
  window_minutes: number;
  task_type: string | null;
  severity: AlertSeverity;
  status: AlertStatus;
  /** The value that opened the alert, then the latest value seen while it is open. */
  value: number | null;
  current_value: number | null;
  message: string;
  triggered_at: string;
  last_evaluated_at: string;
  acknowledged_at: string | null;
  acknowledged_by: AlertUserDto | null;
  resolved_at: string | null;
  resolved_by: AlertUserDto | null;
  resolution: AlertResolution | null;
};

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export type WebhookDeliveryDto = {
  id: number;
  event: MonitoringEvent;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
};

/** `GET alerts/{id}/`: the alert and the webhook deliveries it caused. */
export type AlertDetailDto = AlertDto & { webhook_deliveries: WebhookDeliveryDto[] };

/** Payload of `monitoring.alert.triggered` and `monitoring.alert.resolved` (and of their webhooks). */
export type AlertEvent = { event_id: string; occurred_at: string; brand_id: number; alert: AlertDto };

export type MonitoringContract = {
  requests: {
    [MonitoringSubject.MetricList]: { request: ListMetricsRequest; response: Page<ExecutionMetricDto> };
    [MonitoringSubject.MetricGet]: { request: ByIdRequest; response: ExecutionMetricDto };
    [MonitoringSubject.MetricDashboard]: { request: DashboardRequest; response: DashboardResponse };
    [MonitoringSubject.WorkerList]: { request: ListWorkersRequest; response: Page<WorkerDto> };
    [MonitoringSubject.WorkerGet]: { request: WorkerRefRequest; response: WorkerDto };
    [MonitoringSubject.WorkerOverview]: { request: WorkerOverviewRequest; response: WorkerOverviewResponse };
    [MonitoringSubject.AlertRuleCreate]: { request: CreateAlertRuleRequest; response: AlertRuleDto };
    [MonitoringSubject.AlertRuleList]: { request: ListAlertRulesRequest; response: Page<AlertRuleDto> };
    [MonitoringSubject.AlertRuleGet]: { request: ByIdRequest; response: AlertRuleDto };
    [MonitoringSubject.AlertRuleUpdate]: { request: UpdateAlertRuleRequest; response: AlertRuleDto };
    [MonitoringSubject.AlertRuleDelete]: { request: ByIdRequest; response: { deleted: true } };
    [MonitoringSubject.AlertList]: { request: ListAlertsRequest; response: Page<AlertDto> };
    [MonitoringSubject.AlertGet]: { request: ByIdRequest; response: AlertDetailDto };
    [MonitoringSubject.AlertAcknowledge]: { request: ByIdRequest; response: AlertDto };
    [MonitoringSubject.AlertResolve]: { request: ByIdRequest; response: AlertDto };
  };
  events: { [E in MonitoringEvent]: AlertEvent };
};
