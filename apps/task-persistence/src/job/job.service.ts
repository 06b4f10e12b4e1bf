import {
  Actor,
  CreateJobBody,
  CreateJobResponse,
  ErrorCode,
  FieldErrors,
  JobDto,
  JobStatus,
  ListJobsQuery,
  Page,
  TASK_TYPE_PATTERN,
  TaskDto,
} from '@app/contracts';
import { allOf, AppError, pageWindow, parseOrdering, parsePatternList, parseQueryBoolean, searchPattern } from '@app/platform';
import { brandOf } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { CoreTaskClient } from './core-task.client';
import { JobSyncService } from './job-sync.service';
import { toJobDto } from './job.mapper';
import { JobListOptions, JobRepository } from './job.repository';
import { JobRow } from './job.row';
import { canResume, FINISHED_STATUSES, JOB_ORDERING, parseJobStatusFilter, PAUSABLE_STATUSES } from './job.rules';

/** Core errors that only say "not in a state for this": anything else (unavailable, internal) passes through. */
const STATE_ERRORS: readonly string[] = [
  ErrorCode.TaskNotPausable,
  ErrorCode.TaskNotCancellable,
  ErrorCode.TaskNotResumable,
  ErrorCode.TaskNotRetryable,
];

/** The REST-facing side of persistent jobs: every method acts for a verified actor in its brand. */
@Injectable()
export class JobService {
  constructor(
    private readonly jobs: JobRepository,
    private readonly sync: JobSyncService,
    private readonly core: CoreTaskClient,
  ) {}

  /** Inserts the job, then creates its resumable task; a repeated idempotency key answers the first job. */
  async create(actor: Actor, body: CreateJobBody): Promise<CreateJobResponse> {
    const { row, created } = await this.jobs.insert(brandOf(actor), actor, body);
    const linked = row.task_pk === null ? await this.sync.ensureTask(row, { justCreated: created }) : row;
    return { created, job: toJobDto(linked) };
  }

  async get(actor: Actor, id: number): Promise<JobDto> {
    return toJobDto(await this.getRow(actor, id));
  }

  async list(
    actor: Actor,
    query: ListJobsQuery,
    options: { resumableOnly?: boolean } = {},
  ): Promise<Page<JobDto>> {
    const listOptions = this.listOptions(query, options.resumableOnly ?? false);
    const { count, rows } = await this.jobs.list(brandOf(actor), listOptions);
    const now = new Date();
    return {
      count,
      page: listOptions.page,
      page_size: listOptions.pageSize,
      results: rows.map((r) => toJobDto(r, now)),
    };
  }

  /** Cooperative: a running job stops at its next checkpoint (`pausing` until then); a waiting one at once. */
  async pause(actor: Actor, id: number): Promise<JobDto> {
    const job = await this.getRow(actor, id);
    if (job.status === 'pausing') return toJobDto(job);
    if (!PAUSABLE_STATUSES.includes(job.status as JobStatus)) {
      throw new AppError(ErrorCode.JobNotPausable, `A ${job.status} job cannot be paused`);
    }
    const linked = await this.withTask(job);
    const task = await this.onTask(() => this.core.pause(linked), ErrorCode.JobNotPausable);
    if (task.status === 'running')
      return toJobDto((await this.jobs.markPauseRequested(brandOf(actor), id)) ?? linked);
    return toJobDto(await this.sync.applyCommandResult(linked, task, { resumed: false }));
  }

  /** Re-queues an interrupted, paused, or failed-with-a-checkpoint job: its handler starts from the last checkpoint. */
  async resume(actor: Actor, id: number): Promise<JobDto> {
    const job = await this.getRow(actor, id);
    if (!canResume(job) || job.task_pk === null) {
      const why = job.status === 'failed' ? 'a failed job without any checkpoint' : `a ${job.status} job`;
      throw new AppError(
        ErrorCode.JobNotResumable,
        `Only interrupted, paused, or failed jobs with a checkpoint can be resumed (this is ${why})`,
      );
    }
    return toJobDto(await this.sync.resume(job));
  }

  /** A waiting job is cancelled at once; a running one when its handler sees the abort. */
  async cancel(actor: Actor, id: number): Promise<JobDto> {
    const job = await this.getRow(actor, id);
    if (FINISHED_STATUSES.includes(job.status as JobStatus)) {
      throw new AppError(ErrorCode.JobNotCancellable, `A ${job.status} job cannot be cancelled`);
    }
    const linked = await this.withTask(job);
    const task = await this.onTask(() => this.core.cancel(linked), ErrorCode.JobNotCancellable);
    if (task.status !== 'cancelled') return toJobDto(linked);
    return toJobDto(await this.sync.applyCommandResult(linked, task, { resumed: false }));
  }

  private async getRow(actor: Actor, id: number): Promise<JobRow> {
    const row = await this.jobs.findById(brandOf(actor), id);
    // Another brand's job answers exactly like a missing one.
    if (!row) throw new AppError(ErrorCode.JobNotFound, 'Persistent job not found or access denied');
    return row;
  }

  /** The job with its task: created now if an earlier attempt did not get that far. */
  private async withTask(job: JobRow): Promise<JobRow> {
    const linked = job.task_pk === null ? await this.sync.ensureTask(job) : job;
    if (linked.task_pk === null)
      throw new AppError(ErrorCode.ServiceUnavailable, 'The job is still being set up; try again shortly');
    return linked;
  }

  /** Runs a command on the job's task; task-core's "wrong state" answer becomes the job's error code. */
  private async onTask(command: () => Promise<TaskDto>, code: ErrorCode): Promise<TaskDto> {
    try {
      return await command();
    } catch (error) {
      if (error instanceof AppError && STATE_ERRORS.includes(error.code))
        throw new AppError(code, error.detail);
      throw error;
    }
  }

  private listOptions(query: ListJobsQuery, resumableOnly: boolean): JobListOptions {
    const errors: FieldErrors = {};
    const { page, pageSize } = pageWindow(query);
    const options: JobListOptions = {
      page,
      pageSize,
      ordering: parseOrdering(query.ordering, JOB_ORDERING, '-created_at', errors),
      filters: {
        statuses: allOf(parseJobStatusFilter(query.status, errors), parseJobStatusFilter(query.status__in, errors, 'status__in')),
        taskTypes: allOf(
          parsePatternList('task_type', query.task_type, TASK_TYPE_PATTERN, errors),
          parsePatternList('task_type__in', query.task_type__in, TASK_TYPE_PATTERN, errors),
        ),
        search: searchPattern(query.search),
        autoResume: parseQueryBoolean(query.auto_resume),
        createdGte: query.created_at__gte,
        createdLte: query.created_at__lte,
        resumableOnly,
      },
    };
    if (Object.keys(errors).length > 0) throw AppError.validation(errors);
    return options;
  }
}
