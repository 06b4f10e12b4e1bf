import {
  Actor,
  ErrorCode,
  EXECUTION_FLAGS,
  EXECUTION_STATUSES,
  ExecutionFlag,
  ExecutionMetricDto,
  FieldErrors,
  ListMetricsQuery,
  Page,
  QUEUE_PATTERN,
  TASK_TYPE_PATTERN,
  WORKER_ID_PATTERN,
} from '@app/contracts';
import { allOf, AppError, nullable, OrderingColumn, pageWindow, parseEnumList, parseOrdering, parsePatternList } from '@app/platform';
import { brandOf } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { toMetricDto } from './metric.mapper';
import { searchTerms } from './metric.rules';
import { MetricListOptions, MetricRepository } from './metric.repository';

/** Fields a client may order metrics by, mapped to SQL columns (nullable ones sort their nulls last). */
const METRIC_ORDERING: Record<string, OrderingColumn> = {
  id: 'm.id',
  recorded_at: 'm.recorded_at',
  started_at: nullable('m.started_at'),
  finished_at: nullable('m.finished_at'),
  execution_time_ms: nullable('m.execution_time_ms'),
  queue_wait_ms: nullable('m.queue_wait_ms'),
  memory_usage_mb: nullable('m.memory_usage_mb'),
  cpu_time_ms: nullable('m.cpu_time_ms'),
  cost_usd: nullable('m.cost_usd'),
  attempt: 'm.attempt',
  task_type: 'm.task_type',
  status: 'm.status',
};

@Injectable()
export class MetricService {
  constructor(private readonly metrics: MetricRepository) {}

  async list(actor: Actor, query: ListMetricsQuery): Promise<Page<ExecutionMetricDto>> {
    const brandId = brandOf(actor);
    const term = query.search?.trim().toLowerCase();
    const types = term ? await this.metrics.taskTypes(brandId) : [];
    const options = listOptions(query, term ? searchTerms(term, types) : undefined);
    const { count, rows } = await this.metrics.list(brandId, options);
    return { count, page: options.page, page_size: options.pageSize, results: rows.map(toMetricDto) };
  }

  async get(actor: Actor, id: number): Promise<ExecutionMetricDto> {
    const row = await this.metrics.findById(brandOf(actor), id);
    // Another brand's row answers exactly like a missing one.
    if (!row) throw new AppError(ErrorCode.MetricNotFound, 'Metric not found');
    return toMetricDto(row);
  }
}

function listOptions(query: ListMetricsQuery, search?: { taskTypes: string[]; flags: ExecutionFlag[] }): MetricListOptions {
  const errors: FieldErrors = {};
  const { page, pageSize } = pageWindow(query);
  const options: MetricListOptions = {
    page,
    pageSize,
    ordering: parseOrdering(query.ordering, METRIC_ORDERING, '-recorded_at', errors),
    filters: {
      taskTypes: allOf(
        parsePatternList('task_type', query.task_type, TASK_TYPE_PATTERN, errors),
        parsePatternList('task_type__in', query.task_type__in, TASK_TYPE_PATTERN, errors),
      ),
      statuses: allOf(
        parseEnumList('status', query.status, EXECUTION_STATUSES, errors),
        parseEnumList('status__in', query.status__in, EXECUTION_STATUSES, errors),
      ),
      workers: allOf(
        parsePatternList('worker', query.worker, WORKER_ID_PATTERN, errors),
        parsePatternList('worker__in', query.worker__in, WORKER_ID_PATTERN, errors),
      ),
      queues: allOf(
        parsePatternList('queue', query.queue, QUEUE_PATTERN, errors),
        parsePatternList('queue__in', query.queue__in, QUEUE_PATTERN, errors),
      ),
      flags: parseEnumList('flags', query.flags, EXECUTION_FLAGS, errors),
      taskId: query.task_id,
      search,
      recordedGte: query.recorded_at__gte,
      recordedLte: query.recorded_at__lte,
      executionTimeGte: query.execution_time_ms__gte,
      executionTimeLte: query.execution_time_ms__lte,
      queueWaitGte: query.queue_wait_ms__gte,
      memoryGte: query.memory_usage_mb__gte,
      costGte: query.cost_usd__gte,
    },
  };
  if (Object.keys(errors).length > 0) throw AppError.validation(errors);
  return options;
}
