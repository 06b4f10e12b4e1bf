import { AlertMetric, CreateAlertRuleBody, FieldErrors, UpdateAlertRuleBody } from '@app/contracts';
import { thresholdProblem } from '../evaluation/evaluation.rules';
import { webhookUrlProblem } from '../webhook/webhook.rules';
import { RuleFields } from './alert-rule.repository';

export type RuleDefaults = { evaluationIntervalSeconds: number };

/** A new rule's fields with the documented defaults filled in. */
export function newRuleFields(body: CreateAlertRuleBody, defaults: RuleDefaults): RuleFields {
  return {
    name: body.name.trim(),
    description: body.description ?? null,
    metric: body.metric,
    operator: body.operator,
    threshold: body.threshold,
    window_minutes: body.window_minutes ?? 5,
    task_type: body.task_type ?? null,
    severity: body.severity ?? 'warning',
    cooldown_minutes: body.cooldown_minutes ?? 15,
    enabled: body.enabled ?? true,
    webhook_url: body.webhook_url ?? null,
    evaluation_interval_seconds: body.evaluation_interval_seconds ?? defaults.evaluationIntervalSeconds,
  };
}

/** A rule after a PATCH: absent fields keep their value, `null` clears the nullable ones. */
export function mergeRuleFields(current: RuleFields, changes: UpdateAlertRuleBody): RuleFields {
  const merged: RuleFields = { ...current };
  for (const [key, value] of Object.entries(changes) as Array<[keyof RuleFields, unknown]>) {
    if (value !== undefined) (merged as Record<keyof RuleFields, unknown>)[key] = key === 'name' ? String(value).trim() : value;
  }
  return merged;
}

/** Checks that hold across fields, and the webhook target; the DTO already checked each field alone. */
export function ruleProblems(rule: RuleFields, options: { allowPrivateWebhooks: boolean }): FieldErrors {
  const errors: FieldErrors = {};
  if (rule.name.length === 0) errors.name = ['name must not be blank'];
  const threshold = thresholdProblem(rule.metric as AlertMetric, rule.threshold);
  if (threshold) errors.threshold = [threshold];
  if (rule.webhook_url) {
    const webhook = webhookUrlProblem(rule.webhook_url, options.allowPrivateWebhooks);
    if (webhook) errors.webhook_url = [webhook];
  }
  return errors;
}

/** Changes that make the last evaluation meaningless: evaluate again at once. */
export function conditionChanged(before: RuleFields, after: RuleFields): boolean {
  return (
    before.metric !== after.metric ||
    before.operator !== after.operator ||
    before.threshold !== after.threshold ||
    before.window_minutes !== after.window_minutes ||
    before.task_type !== after.task_type ||
    (!before.enabled && after.enabled)
  );
}
