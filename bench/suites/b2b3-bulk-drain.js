// B2 and B3 share a cell: B2 bulk-enqueues the backlog (20 batches of 1,000 from one client), then B3
// starts the workers and drains it.
//   B2 ours: POST /tasks/bulk/ (1,000 tasks, one transaction); peers: their bulk call made directly
//   from a client process (graphile-worker add_jobs, pg-boss insert, BullMQ addBulk); floor: one
//   INSERT … SELECT over a JSON array.
//   B3: the same total concurrency for every system; from the first task started to the last
//   completion persisted. Ours: reference workers (dist/apps/worker), times read from the task rows
//   (first started_at, last completed_at: both set by task-core's statements). graphile-worker and
//   BullMQ: first handler start to the last completion their store acknowledged (job:complete /
//   completed events, after the completing statement or script returned). pg-boss completes
//   without awaiting: its rows' started_on / completed_on.
'use strict';
const { nowMs, sleep, waitFor, log } = require('../lib/util');
const { taskBody, cpuMeter, cpuByProcess, CONTEXT } = require('./common');

const BATCH = 1000;

module.exports = {
  ids: ['B2', 'B3'],
  systems: ['ours', 'floor', 'graphile-worker', 'pg-boss', 'bullmq'],

  async prepare(run) {
    for (const peer of run.peerList(this.systems)) if (!peer.server) await peer.startServer();
    const { tasks } = run.config.b3;
    this.bodies = [];
    for (let b = 0; b < tasks / BATCH; b++) {
      this.bodies.push(JSON.stringify({ tasks: Array.from({ length: BATCH }, (_, i) => taskBody('b3', { n: b * BATCH + i })) }));
    }
  },

  async cell(run, system, rep) {
    const { tasks } = run.config.b3;
    if (system === 'ours') return this.ours(run, rep);
    const peer = run.peers[system];
    await peer.reset();
    peer.server.send({ type: 'bulk', batches: tasks / BATCH, size: BATCH, data: CONTEXT });
    const bulk = await peer.server.next('bulk-done', 300_000);
    const b2 = (bulk.created / bulk.ms) * 1000;
    if (system === 'floor') return { B2: { value: b2, detail: bulk } };

    await sleep(500);
    const opts = run.config.b3.peers[system];
    const worker = await peer.spawnWorker(opts, { expected: system === 'pg-boss' ? undefined : tasks });
    const cpu = cpuMeter([worker]);
    const drained = system === 'pg-boss' ? null : worker.next('drained', run.config.b3.timeoutMs);
    worker.send({ type: 'start' });
    let seconds;
    if (drained) {
      const d = await drained;
      seconds = (d.lastCompletion - d.firstStart) / 1000;
    } else {
      await waitFor(async () => (await peer.pending()) === 0, { timeoutMs: run.config.b3.timeoutMs, intervalMs: 250, what: 'pg-boss drain' });
      const [row] = await require('../lib/db').query(
        peer.ctx.url,
        `SELECT extract(epoch FROM max(completed_on) - min(started_on))::float8 AS s, count(*)::int AS n FROM pgboss.job WHERE state = 'completed'`,
      );
      if (row.n !== tasks) throw new Error(`pg-boss completed ${row.n} of ${tasks}`);
      seconds = row.s;
    }
    const cpuMs = cpu.end();
    worker.send({ type: 'stop' });
    await worker.exited;
    return {
      B2: { value: b2, detail: bulk },
      B3: { value: tasks / seconds, detail: { seconds, worker_cpu_ms_per_task: cpuMs / tasks, config: opts } },
    };
  },

  async ours(run, rep) {
    const ours = run.ours;
    const { tasks, ours: opts } = run.config.b3;
    await ours.settle();
    await ours.reset();
    await ours.statements();
    ours.toggleProfiles(); // profiles the bulk enqueue
    const b2Cpu = cpuByProcess(run, ours.running());
    const started = nowMs();
    for (const body of this.bodies) {
      // Ids only (Prefer: return=minimal), as a client enqueuing at scale asks: the peers' bulk calls answer no full rows either.
      const res = await fetch(`${ours.url}/tasks/bulk/`, { method: 'POST', headers: { ...ours.headers, prefer: 'return=minimal' }, body });
      if (res.status !== 201) throw new Error(`bulk create answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      await res.arrayBuffer();
    }
    const b2Ms = nowMs() - started;
    const b2CpuByProcess = b2Cpu.end(tasks);
    ours.toggleProfiles();
    await ours.statements(`B2-${rep}`);
    // The backlog's events (created) are relayed before the drain starts: B2's work is not charged to B3.
    await ours.settle();
    await sleep(500);

    const cpu = cpuMeter(ours.running());
    await ours.statements();
    const workers = await ours.startWorkers({ count: opts.processes, concurrency: opts.concurrency, queue: 'b3' });
    const b3Cpu = cpuByProcess(run, ours.running());
    ours.toggleProfiles(); // profiles the drain from the moment the workers are up
    const workerCpu = cpuMeter(workers);
    await waitFor(
      async () => {
        // Cheap on purpose (the queue's two partial indexes, no count): the poll must not slow down the drain it watches.
        const [{ busy }] = await ours.sql(
          `SELECT EXISTS (SELECT 1 FROM task_core.queue_item WHERE worker_id IS NULL AND queue = 'b3')
             OR EXISTS (SELECT 1 FROM task_core.queue_item WHERE worker_id IS NOT NULL AND lease_expires_at IS NOT NULL) AS busy`,
        );
        return !busy;
      },
      { timeoutMs: run.config.b3.timeoutMs, intervalMs: 250, what: 'our drain' },
    );
    const [row] = await ours.sql(
      `SELECT extract(epoch FROM max(completed_at) - min(started_at))::float8 AS s, count(*)::int AS n,
         sum(attempts)::int AS attempts FROM task_core.task WHERE queue = 'b3' AND status = 'completed'`,
    );
    const cpuMs = cpu.end() + workerCpu.end();
    const b3CpuByProcess = b3Cpu.end(tasks);
    ours.toggleProfiles();
    await ours.statements(`B3-${rep}`);
    await ours.stopWorkers();
    if (row.n !== tasks) throw new Error(`ours completed ${row.n} of ${tasks}`);
    if (row.attempts !== tasks) log(`ours: ${row.attempts - tasks} extra attempts during the drain`);
    return {
      B2: { value: (tasks / b2Ms) * 1000, detail: { ms: b2Ms, cpu_ms_per_task_by_process: b2CpuByProcess } },
      B3: {
        value: tasks / row.s,
        detail: {
          seconds: row.s,
          extra_attempts: row.attempts - tasks,
          cpu_ms_per_task_all_our_processes: cpuMs / tasks,
          cpu_ms_per_task_by_process: b3CpuByProcess,
          config: opts,
        },
      },
    };
  },
};
