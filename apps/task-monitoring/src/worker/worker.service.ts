import {
  Actor,
  CoreSubject,
  ErrorCode,
  FieldErrors,
  ListWorkersQuery,
  Page,
  QUEUE_PATTERN,
  QueueDepthResponse,
  WORKER_STATUSES,
  WorkerDto,
  WorkerOverviewResponse,
  WorkerStatus,
} from '@app/contracts';
import { allOf, AppError, AppLogger, NatsBus, pageWindow, parseEnumList, parseOrdering, parseQueryBoolean } from '@app/platform';
import { brandOf } from '@app/tenancy';
import { Inject, Injectable } from '@nestjs/common';
import { MONITORING_CONFIG, MonitoringConfig } from '../config';
import { MetricRepository } from '../metric/metric.repository';
import { toWorkerDto } from './worker.mapper';
import { WorkerRepository, WorkerRow } from './worker.repository';
import { Backlog, backlogOf, isIdleWithBacklog, runsTaskType, utilisation, workerStatus } from './worker.rules';

/** A registry row with its liveness, computed by one rule for every reader. */
export type LiveWorker = { row: WorkerRow; status: WorkerStatus };

export type CapacitySummary = {
  online: number;
  stale: number;
  offline: number;
  busy_slots: number;
  concurrency: number;
  utilisation: number | null;
};

const WORKER_ORDERING: Record<string, string> = {
  id: 'worker_id',
  worker_id: 'worker_id',
  hostname: 'hostname',
  last_seen: 'last_seen',
  started_at: 'started_at',
  busy_slots: 'busy_slots',
  concurrency: 'concurrency',
  memory_mb: 'memory_mb',
};

const BACKLOG_TIMEOUT_MS = 2000;

/**
 * Workers as a brand sees them. The registry (identity, capacity, liveness) is shared infrastructure and
 * the same for every brand; `processed`, `failed`, `running` and `idle_with_backlog` are computed from the
 * asking brand's own executions and queues only, so no other brand's work shows through.
 */
@Injectable()
export class WorkerService {
  private readonly logger = new AppLogger(WorkerService.name);

  constructor(
    private readonly workers: WorkerRepository,
    private readonly metrics: MetricRepository,
    private readonly bus: NatsBus,
    @Inject(MONITORING_CONFIG) private readonly config: MonitoringConfig,
  ) {}

  async list(actor: Actor, query: ListWorkersQuery): Promise<Page<WorkerDto>> {
    const errors: FieldErrors = {};
    const statuses = allOf(
      parseEnumList('status', query.status, WORKER_STATUSES, errors),
      parseEnumList('status__in', query.status__in, WORKER_STATUSES, errors),
    );
    if (query.queue !== undefined && !QUEUE_PATTERN.test(query.queue)) errors.queue = [`Must match ${QUEUE_PATTERN.source}`];
    const { column, desc } = parseOrdering(query.ordering, WORKER_ORDERING, '-last_seen', errors);
    if (Object.keys(errors).length > 0) throw AppError.validation(errors);

    const wantIdle = parseQueryBoolean(query.idle_with_backlog);
    const search = query.search?.trim().toLowerCase();
    const [live, view] = await Promise.all([this.live(), this.brandView(actor)]);
    const rows = live
      .filter((w) => !statuses || statuses.includes(w.status))
      .filter((w) => !query.task_type || runsTaskType(w.row.task_types, query.task_type))
      .filter((w) => !query.queue || visibleQueues(w.row, view).includes(query.queue))
      .filter((w) => !search || [w.row.worker_id, w.row.hostname, w.row.version].some((s) => s.toLowerCase().includes(search)))
      .map((w) => ({ ...w, idle: this.idle(w, view.backlog) }))
      .filter((w) => wantIdle === undefined || w.idle === wantIdle)
      .sort(byColumn(column as keyof WorkerRow, desc));

    const { page, pageSize, offset } = pageWindow(query);
    const slice = rows.slice(offset, offset + pageSize);
    const counts = await this.metrics.countsByWorker(
      brandOf(actor),
      slice.map((w) => ({ workerId: w.row.worker_id, since: w.row.started_at })),
    );
    return {
      count: rows.length,
      page,
      page_size: pageSize,
      results: slice.map((w) => toWorkerDto(w.row, visibleQueues(w.row, view), w.status, w.idle, counts.get(w.row.worker_id) ?? NO_COUNTS)),
    };
  }

  async get(actor: Actor, workerId: string): Promise<WorkerDto> {
    const row = await this.workers.findById(workerId);
    if (!row) throw new AppError(ErrorCode.WorkerNotFound, 'Worker not found');
    const live = { row, status: this.statusOf(row) };
    const [view, counts] = await Promise.all([
      this.brandView(actor),
      this.metrics.countsByWorker(brandOf(actor), [{ workerId, since: row.started_at }]),
    ]);
    return toWorkerDto(row, visibleQueues(row, view), live.status, this.idle(live, view.backlog), counts.get(workerId) ?? NO_COUNTS);
  }

