// Servers of the benchmark's own: a Postgres cluster, a nats-server with JetStream and a redis-server,
// each on a free port with a fixed configuration, so that every system meets identical settings and
// other users of the machine's servers (tests running at the same time) share neither WAL, buffers
// nor connections with the run. `--shared-services` uses the machine's servers instead.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { freePort, sleep, log } = require('./util');

const PG_BIN = process.env.BENCH_PG_BIN || '/usr/lib/postgresql/15/bin';
const PG_USER = 'postgres';
const NATS_BIN = process.env.BENCH_NATS_BIN || '/usr/sbin/nats-server';
const REDIS_BIN = process.env.BENCH_REDIS_BIN || '/usr/bin/redis-server';

/** The Postgres settings of the run (defaults otherwise: synchronous_commit on, fsync on). */
const PG_CONF = [
  'max_connections = 300',
  'shared_buffers = 512MB',
  'max_wal_size = 4GB',
  'checkpoint_timeout = 15min',
  "shared_preload_libraries = 'pg_stat_statements'",
  'pg_stat_statements.track = top',
  'log_min_messages = warning',
];

function osUser(name) {
  const uid = Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error(`no OS user ${name} to run Postgres as`);
  return { uid, gid };
}

function runAsPostgres(binary, args, cwd) {
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? 'runuser' : path.join(PG_BIN, binary);
  const argv = asRoot ? ['-u', PG_USER, '--', path.join(PG_BIN, binary), ...args] : args;
  const result = spawnSync(command, argv, { encoding: 'utf8', cwd, timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${binary} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

class PostgresServer {
  async start() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'megahub-bench-pg-'));
    if (process.getuid?.() === 0) {
      const { uid, gid } = osUser(PG_USER);
      fs.chownSync(this.dir, uid, gid);
    }
    this.port = await freePort();
    this.dataDir = path.join(this.dir, 'data');
    runAsPostgres('initdb', ['-D', this.dataDir, '--auth=trust', '-U', PG_USER, '-E', 'UTF8', '--locale=C', '--no-sync'], this.dir);
    fs.appendFileSync(
      path.join(this.dataDir, 'postgresql.conf'),
      [`port = ${this.port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${this.dir}'`, ...PG_CONF, ''].join('\n'),
    );
    runAsPostgres('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.dir, 'postgres.log'), '-w', '-t', '60', 'start'], this.dir);
    this.adminUrl = `postgres://${PG_USER}@127.0.0.1:${this.port}/postgres`;
    // In template1 too, so that every database of the run can read the statement statistics.
    for (const database of ['postgres', 'template1']) {
      const client = new Client({ connectionString: this.adminUrl.replace(/\/postgres$/, `/${database}`) });
      await client.connect();
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await client.end();
    }
    return this;
  }

  /** The postmaster's pid: its backends are its children (CPU accounting of the database). */
  get pid() {
    try {
      return Number(fs.readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return null;
    }
  }

  stop() {
    if (!this.dataDir) return;
    try {
      runAsPostgres('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop'], this.dir);
    } catch (error) {
      log(`postgres stop: ${error.message.split('\n')[0]}`);
    }
    if (process.env.BENCH_KEEP_SERVERS !== '1') fs.rmSync(this.dir, { recursive: true, force: true });
    this.dataDir = undefined;
  }
}

class ChildServer {
  constructor(name, bin, argsFor) {
    this.name = name;
    this.bin = bin;
    this.argsFor = argsFor;
  }

  async start() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `megahub-bench-${this.name}-`));
    this.port = await freePort();
    const logFile = fs.openSync(path.join(this.dir, `${this.name}.log`), 'a');
    this.child = spawn(this.bin, this.argsFor(this), { stdio: ['ignore', logFile, logFile], cwd: this.dir });
    this.exited = new Promise((resolve) => this.child.on('exit', resolve));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited before it was ready (see ${this.dir})`);
      if (await portOpen(this.port)) return this;
      if (Date.now() > deadline) throw new Error(`${this.name} not ready on ${this.port}`);
      await sleep(100);
    }
  }

  get pid() {
    return this.child?.pid ?? null;
  }

  async stop() {
    if (this.child && this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      await Promise.race([this.exited, sleep(5000)]);
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
    }
    if (this.dir && process.env.BENCH_KEEP_SERVERS !== '1') fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = require('node:net').connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** JetStream with its defaults (file store; acknowledged before fsync, sync_interval 2 min). */
const natsServer = () => new ChildServer('nats', NATS_BIN, (s) => ['-js', '-sd', path.join(s.dir, 'js'), '-a', '127.0.0.1', '-p', String(s.port)]);

/** Redis as BullMQ's documentation starts it: no persistence (its durability is the relaxed tier). */
const redisServer = () =>
  new ChildServer('redis', REDIS_BIN, (s) => ['--port', String(s.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', s.dir]);

async function startServers() {
  const [pg, nats, redis] = await Promise.all([new PostgresServer().start(), natsServer().start(), redisServer().start()]);
  return {
    pg,
    nats,
    redis,
    env: {
      BENCH_DATABASE_ADMIN_URL: pg.adminUrl,
      BENCH_NATS_URL: `nats://127.0.0.1:${nats.port}`,
      BENCH_REDIS_URL: `redis://127.0.0.1:${redis.port}`,
    },
    async stop() {
      await Promise.all([nats.stop(), redis.stop()]);
      pg.stop();
    },
  };
}

module.exports = { startServers, PG_CONF };
