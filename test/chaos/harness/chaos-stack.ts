import { ApiClient, AppName, AppProcess, eventually, TestStack } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { NatsServer } from './nats-server';
import { PostgresCluster } from './postgres-cluster';

/**
 * Short leases and sweeps, so a crashed worker's tasks come back in seconds; a short NATS request
 * timeout, so an outage answers 503 quickly instead of holding requests.
 */
export const CHAOS_ENV: Record<string, string> = {
  LEASE_SECONDS: '5',
  SWEEP_INTERVAL_MS: '500',
  WORKER_LEASE_SECONDS: '5',
  WORKER_HEARTBEAT_MS: '1000',
  NATS_REQUEST_TIMEOUT_MS: '3000',
  RECONCILE_INTERVAL_MS: '1000',
  SHUTDOWN_GRACE_MS: '3000',
};

/** The machine is shared (2 cores): an app may take long to boot while others build or benchmark. */
const READY_TIMEOUT_MS = 90_000;

export type ChaosStackOptions = { apps?: AppName[]; env?: Record<string, string> };

/**
 * A whole deployment on servers of its own: a Postgres cluster and a nats-server that only this
 * scenario uses (so faults never reach the machine's shared servers), and every app as a process.
 */
export class ChaosStack {
  /** Processes the scenario killed on purpose (not counted as crashes). */
  private readonly killedOnPurpose = new Set<AppProcess>();

  private constructor(
    readonly pg: PostgresCluster,
    readonly nats: NatsServer,
    readonly stack: TestStack,
  ) {}

  static async start(options: ChaosStackOptions = {}): Promise<ChaosStack> {
    const pg = await PostgresCluster.create();
    let nats: NatsServer | undefined;
    try {
      nats = await NatsServer.create();
      const stack = await TestStack.create({
        adminUrl: pg.adminUrl,
        natsUrl: nats.url,
        apps: options.apps,
        env: { ...CHAOS_ENV, ...options.env },
        readyTimeoutMs: READY_TIMEOUT_MS,
      });
      return new ChaosStack(pg, nats, stack);
    } catch (error) {
      await nats?.destroy();
      await pg.destroy();
      throw error;
    }
  }

  get databaseUrl(): string {
    return this.stack.info.databaseUrl;
  }

  get gatewayUrl(): string {
    return this.stack.info.gatewayUrl;
  }

  get namespace(): string {
    return this.stack.info.namespace;
  }

  api(): ApiClient {
    return ApiClient.forNewBrand(this.gatewayUrl, 'admin');
  }

  newQueue(): string {
    return `chaos-${randomBytes(4).toString('hex')}`;
  }

  startApp(app: AppName, env: Record<string, string> = {}, label?: string): Promise<AppProcess> {
    return this.stack.startApp(app, { env, label, readyTimeoutMs: READY_TIMEOUT_MS });
  }

  startWorker(queue: string, workerId: string, env: Record<string, string> = {}): Promise<AppProcess> {
    return this.stack.startApp('worker', {
      env: { WORKER_QUEUES: queue, WORKER_ID: workerId, ...env },
      label: workerId,
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
  }

  /** SIGKILL, recorded as intended. */
  async kill(process: AppProcess): Promise<void> {
    this.killedOnPurpose.add(process);
    await process.kill('SIGKILL');
  }

  running(app: AppName): AppProcess[] {
    return this.stack.processes.filter((p) => p.app === app && p.running);
  }

  /** App processes that exited without the scenario killing them: a crash. */
  crashed(): AppProcess[] {
    return this.stack.processes.filter((p) => !p.running && !this.killedOnPurpose.has(p));
  }

  /** The gateway's readiness: every service answers over NATS and reaches its database. */
  async gatewayReady(): Promise<boolean> {
    return fetch(`${this.gatewayUrl}/health`, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.status === 200,
      () => false,
    );
  }

  async waitGatewayReady(timeoutMs: number): Promise<number> {
    const started = Date.now();
    await eventually(async () => ((await this.gatewayReady()) ? true : undefined), {
      timeoutMs,
      intervalMs: 200,
      what: 'the gateway to be ready again',
    });
    return Date.now() - started;
  }

  async destroy(): Promise<void> {
    // The servers may be down after a failed scenario: bring them back so the stack stops cleanly.
    if (!this.pg.running) await this.pg.start().catch(() => undefined);
    if (!this.nats.running) await this.nats.start().catch(() => undefined);
    await this.stack.stop().catch(() => undefined);
    await this.nats.destroy();
    await this.pg.destroy();
  }
}
