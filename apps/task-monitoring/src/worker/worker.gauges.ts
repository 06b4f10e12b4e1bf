import { metricsRegistry } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { WorkerService } from './worker.service';

/** Worker counts by liveness and slot usage, read from the registry at scrape time. */
@Injectable()
export class WorkerGauges {
  constructor(workers: WorkerService) {
    new Gauge({
      name: 'megahub_monitoring_workers',
      help: 'Registered workers by liveness status',
      labelNames: ['status'] as const,
      registers: [metricsRegistry],
      async collect() {
        const capacity = await workers.capacity().catch(() => null);
        if (!capacity) return;
        this.set({ status: 'online' }, capacity.online);
        this.set({ status: 'stale' }, capacity.stale);
        this.set({ status: 'offline' }, capacity.offline);
      },
    });
    new Gauge({
      name: 'megahub_monitoring_worker_slots',
      help: 'Concurrency slots of online workers, busy and total',
      labelNames: ['kind'] as const,
      registers: [metricsRegistry],
      async collect() {
        const capacity = await workers.capacity().catch(() => null);
        if (!capacity) return;
        this.set({ kind: 'busy' }, capacity.busy_slots);
        this.set({ kind: 'total' }, capacity.concurrency);
      },
    });
  }
}
