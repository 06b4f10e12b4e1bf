import { WorkerEvent, WorkerHeartbeatEvent, WorkerInfo } from '@app/contracts';
import { AppLogger, EventStream } from '@app/platform';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { MonitoringMetrics } from '../prometheus/monitoring-metrics';
import { WorkerRepository } from './worker.repository';

/**
 * Keeps the worker registry from `core.worker.heartbeat` events (durable consumer, shared by replicas).
 * Applying a heartbeat twice, or an older one after a newer, changes nothing: no event-id bookkeeping needed.
 */
@Injectable()
export class WorkerIngestor implements OnApplicationBootstrap {
  private readonly logger = new AppLogger(WorkerIngestor.name);

  constructor(
    private readonly events: EventStream,
    private readonly workers: WorkerRepository,
    private readonly prom: MonitoringMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.events.consume({
      durable: 'monitoring-workers',
      subjects: [WorkerEvent.Heartbeat],
      batch: 200,
      handle: (event) => this.ingest(event),
    });
  }

  async ingest(event: WorkerHeartbeatEvent): Promise<void> {
    const worker = plainToInstance(WorkerInfo, event?.worker ?? {});
    const problems = validateSync(worker, { forbidUnknownValues: false });
    if (problems.length > 0 || typeof event.occurred_at !== 'string' || Number.isNaN(Date.parse(event.occurred_at))) {
      // A malformed event would be redelivered forever: record it and move on.
      this.logger.warn('invalid worker heartbeat dropped', { event_id: event?.event_id, fields: problems.map((p) => p.property) });
      this.prom.events.inc({ kind: 'heartbeat', outcome: 'invalid' });
      return;
    }
    const applied = await this.workers.recordHeartbeat(worker, event.occurred_at);
    this.prom.events.inc({ kind: 'heartbeat', outcome: applied ? 'applied' : 'stale' });
  }
}
