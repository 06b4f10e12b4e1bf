// A peer's worker process running no-op jobs. BENCH_PEER = {"system", "ctx", "opts", "expected"}.
// IPC: 'start' starts the library's worker (the process and its modules are already loaded);
// it reports 'probe' {id, t} when a job carrying a probe id starts (B4, t = CLOCK_MONOTONIC ms) and
// 'drained' once `expected` completions were acknowledged by the store (B3).
'use strict';
const { systems } = require('./systems');

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

async function main() {
  const { system: name, ctx, opts, expected } = JSON.parse(process.env.BENCH_PEER);
  const system = systems[name];
  let firstStart = null;
  let completed = 0;
  let startedAt = null;
  let lastCompletion = null;
  const worker = system.worker(ctx, {
    ...opts,
    onJob(data) {
      const t = nowMs();
      if (firstStart === null) firstStart = t;
      if (data && data.probe !== undefined) process.send({ type: 'probe', id: data.probe, t });
    },
    onCompleted(n) {
      completed += n;
      lastCompletion = nowMs();
      if (expected && completed === expected) {
        process.send({ type: 'drained', startedAt, firstStart, lastCompletion, completed });
      }
    },
  });
  process.on('message', async (message) => {
    if (message.type === 'start') {
      startedAt = nowMs();
      await worker.start();
      process.send({ type: 'started', startedAt });
    } else if (message.type === 'stop') {
      await Promise.race([worker.stop(), new Promise((r) => setTimeout(r, 5000))]);
      process.exit(0);
    }
  });
  process.on('SIGTERM', () => process.exit(0));
  process.send({ type: 'ready' });
}

main().catch((error) => {
  process.stderr.write(`peer worker failed: ${error.stack}\n`);
  process.exit(1);
});
