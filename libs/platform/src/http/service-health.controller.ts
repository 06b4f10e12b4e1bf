import { Controller, Get, Header, HttpCode, Inject, Optional, Res } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NatsConnectionProvider } from '../nats/nats-connection';
import { metricsRegistry } from './metrics';

type Reply = { status(code: number): Reply; send(body: unknown): void };

/** `/health` (ready: Postgres and NATS answer; `checks` names the one that does not), `/health/live` and `/metrics` of a non-gateway app. */
@Controller()
export class ServiceHealthController {
  constructor(
    private readonly nats: NatsConnectionProvider,
    @Optional() @Inject(DataSource) private readonly dataSource?: DataSource,
  ) {}

  @Get('health')
  async health(@Res() reply: Reply): Promise<void> {
    const checks: Record<string, 'ok' | 'down'> = { nats: this.nats.connected ? 'ok' : 'down' };
    if (this.dataSource) {
      checks.postgres = await this.dataSource.query('SELECT 1').then(
        () => 'ok' as const,
        () => 'down' as const,
      );
    }
    const ok = Object.values(checks).every((c) => c === 'ok');
    reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
  }

  @Get('health/live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
