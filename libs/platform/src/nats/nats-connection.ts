import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { NatsSettings } from '../config/base-env';
import { AppLogger } from '../logging/logger';
import { connectNats, NatsLiveness } from './connect-nats';

/**
 * The raw NATS connection used for JetStream and for core pub/sub (wake-ups). It reconnects forever:
 * a NATS restart must never take a service down.
 */
@Injectable()
export class NatsConnectionProvider implements OnApplicationShutdown {
  private readonly logger = new AppLogger('Nats');
  private connection?: NatsConnection;
  private liveness?: NatsLiveness;

  constructor(readonly settings: NatsSettings) {}

  async connect(name: string): Promise<NatsConnection> {
    // No Error (with its stack) built ahead of every request (JetStream publishes are requests).
    this.connection = await connectNats({ servers: this.settings.servers, name, attempts: 60, extra: { noAsyncTraces: true } });
    this.liveness = new NatsLiveness(this.connection);
    void this.watchStatus(this.connection);
    return this.connection;
  }

  /** False while the connection is lost and nats.js reconnects: what `/health` reports for NATS. */
  get connected(): boolean {
    return this.liveness?.connected ?? false;
  }

  get nc(): NatsConnection {
    if (!this.connection) throw new Error('NATS connection used before connect()');
    return this.connection;
  }

  /** Prefixes a plain subject with the namespace: `core.work.available` → `megahub.core.work.available`. */
  subject(plain: string): string {
    return `${this.settings.namespace}.${plain}`;
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') {
        this.logger.warn(`nats ${status.type}`, { server: String(status.data) });
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.connection && !this.connection.isClosed()) await this.connection.drain().catch(() => undefined);
  }
}
