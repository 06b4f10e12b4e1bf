import { Actor, AlertRuleDto } from '@app/contracts';
import { toIso, toIsoRequired } from '../common/time';
import { AlertRuleRow } from './alert-rule.repository';

export function toAlertRuleDto(row: AlertRuleRow, actor: Actor): AlertRuleDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    metric: row.metric,
    operator: row.operator,
    threshold: row.threshold,
    window_minutes: row.window_minutes,
    task_type: row.task_type,
    severity: row.severity,
    cooldown_minutes: row.cooldown_minutes,
    enabled: row.enabled,
    webhook_url: row.webhook_url === null ? null : actor.role === 'admin' ? row.webhook_url : maskUrl(row.webhook_url),
    evaluation_interval_seconds: row.evaluation_interval_seconds,
    state: row.state,
    last_value: row.last_value,
    last_evaluated_at: toIso(row.last_evaluated_at),
    next_evaluation_at: row.enabled ? toIso(row.next_evaluation_at) : null,
    last_triggered_at: toIso(row.last_triggered_at),
    created_by: { id: row.created_by_id, username: row.created_by_username },
    created_at: toIsoRequired(row.created_at),
    updated_at: toIsoRequired(row.updated_at),
  };
}

/** Webhook URLs often carry a token (Slack, Teams): only admins, who can change them, see them whole. */
export function maskUrl(raw: string): string {
  try {
    return `${new URL(raw).origin}/…`;
  } catch {
    return '…';
  }
}
