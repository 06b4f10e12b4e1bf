import {
  ClaimedTask,
  ClaimWorkRequest,
  ClaimWorkResponse,
  FenceRequest,
  FenceResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  ReleaseWorkRequest,
  ReleaseWorkResponse,
  ReportOutcome,
  ReportWorkRequest,
  ReportWorkResponse,
} from '@app/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { CORE_CONFIG, CoreConfig } from '../config';
import { OutboxRelay } from '../outbox/outbox.relay';
import { priorityName, toIso } from '../task/task.mapper';
import { ClaimWaitingRoom } from './claim-waiting-room';
import { TaskMetrics } from './task-metrics';
import { ClaimedRow, QueueRepository } from './queue.repository';
import { WorkSignal } from './work-signal';

/** What workers ask of task-core: claim, report, heartbeat, release, fence. */
@Injectable()
export class QueueService {
  private readonly claimNow = (request: ClaimWorkRequest) => this.claimOnce(request);

  constructor(
    private readonly queue: QueueRepository,
    private readonly relay: OutboxRelay,
    private readonly signal: WorkSignal,
    private readonly room: ClaimWaitingRoom,
    private readonly metrics: TaskMetrics,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
  ) {
    signal.onWork((queue, taskTypes) => room.offer(queue, taskTypes, this.claimNow));
    signal.onUnpark((workerId) => room.unpark(workerId));
  }

  /** Claims what is runnable now; with `wait_ms`, a claim that finds nothing waits for work (long poll). */
  async claim(request: ClaimWorkRequest): Promise<ClaimWorkResponse> {
    const seenOffers = this.room.offerCount;
    const tasks = await this.claimOnce(request);
    if (tasks.length > 0 || !request.wait_ms) return { tasks };
    return { tasks: await this.room.wait(request, this.claimNow, seenOffers) };
  }

  private async claimOnce(request: ClaimWorkRequest): Promise<ClaimedTask[]> {
    const rows = await this.queue.claim({
      workerId: request.worker_id,
      queues: request.queues,
      taskTypes: request.task_types,
      max: request.max,
      leaseSeconds: request.lease_seconds ?? this.config.queue.leaseSeconds,
    });
    if (rows.length > 0) this.relay.notify();
    return rows.map(toClaimedTask);
  }

  async report(request: ReportWorkRequest): Promise<ReportWorkResponse> {
    const progress = request.reports.filter((r) => r.kind === 'progress');
    const finishing = request.reports.filter((r) => r.kind !== 'progress');
    const outcomes = new Map<number, ReportOutcome>();
    if (progress.length > 0) {
      const rows = await this.queue.progress(request.worker_id, progress);
      for (const r of progress) outcomes.set(r.id, { id: r.id, accepted: false, reason: 'LEASE_LOST' });
      for (const row of rows) {
        outcomes.set(Number(row.id), { id: Number(row.id), accepted: true, cancel_requested: row.cancel_requested, pause_requested: row.pause_requested });
      }
    }
    if (finishing.length > 0) {
      const rows = await this.queue.finish(request.worker_id, finishing);
      for (const r of finishing) outcomes.set(r.id, { id: r.id, accepted: false, reason: 'LEASE_LOST' });
      for (const row of rows) outcomes.set(Number(row.id), { id: Number(row.id), accepted: true });
      this.metrics.recordOutcomes(rows, finishing);
      this.signal.workAvailable(rows.filter((r) => r.status === 'retrying'));
    }
    if (outcomes.size > 0) this.relay.notify();
    return { outcomes: [...outcomes.values()] };
  }

  async heartbeat(request: HeartbeatRequest): Promise<HeartbeatResponse> {
    if (request.running.length === 0) return { cancel: [], pause: [], lost: [] };
    const leaseSeconds = request.lease_seconds ?? this.config.queue.leaseSeconds;
    const rows = await this.queue.heartbeat(request.worker.worker_id, request.running, leaseSeconds);
    const held = new Set(rows.map((r) => Number(r.id)));
    return {
      cancel: rows.filter((r) => r.cancel_requested).map((r) => Number(r.id)),
      pause: rows.filter((r) => r.pause_requested && !r.cancel_requested).map((r) => Number(r.id)),
      lost: request.running.map((r) => r.id).filter((id) => !held.has(id)),
    };
  }

  async release(request: ReleaseWorkRequest): Promise<ReleaseWorkResponse> {
    const rows = await this.queue.release(request.worker_id, request.tasks);
    if (rows.length > 0) {
      this.relay.notify();
      this.signal.workAvailable(rows);
    }
    return { released: rows.length };
  }

  fence(request: FenceRequest): Promise<FenceResponse> {
    return this.queue.fence(request.id, request.attempt, request.worker_id);
  }
}

export function toClaimedTask(row: ClaimedRow): ClaimedTask {
  return {
    id: Number(row.id),
    task_id: row.task_id,
    task_type: row.task_type,
    queue: row.queue,
    priority: priorityName(row.priority),
    brand_id: row.brand_id,
    attempt: row.attempt,
    max_retries: row.max_retries,
    context_data: row.context_data,
    timeout_seconds: row.timeout_seconds,
    is_resumable: row.is_resumable,
    persistent_job_id: row.persistent_job_id,
    idempotency_key: row.idempotency_key,
    created_at: toIso(row.created_at) as string,
    lease_expires_at: toIso(row.lease_expires_at) as string,
  };
}
