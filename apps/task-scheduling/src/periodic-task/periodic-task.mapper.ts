import { PeriodicRunDto, PeriodicTaskDto } from '@app/contracts';
import { compiledCron } from '../common/compiled-cron';
import { toIso } from '../common/sql-values';
import { PeriodicRunRow } from './periodic-run.repository';
import { PeriodicTaskRow } from './periodic-task.repository';

export function describeCron(expression: string, timezone: string): string {
  try {
    return compiledCron(expression, timezone).description;
  } catch {
    // Stored expressions were valid when saved; a zone later removed from ICU must not break reads.
    return expression;
  }
}

export function toPeriodicTaskDto(row: PeriodicTaskRow): PeriodicTaskDto {
  return {
    id: row.id,
    name: row.name,
    task_type: row.task_type,
    cron_expression: row.cron_expression,
    timezone: row.timezone,
    description: describeCron(row.cron_expression, row.timezone),
    context_data: row.context_data,
    priority: row.priority,
    queue: row.queue,
    max_retries: row.max_retries,
    timeout_seconds: row.timeout_seconds,
    enabled: row.enabled,
    start_at: toIso(row.start_at),
    end_at: toIso(row.end_at),
    max_runs: row.max_runs,
    calendar: row.calendar_id,
    calendar_mode: row.calendar_mode,
    misfire_policy: row.misfire_policy,
    overlap_policy: row.overlap_policy,
    next_run_at: toIso(row.next_run_at),
    last_run_at: toIso(row.last_run_at),
    total_run_count: row.total_run_count,
    last_task_id: row.last_task_id,
    last_task_status: row.last_task_status,
    brand: { id: row.brand_id, name: row.brand_name },
    created_by: { id: row.created_by_id, username: row.created_by_username },
    created_at: toIso(row.created_at) as string,
    updated_at: toIso(row.updated_at) as string,
  };
}

export function toPeriodicRunDto(row: PeriodicRunRow): PeriodicRunDto {
  return {
    id: Number(row.id),
    periodic_task_id: row.periodic_task_id,
    trigger: row.trigger,
    scheduled_for: toIso(row.scheduled_for) as string,
    fired_at: toIso(row.fired_at),
    status: row.status,
    reason: row.reason,
    task_id: row.task_id,
    task_status: row.task_status,
    error: row.error,
  };
}
