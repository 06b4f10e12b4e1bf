import { HealthSubject } from '@app/contracts';
import { metricsRegistry, NatsBus } from '@app/platform';
import { Public } from '@app/tenancy';
import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

const READINESS_TIMEOUT_MS = 1500;

/** Readiness answers 200 only when all four services answer over NATS; liveness only needs the process. */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(private readonly bus: NatsBus) {}

  @Get('health')
  async health(@Res() reply: FastifyReply): Promise<void> {
    const entries = await Promise.all(
      Object.entries(HealthSubject).map(async ([name, subject]) => {
        const ok = await this.bus.request(subject, {}, { timeoutMs: READINESS_TIMEOUT_MS }).then(
          () => true,
          () => false,
        );
        return [name.toLowerCase(), ok ? 'ok' : 'unavailable'] as const;
      }),
    );
    const services = Object.fromEntries(entries);
    const ready = entries.every(([, status]) => status === 'ok');
    void reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', services });
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
