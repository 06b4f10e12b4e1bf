import type {
  AlertMetric,
  AlertOperator,
  AlertSeverity,
  JobStatus,
  TaskPriority,
  TaskStatus,
} from '@app/contracts';

// Runtime copies of the contracts' value lists (the dashboard imports only types from libs/contracts);
// `satisfies` makes the type check fail if a list names a value the contract does not have.
export const TASK_STATUSES = [
  'pending',
  'running',
  'completed',
  'failed',
  'retrying',
  'cancelled',
  'interrupted',
  'paused',
] as const satisfies readonly TaskStatus[];
export const TERMINAL: readonly string[] = [
  'completed',
  'failed',
  'cancelled',
] satisfies readonly TaskStatus[];
export const RETRYABLE: readonly string[] = ['failed', 'cancelled'] satisfies readonly TaskStatus[];
export const CANCELLABLE: readonly string[] = [
  'pending',
  'retrying',
  'running',
  'interrupted',
  'paused',
] satisfies readonly TaskStatus[];
export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const satisfies readonly TaskPriority[];
export const JOB_STATUSES = [
  'pending',
  'running',
  'pausing',
  'paused',
  'retrying',
  'interrupted',
  'completed',
  'failed',
  'cancelled',
] as const satisfies readonly JobStatus[];
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
] as const satisfies readonly AlertMetric[];
export const ALERT_OPERATORS = ['gt', 'gte', 'lt', 'lte'] as const satisfies readonly AlertOperator[];
export const OPERATOR_SIGN: Record<AlertOperator, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const satisfies readonly AlertSeverity[];

/** The reference worker's task types (SPEC §8), offered as suggestions; any valid type may be typed. */
export const KNOWN_TASK_TYPES = ['noop', 'sleep', 'fail', 'seo_keyword_analysis', 'daily_seo_report'];

/** REST collections of the services behind the gateway (trailing slashes, as the API writes them). */
export const JOBS = '/tasks/persistent-jobs/persistent-jobs/';
export const CHECKPOINTS = '/tasks/persistent-jobs/checkpoints/';
export const PERIODIC = '/tasks/scheduled/periodic-tasks/';
export const CRON_JOBS = '/tasks/scheduled/cron-jobs/';
export const CALENDARS = '/tasks/scheduled/calendars/';

export const TASK_TYPE_PATTERN = /^[a-z][a-z0-9_.:-]{0,99}$/;
export const QUEUE_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;

/** Parses a JSON object typed in a text area; the error names the problem. */
export function parseJsonObject(
  text: string,
): { ok: true; value: Record<string, unknown> | undefined } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return { ok: false, error: 'Must be a JSON object: {"key": "value"}' };
    return { ok: true, value: value as Record<string, unknown> };
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${(error as Error).message}` };
  }
}
