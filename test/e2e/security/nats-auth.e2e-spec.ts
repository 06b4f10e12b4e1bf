import { ApiClient, AppName, eventually, freePort, TestStack } from '@app/testing';
import { Worker } from '@app/worker-sdk';
import { connect, NatsConnection } from 'nats';
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const NATS_BIN = process.env.TEST_NATS_BIN ?? process.env.CHAOS_NATS_BIN ?? '/usr/sbin/nats-server';
const DOC = path.resolve(__dirname, '..', '..', '..', 'docs', 'security.md');

/** The nats-server configuration block of docs/security.md, for this run's namespace and port. */
function documentedConfig(namespace: string, port: number, storeDir: string): string {
  const doc = readFileSync(DOC, 'utf8');
  const block = /<!-- nats-auth-example -->\s*```conf\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/security.md lost its nats-auth-example block');
  return (
    `port: ${port}\nhost: 127.0.0.1\n` +
    block[1]
      .replace(/megahub_events/g, `${namespace}_events`)
      .replace(/"megahub\./g, `"${namespace}.`)
      .replace(/store_dir: "[^"]*"/, `store_dir: "${storeDir}"`)
  );
}

const USERS: Record<AppName, string> = {
  gateway: 'gateway',
  'task-core': 'core',
  'task-monitoring': 'monitoring',
  'task-persistence': 'persistence',
  'task-scheduling': 'scheduling',
  worker: 'worker',
};
const password = (user: string) => `pw-${user}-${process.pid}`;

/**
 * The NATS configuration docs/security.md gives for production, checked for real: a nats-server of the
 * test's own with that configuration, every app and a worker connected with their own user, a task
 * that runs end to end, and the refusals the configuration promises.
 */
describe('NATS authorization as documented', () => {
  let stack: TestStack;
  let server: ChildProcess;
  let dir: string;
  let port: number;
  let namespace: string;
  let gatewayUrl: string;
  let worker: Worker;
  const clients: NatsConnection[] = [];

  const url = (user: string) => `nats://${user}:${encodeURIComponent(password(user))}@127.0.0.1:${port}`;
  const client = async (user?: string) => {
    const nc = await connect({ servers: `127.0.0.1:${port}`, maxReconnectAttempts: 0, ...(user ? { user, pass: password(user) } : {}) });
    clients.push(nc);
    return nc;
  };

  beforeAll(async () => {
    // A database of its own (migrated), no app yet: they start below, each with its NATS user.
    stack = await TestStack.create({ apps: [] });
    namespace = stack.info.namespace;
    dir = mkdtempSync(path.join(tmpdir(), 'megahub-nats-auth-'));
    port = await freePort();
    writeFileSync(path.join(dir, 'nats.conf'), documentedConfig(namespace, port, path.join(dir, 'js')));
    const env = Object.fromEntries(Object.values(USERS).map((user) => [`${user.toUpperCase()}_NATS_PASSWORD`, password(user)]));
    const log = openSync(path.join(stack.info.logDir, 'nats-server-auth.log'), 'a');
    server = spawn(NATS_BIN, ['-c', path.join(dir, 'nats.conf')], { env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
    closeSync(log);
    await eventually(
      async () => {
        if (server.exitCode !== null) throw new Error(`nats-server exited: see ${stack.info.logDir}/nats-server-auth.log`);
        return client('core').then((nc) => nc.close().then(() => true), () => undefined);
      },
      { timeoutMs: 15_000, what: 'the private nats-server' },
    );
    const gatewayPort = await freePort();
    const services: AppName[] = ['task-core', 'task-monitoring', 'task-persistence', 'task-scheduling'];
    await Promise.all(services.map((app) => stack.startApp(app, { env: { NATS_URL: url(USERS[app]) } })));
    await stack.startApp('gateway', { env: { NATS_URL: url('gateway'), GATEWAY_PORT: String(gatewayPort) } });
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    // The SDK's worker on a connection of the `worker` user (the reference worker app cannot take
    // credentials from NATS_URL yet: the SDK connects by itself).
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    worker = new Worker({ connection: await client('worker'), namespace, queues: ['default'], concurrency: 2, logger: quiet });
    worker.handle('noop', () => ({ ok: true }));
    await worker.start();
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await Promise.all(clients.map((nc) => nc.close().catch(() => undefined)));
    await stack?.stop();
    server?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should run the platform end to end with one restricted user per app', async () => {
    const api = ApiClient.forNewBrand(gatewayUrl, 'admin');
    const health = await api.get('/health', { anonymous: true, noBrand: true });
    expect(health.body).toMatchObject({ status: 'ok' });
    const created = await api.post('/tasks/', { task_type: 'noop' });
    expect(created.status).toBe(201);
    await eventually(async () => ((await api.get(`/tasks/${created.body.id}/`)).body.status === 'completed' ? true : undefined), {
      what: 'the task to complete through the restricted users',
    });
    // task-monitoring consumed the events with its own user: the execution has its metrics row.
    await eventually(async () => ((await api.get('/tasks/monitoring/metrics/')).body.count >= 1 ? true : undefined), {
      what: 'the execution metrics',
    });
  }, 60_000);

  it('should refuse a client without credentials', async () => {
    await expect(client()).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
  });

  it('should refuse publishes and subscriptions outside each user role', async () => {
    const denied: Array<[string, 'publish' | 'subscribe', string]> = [
      ['worker', 'publish', 'core.task.create'],
      ['worker', 'publish', 'persistence.job.list'],
      ['worker', 'subscribe', 'core.task.create'],
      ['gateway', 'publish', 'core.work.report'],
      ['gateway', 'publish', 'core.task.pause'],
      ['gateway', 'subscribe', 'core.task.get'],
      ['gateway', 'publish', 'evt.core.task.completed'],
      ['core', 'subscribe', 'monitoring.alert_rule.list'],
      ['scheduling', 'publish', 'core.task.cancel'],
      ['monitoring', 'publish', 'core.task.create'],
    ];
    const outcomes: string[] = [];
    for (const [user, action, subject] of denied) {
      const nc = await client(user);
      const wire = `${namespace}.${subject}`;
      let code = 'allowed';
      if (action === 'publish') {
        await nc.request(wire, '{}', { timeout: 2000 }).catch((error: { code?: string }) => (code = String(error.code)));
      } else {
        const subscription = nc.subscribe(wire);
        const timer = setTimeout(() => subscription.unsubscribe(), 2000);
        try {
          for await (const _ of subscription) break;
        } catch (error) {
          code = String((error as { code?: string }).code);
        }
        clearTimeout(timer);
      }
      outcomes.push(`${user} ${action} ${subject}: ${code}`);
    }
    expect(outcomes).toEqual(denied.map(([user, action, subject]) => `${user} ${action} ${subject}: PERMISSIONS_VIOLATION`));
  }, 60_000);
});
