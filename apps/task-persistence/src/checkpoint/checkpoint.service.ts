import {
  Actor,
  CheckpointDto,
  CheckpointSummaryDto,
  ErrorCode,
  FieldErrors,
  JobProgress,
  LatestCheckpointResponse,
  ListCheckpointsQuery,
  MAX_CHECKPOINT_BYTES,
  Page,
  SaveCheckpointRequest,
  SaveCheckpointResponse,
} from '@app/contracts';
import { AppError, pageWindow, parseOrdering, Sql } from '@app/platform';
import { brandOf, trustedBrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { CoreTaskClient } from '../job/core-task.client';
import { toDate } from '../job/job.mapper';
import { JobRepository } from '../job/job.repository';
import { JobRow } from '../job/job.row';
import { CHECKPOINT_ORDERING, doneFraction, nextRate, percentageOf } from '../job/job.rules';
import { toCheckpointDto, toCheckpointState, toCheckpointSummary } from './checkpoint.mapper';
import { CheckpointRepository, JobProgressUpdate } from './checkpoint.repository';

@Injectable()
export class CheckpointService {
  constructor(
    private readonly checkpoints: CheckpointRepository,
    private readonly jobs: JobRepository,
    private readonly core: CoreTaskClient,
    private readonly sql: Sql,
  ) {}

  /**
   * `ctx.checkpoint(state)`: refused when too large or when the attempt no longer owns its task (a zombie
   * worker); otherwise committed, with the job's progress and the retention, before the answer leaves.
   */
  async save(r: SaveCheckpointRequest): Promise<SaveCheckpointResponse> {
    const stateJson = JSON.stringify(r.state);
    const sizeBytes = Buffer.byteLength(stateJson, 'utf8');
    if (sizeBytes > MAX_CHECKPOINT_BYTES) {
      throw new AppError(
        ErrorCode.CheckpointTooLarge,
        `Checkpoint state is ${sizeBytes} bytes of JSON; the limit is ${MAX_CHECKPOINT_BYTES}`,
        {
          state: [`Must serialize to at most ${MAX_CHECKPOINT_BYTES} bytes of JSON`],
        },
      );
    }
    const fence = await this.core.fence(r.task_id, r.attempt, r.worker_id);
    if (!fence.valid) throw leaseLost(r);
    // Workers serve every brand: the brand comes with the task they claimed.
    const brandId = trustedBrandId(r.brand_id);
    const saved = await this.sql.transaction(async (tx) => {
      const job = await this.jobs.lock(brandId, r.job_id, tx);
      if (!job) throw new AppError(ErrorCode.JobNotFound, 'Persistent job not found');
      if (job.task_pk !== null && Number(job.task_pk) !== r.task_id) {
        throw new AppError(
          ErrorCode.JobNotFound,
          `Task ${r.task_id} does not back persistent job ${r.job_id}`,
        );
      }
      // The fence and this write are not atomic: a newer attempt that already wrote (or started) wins.
      if (
        job.task_attempt > r.attempt ||
        (await this.checkpoints.latestAttempt(brandId, r.job_id, tx)) > r.attempt
      )
        throw leaseLost(r);
      const sequence = job.checkpoint_count + 1;
      const checkpoint = {
        jobId: r.job_id,
        sequence,
        taskPk: r.task_id,
        taskRef: job.task_ref,
        attempt: r.attempt,
        workerId: r.worker_id,
        step: r.step ?? null,
        stateJson,
        sizeBytes,
        progress: r.progress ?? null,
      };
      return this.checkpoints.insert(
        brandId,
        checkpoint,
        job.checkpoint_retention,
        progressUpdate(job, r.progress, r.attempt),
        tx,
      );
    });
    return {
      checkpoint_id: Number(saved.id),
      sequence: saved.sequence,
      pause_requested: fence.pause_requested,
      cancel_requested: fence.cancel_requested,
    };
  }

  /** The state a resumed attempt starts from (`ctx.lastCheckpoint`). */
  async latest(brandIdValue: number, jobId: number): Promise<LatestCheckpointResponse> {
    const row = await this.checkpoints.latest(trustedBrandId(brandIdValue), jobId);
    return { checkpoint: row ? toCheckpointState(row) : null };
  }

  async get(actor: Actor, id: number): Promise<CheckpointDto> {
    const row = await this.checkpoints.findById(brandOf(actor), id);
    if (!row) throw new AppError(ErrorCode.CheckpointNotFound, 'Checkpoint not found or access denied');
    return toCheckpointDto(row);
  }

  async list(actor: Actor, query: ListCheckpointsQuery): Promise<Page<CheckpointSummaryDto>> {
    const errors: FieldErrors = {};
    const ordering = parseOrdering(query.ordering, CHECKPOINT_ORDERING, '-id', errors);
    if (Object.keys(errors).length > 0) throw AppError.validation(errors);
    const { page, pageSize } = pageWindow(query);
    const numericTask = query.task !== undefined && /^\d+$/.test(query.task);
    const { count, rows } = await this.checkpoints.list(brandOf(actor), {
      page,
      pageSize,
      ordering,
      filters: {
        jobId: query.job,
        taskPk: numericTask ? Number(query.task) : undefined,
        taskRef: numericTask ? undefined : query.task,
      },
    });
    return { count, page, page_size: pageSize, results: rows.map(toCheckpointSummary) };
  }
}

function leaseLost(r: SaveCheckpointRequest): AppError {
  return new AppError(
    ErrorCode.LeaseLost,
    `Attempt ${r.attempt} of task ${r.task_id} no longer owns it: checkpoint refused`,
  );
}

/** The job's progress after a checkpoint that reports some (fields it leaves out keep their value). */
function progressUpdate(job: JobRow, p: JobProgress | undefined, attempt: number): JobProgressUpdate | null {
  if (!p) return null;
  const merged = {
    current_step: p.current_step ?? job.current_step,
    total_steps: p.total_steps ?? job.total_steps,
    items_processed: p.items_processed ?? job.items_processed,
    items_total: p.items_total ?? job.items_total,
    percentage: p.percentage ?? null,
  };
  const fraction = doneFraction(merged);
  const percentage = percentageOf(p.percentage, fraction);
  const at = new Date();
  const previous = {
    fraction: job.progress_fraction,
    at: toDate(job.progress_at),
    attempt: job.progress_attempt,
    rate: job.progress_rate,
  };
  return {
    currentStep: p.current_step ?? null,
    totalSteps: p.total_steps ?? null,
    percentage,
    message: p.message ?? null,
    itemsProcessed: p.items_processed ?? null,
    itemsTotal: p.items_total ?? null,
    fraction,
    rate: nextRate(previous, fraction, at, attempt),
    at,
    attempt,
  };
}
