// B4's worker for our system: a plain Node process running libs/worker-sdk's Worker (the SDK any Node
// service embeds, same code as the reference worker's), with a `noop` handler that records the instant
// it starts (CLOCK_MONOTONIC) and tells the harness over IPC. BENCH_OURS = {servers, namespace, queue, concurrency}.
'use strict';
require('reflect-metadata');
require('../lib/ts-hook').register();
const { Worker } = require('../../libs/worker-sdk/src/worker.ts');

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const quiet = { info: () => undefined, warn: (m, f) => process.stderr.write(`${m} ${JSON.stringify(f ?? {})}\n`), error: (m, f) => process.stderr.write(`${m} ${JSON.stringify(f ?? {})}\n`) };

async function main() {
  const options = JSON.parse(process.env.BENCH_OURS);
  const worker = new Worker({
    servers: options.servers,
    namespace: options.namespace,
    queues: [options.queue],
    concurrency: options.concurrency,
    logger: quiet,
  });
  worker.handle('noop', (ctx) => {
    const t = nowMs();
    if (ctx.data.probe !== undefined) process.send({ type: 'probe', id: ctx.data.probe, t });
    return { ok: true };
  });
  process.on('message', async (message) => {
    if (message.type === 'stop') {
      await worker.stop().catch(() => undefined);
      process.exit(0);
    }
  });
  process.on('SIGTERM', () => worker.stop().finally(() => process.exit(0)));
  await worker.start();
  process.send({ type: 'ready' });
}

main().catch((error) => {
  process.stderr.write(`probe worker failed: ${error.stack}\n`);
  process.exit(1);
});
