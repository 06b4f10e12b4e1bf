import { natsConnectionOptions } from '@app/contracts';
import { connect, ConnectionOptions, NatsConnection } from 'nats';
import { connectWithRetry, OutageReporter } from '../logging/outage-reporter';

export type ConnectNatsOptions = {
  servers: string[];
  name: string;
  /** Attempts before giving up (Infinity: wait forever, as a gateway or a worker may). */
  attempts: number;
  /** Extra nats.js options (noAsyncTraces, …). */
  extra?: Partial<ConnectionOptions>;
};

/**
 * Connects to NATS, retrying while no server answers with one log line per outage (address without
 * credentials, cause) instead of nats.js waiting silently or a stack per attempt. Once connected the
 * connection reconnects forever by itself: a NATS restart must never take an app down.
 */
export function connectNats(options: ConnectNatsOptions): Promise<NatsConnection> {
  const reporter = OutageReporter.for('nats', options.servers.join(','));
  return connectWithRetry(
    reporter,
    () =>
      connect({
        ...natsConnectionOptions(options.servers),
        name: options.name,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        // Each attempt fails fast so that the outage is reported; later reconnects are nats.js's job.
        waitOnFirstConnect: false,
        ...options.extra,
      }),
    { attempts: options.attempts },
  );
}

/** Whether a connection is up right now: false from a disconnect until nats.js has reconnected. */
export class NatsLiveness {
  private up = true;

  constructor(private readonly nc: NatsConnection) {
    void this.watch();
  }

  get connected(): boolean {
    return this.up && !this.nc.isClosed();
  }

  private async watch(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') this.up = false;
      else if (status.type === 'reconnect') this.up = true;
    }
  }
}
