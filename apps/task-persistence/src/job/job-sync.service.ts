import { CoreEvent, ErrorCode, TaskDto, TaskEvent, TaskEventTask } from '@app/contracts';
import { AppError, AppLogger, Sql } from '@app/platform';
import { trustedBrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { CoreTaskClient } from './core-task.client';
import { toDate } from './job.mapper';
import { JobRepository, JobTaskUpdate } from './job.repository';
import { JobRow } from './job.row';
import { autoResumeDue, doneFraction, isNewer, nextRate } from './job.rules';

/**
 * Keeps each job in step with its task: creates the task (idempotently), applies the task's events and
 * the answers of commands sent to task-core, and resumes interrupted jobs by themselves.
 */
@Injectable()
export class JobSyncService {
  private readonly logger = new AppLogger(JobSyncService.name);

  constructor(
    private readonly jobs: JobRepository,
    private readonly sql: Sql,
    private readonly core: CoreTaskClient,
  ) {}

  /**
   * Creates the job's task, or finds the one an earlier call created (same idempotency key). When
   * task-core does not answer (or fails), the job keeps no task for now and the reconciler tries again.
   * When task-core refuses the task for good, a job just created is removed (the caller gets the error)
   * and an older one is marked failed.
   */
  async ensureTask(job: JobRow, options: { justCreated?: boolean } = {}): Promise<JobRow> {
    const brandId = trustedBrandId(job.brand_id);
    try {
      const { task } = await this.core.createTask(job);
      return (
        (await this.jobs.attachTask(brandId, Number(job.id), task)) ??
        (await this.jobs.findById(brandId, Number(job.id))) ??
        job
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== ErrorCode.ValidationFailed) {
        this.logger.warn('task of job not created yet, will retry', { job_id: job.id, err: error });
        return job;
      }
      if (options.justCreated) {
        await this.jobs.deleteWithoutTask(brandId, Number(job.id));
        throw error;
      }
      return (await this.jobs.failWithoutTask(brandId, Number(job.id), error.detail)) ?? job;
    }
  }

  /** Applies one task event to its job, once per event id, ignoring events older than the job's state. */
  async applyEvent(subject: CoreEvent, event: TaskEvent): Promise<void> {
    const jobId = event.task.persistent_job_id;
    if (!jobId) return;
    const brandId = trustedBrandId(event.brand_id);
    const mark = { attempt: event.attempt, at: new Date(event.occurred_at) };
    const applied = await this.sql.transaction(async (tx) => {
      // Progress events, the bulk of them, are idempotent by their time alone: their ids are not kept.
      const isProgress = subject === CoreEvent.TaskProgressed;
      if (!isProgress && !(await this.jobs.markEventProcessed(event.event_id, tx))) return null;
      const job = await this.jobs.lock(brandId, jobId, tx);
      if (!job || (job.task_pk !== null && Number(job.task_pk) !== event.task.id)) return null;
      if (!isNewer(mark, { attempt: job.task_attempt, at: toDate(job.task_event_at) })) return null;
      const update: JobTaskUpdate = {
        attempt: event.attempt,
        eventAt: mark.at,
        task: event.task,
        resumed: false,
      };
      if (isProgress) update.progress = progressFromTask(job, event.task, mark);
      return this.jobs.applyTask(brandId, jobId, update, tx);
    });
    if (applied && autoResumeDue(applied)) await this.autoResume(applied);
  }

  /**
   * Writes the answer of a command task-core carried out at once (resume, pause or cancel of a waiting
   * task). An answer older than an attempt the job already saw (a fast worker) changes nothing but the count.
   */
  async applyCommandResult(job: JobRow, task: TaskDto, options: { resumed: boolean }): Promise<JobRow> {
    const brandId = trustedBrandId(job.brand_id);
    return this.sql.transaction(async (tx) => {
      const locked = (await this.jobs.lock(brandId, Number(job.id), tx)) ?? job;
      if (task.attempts < locked.task_attempt) {
        return options.resumed
          ? ((await this.jobs.countResume(brandId, Number(job.id), tx)) ?? locked)
          : locked;
      }
      return this.jobs.applyTask(
        brandId,
        Number(job.id),
        { attempt: task.attempts, eventAt: null, task, resumed: options.resumed },
        tx,
      );
    });
  }

  /** Re-queues the job's task (from its last checkpoint) and counts the resume. */
  async resume(job: JobRow): Promise<JobRow> {
    let task: TaskDto;
    try {
      task = await this.core.resume(job);
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.TaskNotResumable) {
        throw new AppError(
          ErrorCode.JobNotResumable,
          `The job's task cannot be resumed now: ${error.detail}`,
        );
      }
      throw error;
    }
    return this.applyCommandResult(job, task, { resumed: true });
  }

  /**
   * Resumes an interrupted job that has automatic resumes left. Safe to repeat: task-core re-queues an
   * interrupted task once, and a second call finds it no longer interrupted. When task-core does not
   * answer, the reconciler tries again.
   */
  async autoResume(job: JobRow): Promise<void> {
    if (!autoResumeDue(job) || job.task_pk === null) return;
    try {
      await this.resume(job);
      this.logger.info('interrupted job resumed automatically', {
        job_id: job.id,
        resume_count: job.resume_count + 1,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.JobNotResumable) return;
      this.logger.warn('automatic resume failed, will retry', { job_id: job.id, err: error });
    }
  }
}

/**
 * Progress a task reports with `ctx.progress(pct, message)`. It moves the rate only when the job has no
 * finer measure (items or steps from its checkpoints).
 */
function progressFromTask(
  job: JobRow,
  task: TaskEventTask,
  mark: { attempt: number; at: Date },
): JobTaskUpdate['progress'] {
  const previousAt = toDate(job.progress_at);
  if (previousAt && previousAt.getTime() > mark.at.getTime()) return undefined;
  const percentage = task.progress_percentage;
  const finer = job.items_total !== null || job.total_steps !== null;
  const previous = {
    fraction: job.progress_fraction,
    at: previousAt,
    attempt: job.progress_attempt,
    rate: job.progress_rate,
  };
  if (finer) return { percentage, message: task.progress_message, ...previous, at: previousAt ?? mark.at };
  const fraction = doneFraction({ percentage });
  return {
    percentage,
    message: task.progress_message,
    fraction,
    rate: nextRate(previous, fraction, mark.at, mark.attempt),
    at: mark.at,
    attempt: mark.attempt,
  };
}
