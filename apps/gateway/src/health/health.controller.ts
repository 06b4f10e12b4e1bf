import { HealthSubject } from '@app/contracts';
import { metricsRegistry, NatsBus } from '@app/platform';
import { Public } from '@app/tenancy';
import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

const READINESS_TIMEOUT_MS = 1500;
/**
 * Readiness probes arriving within this window (or while one is in flight) share one fan-out to the
 * four services: a burst of probes costs four NATS requests, not four per probe, and an answer is
 * never older than this.
 */
const READINESS_SHARE_MS = 100;

type Readiness = { ready: boolean; body: { status: 'ok' | 'unavailable'; services: Record<string, string> } };

/** Readiness answers 200 only when all four services answer over NATS; liveness only needs the process. */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  private latest?: { startedAt: number; settled: boolean; result: Promise<Readiness> };

  constructor(private readonly bus: NatsBus) {}

  @Get('health')
  async health(@Res() reply: FastifyReply): Promise<void> {
    const { ready, body } = await this.readiness();
    void reply.status(ready ? 200 : 503).send(body);
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

  private readiness(): Promise<Readiness> {
    const latest = this.latest;
    if (latest && (!latest.settled || Date.now() - latest.startedAt < READINESS_SHARE_MS)) return latest.result;
    const probe = { startedAt: Date.now(), settled: false, result: this.probe() };
    void probe.result.finally(() => (probe.settled = true));
    this.latest = probe;
    return probe.result;
  }

  private async probe(): Promise<Readiness> {
    const entries = await Promise.all(
      Object.entries(HealthSubject).map(async ([name, subject]) => {
        const ok = await this.bus.request(subject, {}, { timeoutMs: READINESS_TIMEOUT_MS }).then(
          () => true,
          () => false,
        );
        return [name.toLowerCase(), ok ? 'ok' : 'unavailable'] as const;
      }),
    );
    const ready = entries.every(([, status]) => status === 'ok');
    return { ready, body: { status: ready ? 'ok' : 'unavailable', services: Object.fromEntries(entries) } };
  }
}
