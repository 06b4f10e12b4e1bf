import { WorkerDto, WorkerStatus } from '@app/contracts';
import { toIso, toIsoRequired } from '../common/time';
import { WorkerRow } from './worker.repository';
import { utilisation } from './worker.rules';

export type BrandCounts = { processed: number; failed: number; running: number };

export function toWorkerDto(
  row: WorkerRow,
  queues: string[],
  status: WorkerStatus,
  idleWithBacklog: boolean | null,
  counts: BrandCounts,
): WorkerDto {
  return {
    id: row.worker_id,
    hostname: row.hostname,
    pid: row.pid,
    version: row.version,
    task_types: row.task_types,
    queues,
    concurrency: row.concurrency,
    busy_slots: row.busy_slots,
    utilisation: utilisation(row.busy_slots, row.concurrency) ?? 0,
    memory_mb: row.memory_mb,
    started_at: toIsoRequired(row.started_at),
    first_seen: toIsoRequired(row.first_seen),
    last_seen: toIsoRequired(row.last_seen),
    seconds_since_seen: Math.max(0, Math.round(row.seconds_since_seen * 10) / 10),
    status,
    state: row.state,
    idle_with_backlog: idleWithBacklog,
    last_active_at: toIso(row.last_active_at),
    processed: counts.processed,
    failed: counts.failed,
    running: counts.running,
  };
}
