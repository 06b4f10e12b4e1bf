import {
  Actor,
  BulkCreateTasksResponse,
  CreateTaskBody,
  CreateTaskResponse,
  ErrorCode,
  FieldErrors,
  ListTasksQuery,
  Page,
  QUEUE_PATTERN,
  QueueDepthResponse,
  QueueStatsResponse,
  TASK_TYPE_PATTERN,
  TaskDto,
  TaskOrigin,
} from '@app/contracts';
import { allOf, AppError, pageWindow, parseOrdering, parsePatternList, parseQueryBoolean, searchPattern } from '@app/platform';
import { brandOf } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { OutboxRelay } from '../outbox/outbox.relay';
import { WorkSignal } from '../queue/work-signal';
import { NotBeforeGate } from './not-before';
import { toTaskDto } from './task.mapper';
import { ListOptions, TaskRepository } from './task.repository';
import { TaskRow } from './task.row';
import { parsePriorityFilter, parseStatusFilter, TASK_ORDERING } from './task.rules';

/** What only services send with a bulk create (the gateway never does): see BulkCreateTasksRequest. */
export type BulkInternal = { origins?: TaskOrigin[]; notBefore?: string; answer?: 'full' | 'minimal' };

@Injectable()
export class TaskService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly relay: OutboxRelay,
    private readonly signal: WorkSignal,
    private readonly gate: NotBeforeGate,
  ) {}

  async create(actor: Actor, body: CreateTaskBody, origin?: TaskOrigin): Promise<CreateTaskResponse> {
    const { rows, createdIds } = await this.tasks.insert(brandOf(actor), actor, [{ body, origin }], { bulk: false });
    const row = rows[0];
    const created = createdIds.has(Number(row.id));
    if (created) this.afterInsert([row]);
    return { created, task: toTaskDto(row) };
  }

  /**
   * `origins`, when a service sends them, pair with `bodies` by index (the task's periodic or persistent
   * origin). With `notBefore` (a scheduler sending its pass ahead of the instant), the request is checked
   * now and inserted once the database clock reaches that instant: created_at is never before it.
   */
  async bulkCreate(actor: Actor, bodies: CreateTaskBody[], internal: BulkInternal = {}): Promise<BulkCreateTasksResponse> {
    const { origins, notBefore } = internal;
    if (origins !== undefined && origins.length !== bodies.length) {
      throw AppError.validation({ origins: [`must have one entry per task (${bodies.length}), got ${origins.length}`] });
    }
    if (notBefore !== undefined) await this.gate.waitFor(notBefore);
    const { rows, createdIds } = await this.tasks.insert(
      brandOf(actor),
      actor,
      bodies.map((body, i) => ({ body, origin: origins?.[i] })),
      { bulk: true },
    );
    this.afterInsert(rows.filter((r) => createdIds.has(Number(r.id))));
    if (internal.answer === 'minimal') return { created: createdIds.size, refs: rows.map((r) => ({ id: Number(r.id), task_id: r.task_id })) };
    return { created: createdIds.size, results: rows.map(toTaskDto) };
  }

  async get(actor: Actor, ref: string): Promise<TaskDto> {
    return toTaskDto(await this.getRow(actor, ref));
  }

  async list(actor: Actor, query: ListTasksQuery): Promise<Page<TaskDto>> {
    const options = this.listOptions(query);
    const { count, rows } = await this.tasks.list(brandOf(actor), options);
    return { count, page: options.page, page_size: options.pageSize, results: rows.map(toTaskDto) };
  }

  async retry(actor: Actor, ref: string): Promise<TaskDto> {
    const task = await this.getRow(actor, ref);
    const requeued = await this.tasks.requeue(brandOf(actor), Number(task.id));
    if (!requeued) {
      throw new AppError(ErrorCode.TaskNotRetryable, `Only failed or cancelled tasks can be retried (this one is ${task.status})`);
    }
    this.afterInsert([requeued]);
    return toTaskDto(requeued);
  }

  async cancel(actor: Actor, ref: string): Promise<TaskDto> {
    const task = await this.getRow(actor, ref);
    const brandId = brandOf(actor);
    const cancelled = (await this.tasks.cancelWaiting(brandId, Number(task.id))) ?? (await this.tasks.requestCancel(brandId, Number(task.id)));
    if (!cancelled) {
      throw new AppError(ErrorCode.TaskNotCancellable, `A ${task.status} task cannot be cancelled`);
    }
    if (cancelled.status === 'cancelled') this.relay.notify();
    return toTaskDto(cancelled);
  }

  async pause(actor: Actor, ref: string): Promise<TaskDto> {
    const task = await this.getRow(actor, ref);
    const paused = await this.tasks.pause(brandOf(actor), Number(task.id));
    if (!paused) {
      throw new AppError(ErrorCode.TaskNotPausable, `Only a resumable pending, running or interrupted task can be paused (this one is ${task.status})`);
    }
    if (paused.status === 'paused') this.relay.notify();
    return toTaskDto(paused);
  }

  async resume(actor: Actor, ref: string): Promise<TaskDto> {
    const task = await this.getRow(actor, ref);
    const resumed = await this.tasks.resume(brandOf(actor), Number(task.id));
    if (!resumed) {
      throw new AppError(ErrorCode.TaskNotResumable, `Only a resumable paused, interrupted or failed task can be resumed (this one is ${task.status})`);
    }
    this.afterInsert([resumed]);
    return toTaskDto(resumed);
  }

  async queueStats(actor: Actor): Promise<QueueStatsResponse> {
    return { generated_at: new Date().toISOString(), queues: await this.tasks.queueStats(brandOf(actor)) };
  }

  async queueDepth(actor: Actor, taskType?: string): Promise<QueueDepthResponse> {
    const rows = await this.tasks.queueDepth(brandOf(actor), taskType);
    const depth: QueueDepthResponse = { pending: 0, running: 0, retrying: 0, oldest_pending_age_seconds: null, by_task_type: {} };
    for (const row of rows) {
      if (row.status === 'pending' || row.status === 'running' || row.status === 'retrying') depth[row.status] += row.count;
      if (row.status === 'pending') {
        depth.by_task_type[row.task_type] = (depth.by_task_type[row.task_type] ?? 0) + row.count;
        if (row.oldest !== null) depth.oldest_pending_age_seconds = Math.max(depth.oldest_pending_age_seconds ?? 0, row.oldest);
      }
    }
    return depth;
  }

  private async getRow(actor: Actor, ref: string): Promise<TaskRow> {
    const row = await this.tasks.findByRef(brandOf(actor), ref);
    // Another brand's task answers exactly like a missing one.
    if (!row) throw new AppError(ErrorCode.TaskNotFound, 'Task not found or access denied');
    return row;
  }

  /** After commit: relay the events and wake the workers of each queue that got runnable work. */
  private afterInsert(rows: TaskRow[]): void {
    if (rows.length === 0) return;
    this.relay.notify();
    this.signal.workAvailable(rows);
  }

  private listOptions(query: ListTasksQuery): ListOptions {
    const errors: FieldErrors = {};
    const { page, pageSize } = pageWindow(query);
    const options: ListOptions = {
      page,
      pageSize,
      ordering: parseOrdering(query.ordering, TASK_ORDERING, '-created_at', errors),
      filters: {
        statuses: allOf(parseStatusFilter(query.status, errors), parseStatusFilter(query.status__in, errors, 'status__in')),
        priorities: allOf(
          parsePriorityFilter(query.priority, errors),
          parsePriorityFilter(query.priority__in, errors, 'priority__in'),
        ),
        taskTypes: allOf(
          parsePatternList('task_type', query.task_type, TASK_TYPE_PATTERN, errors),
          parsePatternList('task_type__in', query.task_type__in, TASK_TYPE_PATTERN, errors),
        ),
        queues: allOf(
          parsePatternList('queue', query.queue, QUEUE_PATTERN, errors),
          parsePatternList('queue__in', query.queue__in, QUEUE_PATTERN, errors),
        ),
        search: searchPattern(query.search),
        createdGte: query.created_at__gte,
        createdLte: query.created_at__lte,
        completedGte: query.completed_at__gte,
        completedLte: query.completed_at__lte,
        hasMetrics: parseQueryBoolean(query.has_metrics),
        executionTimeGte: query.execution_time__gte,
        executionTimeLte: query.execution_time__lte,
        isResumable: parseQueryBoolean(query.is_resumable),
        isPeriodic: parseQueryBoolean(query.is_periodic),
        periodicTaskId: query.periodic_task_id,
      },
    };
    if (Object.keys(errors).length > 0) throw AppError.validation(errors);
    return options;
  }
}
