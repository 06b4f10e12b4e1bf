// Our system as deployed: each app a separate `node main.js` process, a fresh database migrated with
// the apps' own `main.js migrate`, and a NATS namespace of its own (the JS twin of libs/testing's stack).
'use strict';
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const jwt = require('jsonwebtoken');
const { connect } = require('nats');
const db = require('./db');
const { startNode, waitHttp } = require('./procs');
const { freePort, log, sleep } = require('./util');

const ROOT = path.resolve(__dirname, '..', '..');
const SERVICES = ['task-core', 'task-monitoring', 'task-persistence', 'task-scheduling'];
const ALL_APPS = [...SERVICES, 'gateway', 'worker'];
const NATS_URL = process.env.BENCH_NATS_URL || 'nats://127.0.0.1:4222';
// Production mode (as deployed) refuses the development secret: the bench signs with its own.
const JWT_SECRET = `bench-${randomBytes(24).toString('hex')}`;

/**
 * Copies dist/apps/<app>/main.js into the run directory: other engineers rebuild dist/ while a run is
 * in progress, and every process of one run must be the same build. The copy stays inside the repo so
 * that node resolves node_modules as it does for dist/.
 */
function snapshotDist(runDir) {
  const target = path.join(runDir, 'dist');
  for (const app of ALL_APPS) {
    const src = path.join(ROOT, 'dist', 'apps', app, 'main.js');
    if (!fs.existsSync(src)) throw new Error(`${src} is missing: run \`npm run build\` first`);
    fs.mkdirSync(path.join(target, app), { recursive: true });
    fs.copyFileSync(src, path.join(target, app, 'main.js'));
  }
  return target;
}

class OurStack {
  constructor({ runDir, distDir, logDir, brandId = 9 }) {
    this.runDir = runDir;
    this.distDir = distDir;
    this.logDir = logDir;
    this.namespace = `bench${randomBytes(4).toString('hex')}`;
    this.dbName = `megahub_${this.namespace}`;
    this.brandId = brandId;
    this.procs = [];
    this.workers = [];
    this.token = jwt.sign({ sub: '1', username: 'bench', brands: [{ id: brandId, name: 'Bench', role: 'admin' }] }, JWT_SECRET, {
      algorithm: 'HS256',
      expiresIn: 24 * 3600,
    });
  }

  get headers() {
    return { authorization: `Bearer ${this.token}`, 'x-brand-id': String(this.brandId), 'content-type': 'application/json' };
  }

  baseEnv() {
    return {
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn',
      DATABASE_URL: this.databaseUrl,
      NATS_URL,
      NATS_NAMESPACE: this.namespace,
      JWT_SECRET,
      ALERT_WEBHOOK_SECRET: JWT_SECRET,
      // Throughput is measured, not timeouts: a 1,000-task bulk on a box loaded by others may take > 5 s.
      NATS_REQUEST_TIMEOUT_MS: '30000',
      ...(this.extraEnv ?? {}),
    };
  }

  main(app) {
    return path.join(this.distDir, app, 'main.js');
  }

  /** Fresh database, migrations, the four services and the gateway (no worker). */
  async start({ env = {}, scheduling = 1 } = {}) {
    this.extraEnv = env;
    this.databaseUrl = await db.createDatabase(this.dbName);
    for (const app of SERVICES) {
      const proc = startNode({ label: `${this.namespace}-migrate-${app}`, script: this.main(app), args: ['migrate'], env: this.baseEnv(), logDir: this.logDir });
      const code = await proc.exited;
      if (code !== 0) throw new Error(`migration of ${app} failed (${code}):\n${proc.recentLogs()}`);
    }
    const services = [];
    for (const app of SERVICES) {
      const replicas = app === 'task-scheduling' ? scheduling : 1;
      for (let i = 1; i <= replicas; i++) services.push(this.startApp(app, { label: `${app}-${i}` }));
    }
    await Promise.all(services);
    this.gatewayPort = await freePort();
    this.gateway = await this.startApp('gateway', { env: { GATEWAY_PORT: String(this.gatewayPort) }, port: this.gatewayPort });
    this.url = `http://127.0.0.1:${this.gatewayPort}`;
    await waitHttp(`${this.url}/health`, { proc: this.gateway });
    log(`ours: stack up (namespace ${this.namespace}, gateway :${this.gatewayPort})`);
    return this;
  }

