import { AlertDto, AlertResolution, WebhookDeliveryDto } from '@app/contracts';
import { toIso, toIsoRequired } from '../common/time';
import { WebhookDeliveryRow } from '../webhook/webhook-delivery.repository';
import { AlertRow } from './alert.repository';

export function toAlertDto(row: AlertRow): AlertDto {
  return {
    id: Number(row.id),
    rule: row.rule_id !== null ? { id: row.rule_id, name: row.current_rule_name ?? row.rule_name } : null,
    rule_name: row.rule_name,
    metric: row.metric,
    operator: row.operator,
    threshold: row.threshold,
    window_minutes: row.window_minutes,
    task_type: row.task_type,
    severity: row.severity,
    status: row.status,
    value: row.value,
    current_value: row.current_value,
    message: row.message,
    triggered_at: toIsoRequired(row.triggered_at),
    last_evaluated_at: toIsoRequired(row.last_evaluated_at),
    acknowledged_at: toIso(row.acknowledged_at),
    acknowledged_by: row.acknowledged_by_id !== null ? { id: row.acknowledged_by_id, username: row.acknowledged_by_username ?? '' } : null,
    resolved_at: toIso(row.resolved_at),
    resolved_by: row.resolved_by_id !== null ? { id: row.resolved_by_id, username: row.resolved_by_username ?? '' } : null,
    resolution: row.resolution as AlertResolution | null,
  };
}

export function toDeliveryDto(row: WebhookDeliveryRow): WebhookDeliveryDto {
  return {
    id: Number(row.id),
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    next_attempt_at: row.status === 'pending' ? toIso(row.next_attempt_at) : null,
    delivered_at: toIso(row.delivered_at),
    created_at: toIsoRequired(row.created_at),
  };
}
