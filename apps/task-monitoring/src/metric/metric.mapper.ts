import { ExecutionMetricDto } from '@app/contracts';
import { toIso, toIsoRequired } from '../common/time';
import { MetricRow } from './metric.repository';

export function toMetricDto(row: MetricRow): ExecutionMetricDto {
  return {
    id: Number(row.id),
    task: Number(row.task_pk),
    task_id: row.task_id,
    task_type: row.task_type,
    queue: row.queue,
    attempt: row.attempt,
    status: row.status,
    worker: row.worker_id,
    started_at: toIso(row.started_at),
    finished_at: toIso(row.finished_at),
    execution_time_ms: row.execution_time_ms,
    queue_wait_ms: row.queue_wait_ms,
    memory_usage_mb: row.memory_usage_mb,
    cpu_time_ms: row.cpu_time_ms,
    cost_usd: row.cost_usd,
    flags: row.flags,
    error: row.error_type !== null ? { type: row.error_type, message: row.error_message ?? '' } : null,
    recorded_at: toIsoRequired(row.recorded_at),
  };
}
