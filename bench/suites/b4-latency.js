// B4: enqueue → handler-start latency at 200 tasks/s, open loop. Every system is driven over HTTP the
// same way (ours through the gateway, peers through their Fastify route); the instant a request is
// written and the instant the handler starts are both CLOCK_MONOTONIC, shared by all processes.
// Ours: a libs/worker-sdk Worker process (bench/ours/probe-worker.js); peers: their worker process.
'use strict';
const path = require('node:path');
const { openLoop } = require('../lib/load');
const { startNode } = require('../lib/procs');
const { percentiles, sleep } = require('../lib/util');
const { NATS_URL } = require('../lib/ours');
const { taskBody, peerBody, cpuByProcess } = require('./common');

const CONCURRENCY = 16;

module.exports = {
  ids: ['B4'],
  systems: ['ours', 'graphile-worker', 'pg-boss', 'bullmq'],

  async prepare(run) {
    for (const peer of run.peerList(this.systems)) if (!peer.server) await peer.startServer();
  },

  async cell(run, system, rep) {
    const { durationS, warmupS, rate: RATE } = run.config.b4;
    const starts = new Map();
    let worker;
    let url;
    let headers;
    let bodyFor;
    if (system === 'ours') {
      const ours = run.ours;
      await ours.settle();
      await ours.reset();
      worker = startNode({
        label: `ours-probe-worker-${rep}`,
        script: path.join(__dirname, '..', 'ours', 'probe-worker.js'),
        env: { BENCH_OURS: JSON.stringify({ servers: NATS_URL.split(','), namespace: ours.namespace, queue: 'b4', concurrency: CONCURRENCY }) },
        logDir: run.logDir,
        ipc: true,
      });
      await worker.next('ready');
      url = `${ours.url}/tasks/`;
      headers = ours.headers;
      bodyFor = (i) => taskBody('b4', { probe: i });
    } else {
      const peer = run.peers[system];
      await peer.reset();
      worker = await peer.spawnWorker(run.config.b4.peers[system], { label: `latency-worker-${rep}` });
      worker.send({ type: 'start' });
      await worker.next('started');
      url = `${peer.url}/tasks/`;
      headers = { 'content-type': 'application/json' };
      bodyFor = (i) => peerBody({ probe: i });
    }
    worker.on('probe', (m) => starts.set(m.id, m.t));
    await sleep(300);
    // Ours: CPU per task of each process (the probe worker included) and, with BENCH_CPU_PROF, profiles.
    const cpu = system === 'ours' ? cpuByProcess(run, [...run.ours.running(), worker]) : null;
    if (system === 'ours') {
      run.ours.toggleProfiles();
      await run.ours.statements();
    }
    const sent = new Map();
    const answered = new Map();
    const load = await openLoop({
      url,
      headers,
      bodyFor,
      rate: RATE,
      durationS: durationS + warmupS,
      onSent: (i, t) => sent.set(i, t),
      onAnswered: (i, t) => answered.set(i, t),
    });
    const cpuPerTask = cpu?.end(load.sent);
    if (system === 'ours') {
      run.ours.toggleProfiles();
      await run.ours.statements(`B4-${rep}`);
    }
    await sleep(system === 'pg-boss' ? 2000 : 500);
    worker.send({ type: 'stop' });
    await Promise.race([worker.exited, sleep(6000)]);
    if (worker.running) await worker.stop(2000);

    const skip = Math.round(RATE * warmupS);
    const latencies = [];
    // Where the time goes: until the enqueue is answered (201, committed), and from then to the start.
    const untilAnswer = [];
    let lost = 0;
    for (const [i, t] of sent) {
      if (i < skip) continue;
      const s = starts.get(i);
      if (s === undefined) lost++;
      else latencies.push(s - t);
      if (answered.has(i)) untilAnswer.push(answered.get(i) - t);
    }
    const p = percentiles(latencies);
    const a = percentiles(untilAnswer);
    if (process.env.BENCH_B4_DUMP) {
      const rows = [...sent].map(([i, t]) => [i, answered.get(i) - t, starts.get(i) - t].map((v) => Math.round(v * 10) / 10).join(' '));
      require('node:fs').writeFileSync(`${process.env.BENCH_B4_DUMP}-${system}-${rep}.txt`, rows.join('\n'));
    }
    return {
      B4: { value: p.p50, detail: { ...p, lost, failures: load.failures, sent: load.sent - skip, answer_p50: a.p50, answer_p99: a.p99, ...(cpuPerTask ? { cpu_ms_per_task_by_process: cpuPerTask } : {}) } },
      'B4-p99': { value: p.p99 },
    };
  },
};
