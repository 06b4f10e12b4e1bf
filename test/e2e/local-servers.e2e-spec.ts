// The embedded default, as a newcomer meets it: a machine where nothing answers at the default
// addresses (played with MEGAHUB_PROBE_* pointing at empty ports: the shared servers are never
// touched), the machine's initdb/pg_ctl and nats-server, a temporary data folder, a free port block.
import { planLocalServers, startLocalServers } from '@app/platform/local-servers';
import { eventually, freePort, mintToken, newBrandId } from '@app/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '..', '..');
// Variables of the outer run that would change what the launcher decides.
const INHERITED = [
  'DATABASE_URL',
  'NATS_URL',
  'HTTP_PORT',
  'GATEWAY_PORT',
  'PORT_BASE',
  'NATS_NAMESPACE',
  'MEGAHUB_DATA_DIR',
  'LOG_FORMAT',
];

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/** A PORT_BASE whose whole block (apps +0…+105, embedded servers +110, +111) is free right now. */
async function freePortBase(): Promise<number> {
  for (;;) {
    const base = (await freePort()) - 120;
    if (base < 1024 || base > 65_000) continue;
    const ports = [0, 101, 102, 103, 104, 105, 110, 111].map((offset) => base + offset);
    if ((await Promise.all(ports.map(canListen))).every(Boolean)) return base;
  }
}

/** A machine with nothing listening at the addresses the launcher probes. */
async function bareMachineEnv(dataDir: string): Promise<Record<string, string>> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !INHERITED.includes(name)),
  ) as Record<string, string>;
  return {
    ...env,
    MEGAHUB_DATA_DIR: dataDir,
    MEGAHUB_PROBE_DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/megahub`,
    MEGAHUB_PROBE_NATS_URL: `nats://127.0.0.1:${await freePort()}`,
    LOG_LEVEL: 'warn',
  };
}

type Launcher = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function launch(script: string, env: Record<string, string>): Launcher {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', script)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitHealthy(launcher: Launcher, gateway: string): Promise<void> {
  await eventually(
    async () => {
      if (launcher.child.exitCode !== null) throw new Error(`npm start exited:\n${launcher.output()}`);
      return (await fetch(`${gateway}/health`)).status === 200 ? true : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 250, what: `the stack to be ready:\n${launcher.output()}` },
  );
}

/** Whether the embedded servers of a data folder are gone: no postmaster.pid, no live nats-server. */
function serversStopped(dataDir: string): boolean {
  const pidFile = path.join(dataDir, 'nats', 'nats-server.pid');
  const natsPid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined;
  const natsAlive =
    natsPid !== undefined &&
    (() => {
      try {
        process.kill(natsPid, 0);
        return true;
      } catch {
        return false;
      }
    })();
  return !existsSync(path.join(dataDir, 'postgres', 'data', 'postmaster.pid')) && !natsAlive;
}

