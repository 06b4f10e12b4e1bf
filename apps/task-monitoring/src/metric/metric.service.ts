import {
  Actor,
  DEFAULT_PAGE_SIZE,
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
import { AppError } from '@app/platform';
import { brandOf } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { parseEnumList, parseOrdering, parsePatternList } from '../common/list-query.rules';
import { toMetricDto } from './metric.mapper';
import { searchTerms } from './metric.rules';
import { MetricListOptions, MetricRepository } from './metric.repository';

/** Fields a client may order metrics by, mapped to SQL columns. */
const METRIC_ORDERING: Record<string, string> = {
  id: 'm.id',
  recorded_at: 'm.recorded_at',
  started_at: 'm.started_at',
  finished_at: 'm.finished_at',
  execution_time_ms: 'm.execution_time_ms',
  queue_wait_ms: 'm.queue_wait_ms',
  memory_usage_mb: 'm.memory_usage_mb',
  cpu_time_ms: 'm.cpu_time_ms',
  cost_usd: 'm.cost_usd',
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
  const { column, desc } = parseOrdering(query.ordering, '-recorded_at', METRIC_ORDERING, errors);
  const options: MetricListOptions = {
    page: query.page ?? 1,
    pageSize: query.page_size ?? DEFAULT_PAGE_SIZE,
    orderColumn: column,
    desc,
    filters: {
      taskTypes: parsePatternList('task_type', query.task_type, TASK_TYPE_PATTERN, errors),
      statuses: parseEnumList('status', query.status, EXECUTION_STATUSES, errors),
      workers: parsePatternList('worker', query.worker, WORKER_ID_PATTERN, errors),
      queues: parsePatternList('queue', query.queue, QUEUE_PATTERN, errors),
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
