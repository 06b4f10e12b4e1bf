import { natsConnectionOptions } from '@app/contracts';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { NatsSettings } from '../config/base-env';
import { AppLogger } from '../logging/logger';

/**
 * The raw NATS connection used for JetStream and for core pub/sub (wake-ups). It reconnects forever:
 * a NATS restart must never take a service down.
 */
@Injectable()
export class NatsConnectionProvider implements OnApplicationShutdown {
  private readonly logger = new AppLogger('Nats');
  private connection?: NatsConnection;

  constructor(readonly settings: NatsSettings) {}

  async connect(name: string): Promise<NatsConnection> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.connection = await connect({
          ...natsConnectionOptions(this.settings.servers),
          name,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 500,
          waitOnFirstConnect: true,
          // No Error (with its stack) built ahead of every request (JetStream publishes are requests).
          noAsyncTraces: true,
        });
        void this.watchStatus(this.connection);
        return this.connection;
      } catch (error) {
        if (attempt >= 60) throw error;
        this.logger.warn('nats not reachable, retrying', { attempt, err: error });
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * attempt)));
      }
    }
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
