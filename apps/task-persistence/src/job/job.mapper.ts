import { JobDto, JobStatus, TASK_PRIORITIES, TaskError, TaskPriority } from '@app/contracts';
import { JobRow } from './job.row';
import { canResume, doneFraction, etaSeconds } from './job.rules';

export function toIso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function toDate(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(value);
}

export function toJobDto(row: JobRow, now: Date = new Date()): JobDto {
  const fraction = row.status === 'completed' ? 1 : doneFraction(row);
  const running = row.status === 'running' || row.status === 'pausing';
  return {
    id: Number(row.id),
    task_type: row.task_type,
    description: row.description,
    status: row.status as JobStatus,
    priority: (TASK_PRIORITIES.includes(row.priority as TaskPriority)
      ? row.priority
      : 'normal') as TaskPriority,
    queue: row.queue,
    context_data: row.context_data,
    auto_resume: row.auto_resume,
    max_resumes: row.max_resumes,
    checkpoint_retention: row.checkpoint_retention,
    max_retries: row.max_retries,
    timeout_seconds: row.timeout_seconds,
    tags: row.tags,
    idempotency_key: row.idempotency_key,
    progress: {
      current_step: row.current_step,
      total_steps: row.total_steps,
      percentage: row.status === 'completed' ? 100 : Math.round(row.percentage * 100) / 100,
      message: row.progress_message,
      items_processed: row.items_processed,
      items_total: row.items_total,
      // Only a job that is moving has an ETA; a paused or interrupted one has none.
      eta_seconds:
        fraction === 1
          ? 0
          : running
            ? etaSeconds(fraction, row.progress_rate, toDate(row.progress_at), now)
            : null,
    },
    checkpoint_count: row.checkpoint_count,
    last_checkpoint_at: toIso(row.last_checkpoint_at),
    resume_count: row.resume_count,
    is_resumable: canResume(row),
    task: row.task_pk === null ? null : Number(row.task_pk),
    task_id: row.task_ref,
    attempts: row.task_attempt,
    result_data: row.result_data,
    error: row.error as TaskError | null,
    brand: { id: row.brand_id, name: row.brand_name },
    created_by: { id: row.created_by_id, username: row.created_by_username },
    created_at: toIso(row.created_at) as string,
    updated_at: toIso(row.updated_at) as string,
    started_at: toIso(row.started_at),
    completed_at: toIso(row.completed_at),
  };
}