describe('embedded servers (npm start on a machine without Postgres or NATS)', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'megahub-e2e-embedded-'));
    // mkdtemp makes it 0700: as root, Postgres runs as the postgres OS user, which must get through.
    chmodSync(dataDir, 0o755);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('should run the stack on private servers, stop them on Ctrl-C, and keep the data for the next start', async () => {
    const base = await freePortBase();
    const env = { ...(await bareMachineEnv(dataDir)), PORT_BASE: String(base) };
    const gateway = `http://127.0.0.1:${base}`;
    const brand = newBrandId();
    const headers = {
      Authorization: `Bearer ${mintToken({ brands: [{ id: brand, name: 'Embedded', role: 'admin' }] })}`,
      'X-Brand-ID': String(brand),
      'Content-Type': 'application/json',
    };

    const first = launch('start.js', env);
    await waitHealthy(first, gateway);
    expect(first.output()).toMatch(
      /postgres: DATABASE_URL is not set and nothing answers at 127\.0\.0\.1:\d+: starting a private server/,
    );
    expect(first.output()).toMatch(/nats: NATS_URL is not set and nothing answers/);
    // The launcher says when the stack is ready and where to go.
    await eventually(
      async () => (first.output().includes(`ready: http://localhost:${base}/tasks/`) ? true : undefined),
      {
        timeoutMs: 10_000,
        what: 'the ready line',
      },
    );
    // The task-core of this stack is on PORT_BASE + 101.
    expect((await fetch(`http://127.0.0.1:${base + 101}/health`)).status).toBe(200);
    const created = await fetch(`${gateway}/tasks/`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ task_type: 'noop' }),
    });
    expect(created.status).toBe(201);
    const task = (await created.json()) as { id: number; task_id: string };
    // The reference worker runs it: NATS (JetStream) and Postgres both work.
    await eventually(
      async () => {
        const body = (await (await fetch(`${gateway}/tasks/${task.id}/`, { headers })).json()) as {
          status: string;
        };
        return body.status === 'completed' ? body : undefined;
      },
      { timeoutMs: 30_000, what: 'the task to complete' },
    );

    first.child.kill('SIGINT');
    await expect(first.exited).resolves.toBe(0);
    expect(first.output()).toContain(`private servers stopped; their data stays in ${dataDir}`);
    expect(serversStopped(dataDir)).toBe(true);
    expect(readdirSync(dataDir)).not.toContain('launcher.json');

    const second = launch('start.js', env);
    try {
      await waitHealthy(second, gateway);
      expect(second.output()).toMatch(/starting a private server .* with its data kept in/);
      const again = await fetch(`${gateway}/tasks/${task.id}/`, { headers });
      await expect(again.json()).resolves.toMatchObject({ task_id: task.task_id, status: 'completed' });
    } finally {
      second.child.kill('SIGINT');
      await second.exited;
    }
    expect(serversStopped(dataDir)).toBe(true);
  }, 420_000);

  it('should exit at once, naming the app, when a port of its block is taken', async () => {
    const base = await freePortBase();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(base + 101, '0.0.0.0', resolve));
    try {
      const busy = launch('start.js', { ...(await bareMachineEnv(dataDir)), PORT_BASE: String(base) });
      await expect(busy.exited).resolves.toBe(1);
      expect(busy.output().trim()).toBe(
        `port ${base + 101} (task-core) is already in use (another stack?): set PORT_BASE (e.g. PORT_BASE=4000) to move every port of this one`,
      );
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('should exit at once, before building, with one line naming a missing binary', async () => {
    const missing = launch('start.js', {
      ...(await bareMachineEnv(dataDir)),
      NATS_SERVER_BIN: path.join(dataDir, 'no', 'nats-server'),
    });
    const started = Date.now();
    await expect(missing.exited).resolves.toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(missing.output().trim().split('\n')).toEqual([
      `NATS_SERVER_BIN=${path.join(dataDir, 'no', 'nats-server')} does not exist: point it at a nats-server binary`,
    ]);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('should migrate on a private Postgres on a non-default port, then stop it cleanly', async () => {
    const env = await bareMachineEnv(dataDir);
    const plan = await planLocalServers({
      env,
      needs: ['postgres'],
      root: ROOT,
      ports: { postgres: await freePort() },
    });
    expect(plan.choices.postgres).toEqual({ kind: 'embedded' });
    const servers = await startLocalServers(plan, () => undefined);
    try {
      const migrate = launch('migrate.js', { ...env, ...servers.env });
      await expect(migrate.exited).resolves.toBe(0);
      const client = new Client({ connectionString: servers.env.DATABASE_URL });
      await client.connect();
      try {
        const { rows } = await client.query<{ schema_name: string }>(
          "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'task\\_%' ORDER BY 1",
        );
        expect(rows.map((row) => row.schema_name)).toEqual([
          'task_core',
          'task_monitoring',
          'task_persistence',
          'task_scheduling',
        ]);
      } finally {
        await client.end();
      }
    } finally {
      await servers.stop();
    }
    expect(serversStopped(dataDir)).toBe(true);
  }, 180_000);

  it('should refuse a port already in use for a private server, and leave nothing behind', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as { port: number }).port;
    try {
      const plan = await planLocalServers({
        env: await bareMachineEnv(dataDir),
        needs: ['nats'],
        root: ROOT,
        ports: { nats: port },
      });
      await expect(startLocalServers(plan, () => undefined)).rejects.toThrow(
        `port ${port}, for the embedded nats, is in use: set PORT_BASE to move this stack's ports`,
      );
      expect(readdirSync(dataDir)).not.toContain('launcher.json');
      expect(serversStopped(dataDir)).toBe(true);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('should plan a private Postgres when the one answering refuses the default login (a system server asking for a password)', async () => {
    // The machine's Postgres answers on 5432; a role it does not have plays a server that refuses `postgres`.
    const env = {
      ...(await bareMachineEnv(dataDir)),
      MEGAHUB_PROBE_DATABASE_URL: 'postgres://no_such_role_megahub@127.0.0.1:5432/megahub',
    };
    const plan = await planLocalServers({ env, needs: ['postgres'], root: ROOT });
    expect(plan.choices.postgres).toEqual({ kind: 'embedded' });
    expect(plan.reasons.postgres).toBe(
      'the server at 127.0.0.1:5432 refuses postgres://no_such_role_megahub@127.0.0.1:5432/megahub (role "no_such_role_megahub" does not exist)',
    );
  });

  it('should let npm run migrate start the private Postgres for its own time when nothing runs', async () => {
    const migrate = launch('migrate.js', {
      ...(await bareMachineEnv(dataDir)),
      PORT_BASE: String(await freePortBase()),
    });
    await expect(migrate.exited).resolves.toBe(0);
    expect(migrate.output()).toMatch(/postgres: DATABASE_URL is not set .* starting a private server/);
    expect(serversStopped(dataDir)).toBe(true);
  }, 180_000);
});
