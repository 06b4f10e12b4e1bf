// The peers, each tuned as its documentation advises, behind one small interface:
//   setup()            fresh storage (own database / Redis prefix), migrations
//   producer()         { add(data), addBulk(datas), close() }      — used by the peer server
//   worker(opts)       { start(), stop() }  calling opts.onJob(data) — used by the peer worker
//   reset(), teardown()
// graphile-worker 0.16 and pg-boss 10 are the versions that run on Node 20; BullMQ 6 on the local Redis.
'use strict';
const path = require('node:path');
const db = require('../lib/db');

const QUEUE = 'noop';

/** BullMQ needs `ioredis`; the project may not have it, in which case the run skips BullMQ. */
function bullmqAvailable() {
  try {
    require.resolve('ioredis');
    return true;
  } catch {
    return false;
  }
}

/** A quiet graphile-worker logger: its default logs one line per job, which is not what we measure. */
function graphileLogger() {
  const { Logger } = require('graphile-worker');
  return new Logger(() => (level, message) => {
    if (level === 'error') process.stderr.write(`graphile-worker: ${message}\n`);
  });
}

const systems = {
  floor: {
    kind: 'postgres',
    describe: () => 'bare Fastify + one INSERT (pg Pool, prepared statement), jobs table with a partial claim index',
    async setup(ctx) {
      ctx.url = await db.createDatabase(ctx.dbName);
      await db.query(
        ctx.url,
        `CREATE TABLE jobs (id bigserial PRIMARY KEY, queue text NOT NULL, priority int NOT NULL DEFAULT 0,
           state text NOT NULL DEFAULT 'available', run_at timestamptz NOT NULL DEFAULT now(), attempts int NOT NULL DEFAULT 0,
           payload jsonb, created_at timestamptz NOT NULL DEFAULT now());
         CREATE INDEX jobs_claim ON jobs (queue, priority DESC, run_at, id) WHERE state = 'available';`,
      );
    },
    producer(ctx) {
      const { Pool } = require('pg');
      const pool = new Pool({ connectionString: ctx.url, max: ctx.poolSize ?? 16 });
      return {
        async add(data) {
          const r = await pool.query({ name: 'ins', text: 'INSERT INTO jobs (queue, payload) VALUES ($1, $2) RETURNING id', values: [QUEUE, data] });
          return r.rows[0].id;
        },
        async addBulk(datas) {
          const r = await pool.query({
            name: 'bulk',
            text: `INSERT INTO jobs (queue, payload) SELECT $1, x FROM jsonb_array_elements($2::jsonb) x`,
            values: [QUEUE, JSON.stringify(datas)],
          });
          return r.rowCount;
        },
        close: () => pool.end(),
      };
    },
    async reset(ctx) {
      await db.query(ctx.url, 'TRUNCATE jobs');
      await db.query(ctx.url, 'VACUUM ANALYZE jobs');
    },
    async teardown(ctx) {
      await db.dropDatabase(ctx.dbName);
    },
  },

  'graphile-worker': {
    kind: 'postgres',
    describe: (o) =>
      `graphile-worker ${require('graphile-worker/package.json').version}: run() concurrency ${o?.concurrency}, ` +
      `maxPoolSize ${o?.poolSize}, prepared statements, LISTEN/NOTIFY (0.16 has no localQueue / completeJobBatchDelay / JS addJobs; bulk = SQL add_jobs)`,
    async setup(ctx) {
      ctx.url = await db.createDatabase(ctx.dbName);
      const { runMigrations } = require('graphile-worker');
      await runMigrations({ connectionString: ctx.url, logger: graphileLogger() });
    },
    async producer(ctx) {
      const { makeWorkerUtils } = require('graphile-worker');
      const utils = await makeWorkerUtils({ connectionString: ctx.url, logger: graphileLogger() });
      await utils.migrate();
      return {
        async add(data) {
          const job = await utils.addJob(QUEUE, data);
          return job.id;
        },
        // 0.16 has the SQL function add_jobs (one statement, one NOTIFY) but not yet the JS addJobs wrapper.
        addBulk: (datas) =>
          utils.withPgClient(async (client) => {
            const r = await client.query(
              `SELECT 1 FROM graphile_worker.add_jobs(
                 (SELECT array_agg(ROW($1::text, x, NULL, NULL, NULL, NULL, NULL, NULL)::graphile_worker.job_spec)
                  FROM json_array_elements($2::json) x))`,
              [QUEUE, JSON.stringify(datas)],
            );
            return r.rowCount;
          }),
        close: () => utils.release(),
      };
    },
    worker(ctx, opts) {
      const { run } = require('graphile-worker');
      let runner;
      return {
        async start() {
          runner = await run({
            connectionString: ctx.url,
            concurrency: opts.concurrency,
            maxPoolSize: opts.poolSize,
            pollInterval: 2000,
            noHandleSignals: true,
            logger: graphileLogger(),
            taskList: { [QUEUE]: async (payload) => opts.onJob(payload) },
          });
          runner.events.on('job:complete', ({ error }) => opts.onCompleted?.(error ? 0 : 1));
        },
        stop: () => runner?.stop(),
      };
    },
    async pending(ctx) {
      const [{ n }] = await db.query(ctx.url, 'SELECT count(*)::int AS n FROM graphile_worker.jobs');
      return n;
    },
    async reset(ctx) {
      await db.query(ctx.url, 'DELETE FROM graphile_worker._private_jobs');
      await db.query(ctx.url, 'VACUUM ANALYZE graphile_worker._private_jobs');
    },
    async teardown(ctx) {
      await db.dropDatabase(ctx.dbName);
    },
  },

  'pg-boss': {
    kind: 'postgres',
    describe: (o) =>
      `pg-boss ${require('pg-boss/package.json').version}: ${o?.workers} work() loops x batchSize ${o?.batchSize}, ` +
      `pollingIntervalSeconds 0.5 (the minimum), notifyWorker() after a full batch, pool max ${o?.poolSize}`,
    async setup(ctx) {
      ctx.url = await db.createDatabase(ctx.dbName);
      const boss = await startBoss(ctx, { supervise: false, schedule: false });
      await boss.createQueue(QUEUE);
      await boss.stop({ graceful: false, wait: true });
    },
    async producer(ctx) {
      const boss = await startBoss(ctx, { supervise: false, schedule: false, max: ctx.poolSize ?? 10 });
      return {
        add: (data) => boss.send(QUEUE, data),
        async addBulk(datas) {
          await boss.insert(datas.map((data) => ({ name: QUEUE, data })));
          return datas.length;
        },
        close: () => boss.stop({ graceful: false, wait: true }),
      };
    },
    worker(ctx, opts) {
      let boss;
      return {
        async start() {
          boss = await startBoss(ctx, { supervise: false, schedule: false, max: opts.poolSize });
          for (let i = 0; i < opts.workers; i++) {
            let id;
            id = await boss.work(QUEUE, { batchSize: opts.batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
              // A full batch means more is waiting: skip the polling pause (the documented notifyWorker()).
              if (jobs.length === opts.batchSize && id) boss.notifyWorker(id);
              await Promise.all(jobs.map((job) => opts.onJob(job.data)));
            });
          }
        },
        stop: () => boss?.stop({ graceful: false, wait: true }),
      };
    },
    async pending(ctx) {
      const [{ busy }] = await db.query(
        ctx.url,
        `SELECT EXISTS (SELECT 1 FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')) AS busy`,
        [QUEUE],
      );
      return busy ? 1 : 0;
    },
    async reset(ctx) {
      await db.query(ctx.url, 'DELETE FROM pgboss.job');
      await db.query(ctx.url, 'VACUUM ANALYZE pgboss.job');
    },
    async teardown(ctx) {
      await db.dropDatabase(ctx.dbName);
    },
  },

  bullmq: {
    kind: 'redis',
    available: bullmqAvailable,
    describe: (o) =>
      `BullMQ ${require('bullmq/package.json').version} on Redis 127.0.0.1:6379 (no fsync): Worker concurrency ${o?.concurrency}, ` +
      `removeOnComplete, add / addBulk`,
    async setup(ctx) {
      ctx.prefix = `bench-${ctx.id}`;
    },
    producer(ctx) {
      const { Queue } = require('bullmq');
      const queue = new Queue(QUEUE, {
        connection: redisConnection(),
        prefix: ctx.prefix,
        defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000 },
      });
      return {
        async add(data) {
          const job = await queue.add(QUEUE, data);
          return job.id;
        },
        async addBulk(datas) {
          await queue.addBulk(datas.map((data) => ({ name: QUEUE, data })));
          return datas.length;
        },
        close: () => queue.close(),
      };
    },
    worker(ctx, opts) {
      const { Worker } = require('bullmq');
      let worker;
      return {
        async start() {
          worker = new Worker(QUEUE, async (job) => opts.onJob(job.data), {
            connection: redisConnection(),
            prefix: ctx.prefix,
            concurrency: opts.concurrency,
            autorun: false,
          });
          worker.on('completed', () => opts.onCompleted?.(1));
          worker.on('error', () => undefined);
          void worker.run();
        },
        stop: () => worker?.close(),
      };
    },
    async pending(ctx) {
      const { Queue } = require('bullmq');
      const queue = new Queue(QUEUE, { connection: redisConnection(), prefix: ctx.prefix });
      try {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused');
        return Object.values(counts).reduce((a, b) => a + b, 0);
      } finally {
        await queue.close();
      }
    },
    async reset(ctx) {
      const { Queue } = require('bullmq');
      const queue = new Queue(QUEUE, { connection: redisConnection(), prefix: ctx.prefix });
      try {
        await queue.obliterate({ force: true });
      } finally {
        await queue.close();
      }
    },
    async teardown(ctx) {
      await this.reset(ctx).catch(() => undefined);
    },
  },
};

function redisConnection() {
  const url = new URL(process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379');
  return { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null, enableOfflineQueue: true };
}

async function startBoss(ctx, options) {
  const PgBoss = require('pg-boss');
  const boss = new PgBoss({ connectionString: ctx.url, max: options.max ?? 10, ...options });
  boss.on('error', (error) => process.stderr.write(`pg-boss: ${error.message}\n`));
  await boss.start();
  return boss;
}

module.exports = { systems, QUEUE, bullmqAvailable, PEERS_DIR: path.resolve(__dirname) };
