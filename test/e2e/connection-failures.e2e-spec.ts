// An app that cannot reach Postgres or NATS says so once, with the address (never the password) and
// the cause, however many times it retries. The "server" here accepts connections and drops them at
// once, and counts them: the test waits for the app's retries by that count, not by time.
import { eventually, freePort } from '@app/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer, Server } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

type Dropper = { port: number; connections: () => number; close: () => Promise<void> };

async function connectionDropper(): Promise<Dropper> {
  let count = 0;
  const server: Server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function startApp(app: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'apps', app, 'main.js')], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('connection failures at start', () => {
  let dropper: Dropper;

  beforeEach(async () => (dropper = await connectionDropper()));
  afterEach(() => dropper.close());

  it('should say once that Postgres is not reachable, without the password or a stack, while it retries', async () => {
    const nats = await connectionDropper();
    const app = startApp('task-core', {
      DATABASE_URL: `postgres://megahub:s3cret-pw@127.0.0.1:${dropper.port}/megahub`,
      NATS_URL: `nats://127.0.0.1:${nats.port}`,
      HTTP_PORT: String(await freePort()),
    });
    try {
      await eventually(
        async () => (dropper.connections() >= 4 && nats.connections() >= 4 ? true : undefined),
        {
          timeoutMs: 60_000,
          what: 'four connection attempts to each',
        },
      );
      const lines = app.output().split('\n');
      const postgres = lines.filter((line) => line.includes('postgres not reachable'));
      expect(postgres).toHaveLength(1);
      expect(postgres[0]).toContain(
        `postgres not reachable at postgres://megahub:***@127.0.0.1:${dropper.port}/megahub: `,
      );
      // One line for its two NATS connections (the bus and the JetStream one).
      expect(lines.filter((line) => line.includes('nats not reachable'))).toHaveLength(1);
      expect(app.output()).not.toContain('s3cret-pw');
      expect(app.output()).not.toMatch(/"stack"|\n\s+at /);
    } finally {
      await stop(app.child);
      await nats.close();
    }
  });

  it('should have the gateway say it waits for NATS, instead of waiting in silence', async () => {
    const app = startApp('gateway', {
      NATS_URL: `nats://gw-token@127.0.0.1:${dropper.port}`,
      GATEWAY_PORT: String(await freePort()),
    });
    try {
      await eventually(async () => (dropper.connections() >= 4 ? true : undefined), {
        timeoutMs: 60_000,
        what: 'four attempts',
      });
      const lines = app
        .output()
        .split('\n')
        .filter((line) => line.includes('nats not reachable'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`nats not reachable at nats://***@127.0.0.1:${dropper.port}`);
      expect(app.output()).not.toContain('gw-token');
    } finally {
      await stop(app.child);
    }
  });
});
