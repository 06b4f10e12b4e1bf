import { CheckpointDto, CheckpointState, CheckpointSummaryDto } from '@app/contracts';
import { toIso } from '../job/job.mapper';
import { CheckpointRow } from './checkpoint.row';

export function toCheckpointSummary(row: CheckpointRow): CheckpointSummaryDto {
  return {
    id: Number(row.id),
    job: Number(row.job_id),
    sequence: row.sequence,
    step: row.step,
    task: Number(row.task_pk),
    task_id: row.task_ref,
    attempt: row.attempt,
    worker_id: row.worker_id,
    progress: row.progress,
    size_bytes: row.size_bytes,
    created_at: toIso(row.created_at) as string,
  };
}

export function toCheckpointDto(row: CheckpointRow): CheckpointDto {
  return { ...toCheckpointSummary(row), state: row.state ?? {} };
}

export function toCheckpointState(row: CheckpointRow): CheckpointState {
  return {
    checkpoint_id: Number(row.id),
    sequence: row.sequence,
    state: row.state ?? {},
    created_at: toIso(row.created_at) as string,
  };
}
