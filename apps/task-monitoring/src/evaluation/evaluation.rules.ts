import { AlertMetric, AlertOperator } from '@app/contracts';

export function compare(value: number, operator: AlertOperator, threshold: number): boolean {
  switch (operator) {
    case 'gt':
      return value > threshold;
    case 'gte':
      return value >= threshold;
    case 'lt':
      return value < threshold;
    case 'lte':
      return value <= threshold;
  }
}

/**
 * Whether a condition holds. No data (null) never holds: a failure rate over no executions is not a
 * failure rate of zero, and a rule on it should neither fire nor stay firing.
 */
export function conditionHolds(value: number | null, operator: AlertOperator, threshold: number): boolean {
  return value !== null && Number.isFinite(value) && compare(value, operator, threshold);
}

export type Decision =
  /** open a new alert */
  | 'trigger'
  /** the open alert stays open, with the latest value */
  | 'firing'
  /** the open alert resolves itself */
  | 'resolve'
  /** the condition holds but the rule fired less than cooldown_minutes ago */
  | 'cooldown'
  /** nothing to do */
  | 'ok';

export function decide(input: {
  holds: boolean;
  hasOpenAlert: boolean;
  lastTriggeredAt: Date | null;
  cooldownMinutes: number;
  now: Date;
}): Decision {
  if (input.hasOpenAlert) return input.holds ? 'firing' : 'resolve';
  if (!input.holds) return 'ok';
  const cooldownEnds = input.lastTriggeredAt ? input.lastTriggeredAt.getTime() + input.cooldownMinutes * 60_000 : 0;
  return input.now.getTime() < cooldownEnds ? 'cooldown' : 'trigger';
}

/** Metrics measured at the moment of evaluation; the window does not apply to them. */
export const INSTANT_METRICS: readonly AlertMetric[] = ['queue_depth', 'oldest_pending_age_s', 'workers_online'];

/** Checks a threshold against its metric's range; returns the problem, or null. */
export function thresholdProblem(metric: AlertMetric, threshold: number): string | null {
  if (metric === 'failure_rate' && (threshold < 0 || threshold > 1)) return 'failure_rate is a ratio: the threshold must be between 0 and 1';
  if (threshold < 0) return `${metric} is never negative: the threshold must be 0 or more`;
  return null;
}

const OPERATOR_SIGN: Record<AlertOperator, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };

/** The one-line message of an alert, e.g. "failure_rate 0.75 > 0.5 over 5 min (task_type fail)". */
export function describeCondition(rule: {
  metric: AlertMetric;
  operator: AlertOperator;
  threshold: number;
  window_minutes: number;
  task_type: string | null;
}, value: number | null): string {
  const shown = value === null ? 'no data' : String(Math.round(value * 10_000) / 10_000);
  const window = INSTANT_METRICS.includes(rule.metric) ? 'now' : `over ${rule.window_minutes} min`;
  const scope = rule.task_type ? ` (task_type ${rule.task_type})` : '';
  return `${rule.metric} ${shown} ${OPERATOR_SIGN[rule.operator]} ${rule.threshold} ${window}${scope}`;
}
