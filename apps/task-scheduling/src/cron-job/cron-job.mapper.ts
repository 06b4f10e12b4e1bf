import { CronJobDto } from '@app/contracts';
import { toIso } from '../common/sql-values';
import { CronJobRow } from './cron-job.repository';

export function toCronJobDto(row: CronJobRow): CronJobDto {
  return {
    id: row.id,
    name: row.name,
    task_type: row.task_type,
    context_data: row.context_data,
    priority: row.priority,
    queue: row.queue,
    schedule_type: row.schedule_type,
    run_at: toIso(row.run_at),
    interval_seconds: row.interval_seconds,
    start_at: toIso(row.start_at),
    status: row.status,
    next_run_at: toIso(row.next_run_at),
    last_run_at: toIso(row.last_run_at),
    total_run_count: row.total_run_count,
    last_task_id: row.last_task_id,
    brand: { id: row.brand_id, name: row.brand_name },
    created_by: { id: row.created_by_id, username: row.created_by_username },
    created_at: toIso(row.created_at) as string,
    updated_at: toIso(row.updated_at) as string,
  };
}
