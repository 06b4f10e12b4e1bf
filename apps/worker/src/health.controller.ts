import { metricsRegistry } from '@app/platform';
import { Worker } from '@app/worker-sdk';
import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/** `/health` is ready while the worker runs; `/health/live` while the process does; `/metrics`. */
@Controller()
export class HealthController {
  constructor(private readonly worker: Worker) {}

  @Get('health')
  health(@Res() reply: FastifyReply): void {
    const ready = this.worker.status === 'running';
    void reply.status(ready ? 200 : 503).send({
      status: ready ? 'ok' : this.worker.status,
      worker_id: this.worker.id,
      task_types: this.worker.taskTypes,
      busy_slots: this.worker.busySlots,
    });
  }

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
