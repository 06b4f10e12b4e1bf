import { TASK_PRIORITIES, TaskDto, TaskError, TaskEventTask, TaskPriority, TaskStatus } from '@app/contracts';
import { TaskRow } from './task.row';

export function toIso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function priorityName(rank: number): TaskPriority {
  return TASK_PRIORITIES[rank] ?? 'normal';
}

export function priorityRank(name: TaskPriority): number {
  return TASK_PRIORITIES.indexOf(name);
}

export function toTaskDto(row: TaskRow): TaskDto {
  return { ...toEventTask(row), context_data: row.context_data };
}

/** The task as events carry it: without its input (TaskEventTask). */
export function toEventTask(row: Omit<TaskRow, 'context_data'>): TaskEventTask {
  const hasMetrics = row.execution_time_ms !== null;
  const waiting = row.status === 'retrying' || (row.status === 'pending' && row.scheduled_for !== null);
  return {
    id: Number(row.id),
    task_id: row.task_id,
    task_type: row.task_type,
    status: row.status as TaskStatus,
    priority: priorityName(row.priority),
    queue: row.queue,
    progress_percentage: row.progress_percentage,
    progress_message: row.progress_message,
    brand: { id: row.brand_id, name: row.brand_name },
    created_by: { id: row.created_by_id, username: row.created_by_username },
    created_at: toIso(row.created_at) as string,
    scheduled_for: toIso(row.scheduled_for),
    started_at: toIso(row.started_at),
    completed_at: toIso(row.completed_at),
    description: row.description,
    result_data: row.result_data,
    error: row.error as TaskError | null,
    attempts: row.attempts,
    max_retries: row.max_retries,
    timeout_seconds: row.timeout_seconds,
    is_resumable: row.is_resumable,
    is_periodic: row.is_periodic,
    periodic_task_id: row.periodic_task_id,
    persistent_job_id: row.persistent_job_id,
    tags: row.tags,
    idempotency_key: row.idempotency_key,
    cancel_requested: row.cancel_requested,
    worker_id: row.worker_id,
    next_attempt_at: waiting ? toIso(row.run_at) : null,
    metrics: hasMetrics
      ? {
          execution_time_ms: row.execution_time_ms,
          memory_usage_mb: row.memory_usage_mb,
          cpu_time_ms: row.cpu_time_ms,
          cost_usd: row.cost_usd,
        }
      : null,
  };
}