  async startApp(app, { env = {}, label = app, port } = {}) {
    const httpPort = port ?? (await freePort());
    // BENCH_CPU_PROF=gateway,task-core profiles those apps over each measured window (bench/tools/prof-hook.js).
    const profiled = (process.env.BENCH_CPU_PROF || '').split(',').includes(app);
    const proc = startNode({
      label: `${this.namespace}-${label}`,
      script: this.main(app),
      env: {
        ...this.baseEnv(),
        HTTP_PORT: String(httpPort),
        ...env,
        ...(profiled ? { BENCH_PROF_DIR: path.join(this.runDir, 'profiles'), BENCH_PROF_NAME: label } : {}),
      },
      logDir: this.logDir,
      nodeArgs: profiled ? ['--require', path.join(__dirname, '..', 'tools', 'prof-hook.js')] : [],
    });
    proc.profiled = profiled;
    proc.app = app;
    proc.httpPort = httpPort;
    this.procs.push(proc);
    await waitHttp(`http://127.0.0.1:${httpPort}/health${app === 'gateway' ? '/live' : ''}`, { proc, timeoutMs: 90_000 });
    return proc;
  }

  /** Reference workers (dist/apps/worker) on one queue, running only `noop`. */
  async startWorkers({ count, concurrency, queue, taskTypes = 'noop', env = {} }) {
    const started = [];
    for (let i = 0; i < count; i++) {
      started.push(
        this.startApp('worker', {
          label: `worker-${queue}-${i + 1}`,
          env: { WORKER_QUEUES: queue, WORKER_CONCURRENCY: String(concurrency), WORKER_TASK_TYPES: taskTypes, ...env },
        }),
      );
    }
    const procs = await Promise.all(started);
    this.workers.push(...procs);
    return procs;
  }

  async stopWorkers() {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.stop(10_000)));
  }

  /** Starts (then, called again, writes) the CPU profiles of the profiled processes. */
  toggleProfiles() {
    for (const p of this.procs) if (p.profiled && p.running) p.child.kill('SIGUSR2');
  }

  /**
   * With BENCH_PG_STATS=1, the statements of a measured window: `statements()` at its start resets
   * pg_stat_statements, `statements(label)` at its end writes the top statements by total time to
   * `<run>/statements-<label>.txt`.
   */
  async statements(label) {
    if (!process.env.BENCH_PG_STATS) return;
    if (!label) return void (await this.sql('SELECT pg_stat_statements_reset()'));
    const rows = await this.sql(
      `SELECT calls, round(total_exec_time)::int AS total_ms, round((total_exec_time / calls)::numeric, 3) AS mean_ms, rows,
         regexp_replace(left(query, 160), '\\s+', ' ', 'g') AS query
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       ORDER BY total_exec_time DESC LIMIT 25`,
    );
    const text = rows.map((r) => `${String(r.total_ms).padStart(8)} ms ${String(r.calls).padStart(7)} calls ${String(r.mean_ms).padStart(9)} ms/call ${String(r.rows).padStart(8)} rows  ${r.query}`).join('\n');
    fs.writeFileSync(path.join(this.runDir, `statements-${label}.txt`), `${text}\n`);
  }

  /** Every process of the stack that is running (for CPU accounting). */
  running() {
    return this.procs.filter((p) => p.running);
  }

  sql(text, params) {
    return db.query(this.databaseUrl, text, params);
  }

  /** Empties the task tables between cells so that every cell starts from the same state. */
  async reset() {
    await this.sql(`TRUNCATE task_core.task, task_core.queue_item, task_core.task_search, task_core.outbox`);
    for (const table of ['task', 'queue_item', 'task_search', 'outbox']) await this.sql(`VACUUM ANALYZE task_core.${table}`);
  }

  /** Waits until the outbox relay caught up (events of the previous cell are not charged to the next). */
  async settle(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const [{ n }] = await this.sql(`SELECT count(*)::int AS n FROM task_core.outbox`);
      if (n === 0) return;
      await sleep(200);
    }
  }

  async stop() {
    await Promise.all(this.procs.map((p) => p.stop(10_000)));
    const nc = await connect({ servers: NATS_URL.split(',') }).catch(() => null);
    if (nc) {
      const jsm = await nc.jetstreamManager().catch(() => null);
      await jsm?.streams.delete(`${this.namespace}_events`).catch(() => undefined);
      await nc.close();
    }
    await db.dropDatabase(this.dbName);
  }
}

module.exports = { OurStack, snapshotDist, SERVICES, ALL_APPS, NATS_URL, ROOT };