  async overview(actor: Actor): Promise<WorkerOverviewResponse> {
    const [live, view, outcomes] = await Promise.all([this.live(), this.brandView(actor), this.metrics.outcomesByType(brandOf(actor), 24)]);
    const depth = view.depth;
    const online = live.filter((w) => w.status === 'online');
    const capacity = summarize(live);
    const types = new Set<string>([...online.flatMap((w) => w.row.task_types), ...Object.keys(depth?.by_task_type ?? {}), ...outcomes.keys()]);
    const queues = new Set(online.flatMap((w) => visibleQueues(w.row, view)));
    return {
      generated_at: new Date().toISOString(),
      thresholds: {
        stale_after_seconds: this.config.workers.staleAfterSeconds,
        offline_after_seconds: this.config.workers.offlineAfterSeconds,
        idle_after_seconds: this.config.workers.idleAfterSeconds,
      },
      totals: {
        workers: live.length,
        online: capacity.online,
        stale: capacity.stale,
        offline: capacity.offline,
        idle_with_backlog: live.filter((w) => this.idle(w, view.backlog) === true).length,
      },
      capacity: {
        concurrency: capacity.concurrency,
        busy_slots: capacity.busy_slots,
        free_slots: Math.max(0, capacity.concurrency - capacity.busy_slots),
        utilisation: capacity.utilisation,
      },
      by_task_type: [...types].sort().map((taskType) => {
        const able = online.filter((w) => runsTaskType(w.row.task_types, taskType));
        return {
          task_type: taskType,
          workers_online: able.length,
          concurrency: sum(able.map((w) => w.row.concurrency)),
          busy_slots: sum(able.map((w) => w.row.busy_slots)),
          pending: depth?.by_task_type[taskType] ?? 0,
          processed_24h: outcomes.get(taskType)?.processed ?? 0,
          failed_24h: outcomes.get(taskType)?.failed ?? 0,
        };
      }),
      by_queue: [...queues].sort().map((queue) => {
        const serving = online.filter((w) => visibleQueues(w.row, view).includes(queue));
        return {
          queue,
          workers_online: serving.length,
          concurrency: sum(serving.map((w) => w.row.concurrency)),
          busy_slots: sum(serving.map((w) => w.row.busy_slots)),
        };
      }),
    };
  }

  /** Every registered worker with its liveness (shared infrastructure, no brand data). */
  async live(): Promise<LiveWorker[]> {
    return (await this.workers.findAll()).map((row) => ({ row, status: this.statusOf(row) }));
  }

  async capacity(): Promise<CapacitySummary> {
    return summarize(await this.live());
  }

  /** Online workers able to run `taskType` (any type when absent): the `workers_online` alert metric. */
  async onlineCount(taskType: string | null): Promise<number> {
    return (await this.live()).filter((w) => w.status === 'online' && (!taskType || runsTaskType(w.row.task_types, taskType))).length;
  }

  private statusOf(row: WorkerRow): WorkerStatus {
    return workerStatus(row.seconds_since_seen, row.state, this.config.workers);
  }

  private idle(w: LiveWorker, backlog: Backlog | null): boolean | null {
    if (!backlog) return null;
    return isIdleWithBacklog(
      {
        status: w.status,
        state: w.row.state,
        busySlots: w.row.busy_slots,
        secondsSinceActive: w.row.seconds_since_active,
        queues: w.row.queues,
        taskTypes: w.row.task_types,
      },
      backlog,
      this.config.workers.idleAfterSeconds,
    );
  }

  /**
   * What the brand itself knows of the queues, from task-core: its waiting work (for idleness; null when
   * task-core does not answer) and the queue names it uses (the only ones it is shown).
   */
  private async brandView(actor: Actor): Promise<BrandView> {
    try {
      const [stats, depth] = await Promise.all([
        this.bus.request(CoreSubject.QueueStats, { actor }, { timeoutMs: BACKLOG_TIMEOUT_MS }),
        this.bus.request(CoreSubject.QueueDepth, { actor }, { timeoutMs: BACKLOG_TIMEOUT_MS }),
      ]);
      return {
        backlog: backlogOf(stats.queues, depth, this.config.workers.idleAfterSeconds),
        depth,
        queues: new Set([DEFAULT_QUEUE, ...stats.queues.map((q) => q.queue)]),
      };
    } catch (error) {
      this.logger.warn('queue backlog unavailable', { err: error });
      return { backlog: null, depth: null, queues: new Set([DEFAULT_QUEUE]) };
    }
  }
}

type BrandView = { backlog: Backlog | null; depth: QueueDepthResponse | null; queues: Set<string> };

/** A worker's queues as a brand sees them: queue names are chosen by brands, so only its own show. */
function visibleQueues(row: WorkerRow, view: BrandView): string[] {
  return row.queues.filter((q) => view.queues.has(q));
}

const DEFAULT_QUEUE = 'default';
const NO_COUNTS = { processed: 0, failed: 0, running: 0 };

function summarize(live: LiveWorker[]): CapacitySummary {
  const online = live.filter((w) => w.status === 'online');
  const concurrency = sum(online.map((w) => w.row.concurrency));
  const busy = sum(online.map((w) => w.row.busy_slots));
  return {
    online: online.length,
    stale: live.filter((w) => w.status === 'stale').length,
    offline: live.filter((w) => w.status === 'offline').length,
    busy_slots: busy,
    concurrency,
    utilisation: utilisation(busy, concurrency),
  };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function byColumn(column: keyof WorkerRow, desc: boolean) {
  return (a: LiveWorker, b: LiveWorker): number => {
    const x = a.row[column];
    const y = b.row[column];
    const cmp = x instanceof Date && y instanceof Date ? x.getTime() - y.getTime() : typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return (desc ? -cmp : cmp) || a.row.worker_id.localeCompare(b.row.worker_id);
  };
}
