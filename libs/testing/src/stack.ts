import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import path from 'node:path';
import { connect } from 'nats';
import { Client } from 'pg';
import { freePort } from './ports';

export type AppName = 'gateway' | 'task-core' | 'task-monitoring' | 'task-persistence' | 'task-scheduling' | 'worker';
export const SERVICE_APPS: AppName[] = ['task-core', 'task-monitoring', 'task-persistence', 'task-scheduling'];

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Everything a test file needs to reach (and add processes to) a running stack. */
export type StackInfo = {
  namespace: string;
  databaseUrl: string;
  natsUrl: string;
  gatewayUrl: string;
  baseEnv: Record<string, string>;
  logDir: string;
  /** The admin URL the database was created with (default TEST_DATABASE_ADMIN_URL or the local server). */
  adminUrl?: string;
};

export type CreateStackOptions = {
  apps?: AppName[];
  env?: Record<string, string>;
  /** Postgres admin URL to create the database on; default TEST_DATABASE_ADMIN_URL, then the local server. */
  adminUrl?: string;
  /** NATS server(s); default TEST_NATS_URL, then the local server. */
  natsUrl?: string;
  /** How long each app may take to become ready (default 30 s). */
  readyTimeoutMs?: number;
};

export type StartAppOptions = { env?: Record<string, string>; label?: string; waitReady?: boolean; readyTimeoutMs?: number };

/** One app running as its own OS process, as deployed (node dist/apps/<app>/main.js). */
export class AppProcess {
  readonly exited: Promise<number | null>;
  private readonly log: WriteStream;
  private tail: string[] = [];

  constructor(
    readonly app: AppName,
    readonly label: string,
    readonly port: number,
    readonly child: ChildProcess,
    logFile: string,
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
    const onData = (chunk: Buffer) => {
      this.log.write(chunk);
      this.tail.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.tail.length > 200) this.tail = this.tail.slice(-200);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  recentLogs(): string {
    return this.tail.join('\n');
  }

  /** SIGKILL: the process dies without any cleanup, as in a crash. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    await this.exited;
  }

  /** SIGTERM and wait for a graceful exit. */
  async stop(timeoutMs = 30_000): Promise<number | null> {
    if (!this.running) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  async waitReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const url = `http://127.0.0.1:${this.port}/health`;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.label} exited before it was ready:\n${this.recentLogs()}`);
      const ok = await fetch(url).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.label} was not ready in ${timeoutMs} ms:\n${this.recentLogs()}`);
  }
}

/**
 * A whole suite on the machine's Postgres and NATS, isolated by its own database and NATS namespace,
 * so tests never collide with a running stack or with each other's runs.
 */
export class TestStack {
  readonly processes: AppProcess[] = [];

  private constructor(
    readonly info: StackInfo,
    private readonly owner: boolean,
  ) {}

  /** Creates a database, migrates it and starts the given apps (all but the worker by default). */
  static async create(options: CreateStackOptions = {}): Promise<TestStack> {
    const namespace = `t${randomBytes(5).toString('hex')}`;
    const adminUrl = options.adminUrl ?? defaultAdminUrl();
    const databaseUrl = await createDatabase(adminUrl, `megahub_${namespace}`);
    const natsUrl = options.natsUrl ?? process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
    const logDir = path.join(ROOT, 'test-results', namespace);
    mkdirSync(logDir, { recursive: true });
    const gatewayPort = await freePort();
    const baseEnv: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
      DATABASE_URL: databaseUrl,
      NATS_URL: natsUrl,
      NATS_NAMESPACE: namespace,
      DATABASE_POOL_SIZE: '4',
      ...options.env,
    };
    const info: StackInfo = { namespace, databaseUrl, natsUrl, gatewayUrl: `http://127.0.0.1:${gatewayPort}`, baseEnv, logDir, adminUrl };
    const stack = new TestStack(info, true);
    const migrate = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'migrate.js')], {
      env: { ...process.env, ...baseEnv },
      encoding: 'utf8',
    });
    if (migrate.status !== 0) throw new Error(`migrate failed:\n${migrate.stdout}\n${migrate.stderr}`);
    const apps = options.apps ?? [...SERVICE_APPS, 'gateway'];
    const services = apps.filter((a) => a !== 'gateway');
    const readyTimeoutMs = options.readyTimeoutMs;
    try {
      await Promise.all(services.map((app) => stack.startApp(app, { readyTimeoutMs })));
      if (apps.includes('gateway')) await stack.startApp('gateway', { env: { GATEWAY_PORT: String(gatewayPort) }, readyTimeoutMs });
    } catch (error) {
      // A stack that failed to start must not leave processes, a database or a stream behind.
      await stack.stop();
      throw error;
    }
    return stack;
  }

  /** A handle on a stack another process started (the e2e global setup): adds processes, never drops it. */
  static attach(info: StackInfo): TestStack {
    return new TestStack(info, false);
  }

  async startApp(app: AppName, options: StartAppOptions = {}): Promise<AppProcess> {
    const port = options.env?.GATEWAY_PORT ? Number(options.env.GATEWAY_PORT) : await freePort();
    const label = options.label ?? `${app}-${this.processes.filter((p) => p.app === app).length + 1}`;
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'apps', app, 'main.js')], {
      env: { ...process.env, ...this.info.baseEnv, HTTP_PORT: String(port), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const processHandle = new AppProcess(app, label, port, child, path.join(this.info.logDir, `${label}.log`));
    this.processes.push(processHandle);
    if (options.waitReady !== false) await processHandle.waitReady(options.readyTimeoutMs);
    return processHandle;
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop(10_000)));
    if (!this.owner) return;
    await deleteStreams(this.info.natsUrl, this.info.namespace).catch(() => undefined);
    await dropDatabase(this.info.adminUrl ?? defaultAdminUrl(), `megahub_${this.info.namespace}`).catch(() => undefined);
  }
}

function defaultAdminUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function deleteStreams(natsUrl: string, namespace: string): Promise<void> {
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(`${namespace}_events`).catch(() => undefined);
  } finally {
    await nc.close();
  }
}
