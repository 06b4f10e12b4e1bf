// A peer behind a bare Fastify route (B1), and its library producer called directly (B2).
// Started by the harness with an IPC channel; BENCH_PEER = {"system", "ctx"}.
'use strict';
const { systems } = require('./systems');

const TASK_SCHEMA = {
  body: {
    type: 'object',
    required: ['task_type'],
    additionalProperties: false,
    properties: {
      task_type: { type: 'string', pattern: '^[a-z][a-z0-9_.:-]{0,99}$' },
      context_data: { type: 'object' },
      priority: { type: 'string', enum: ['low', 'normal', 'high', 'critical'] },
    },
  },
};

async function main() {
  const { system: name, ctx } = JSON.parse(process.env.BENCH_PEER);
  const system = systems[name];
  const producer = await system.producer(ctx);
  const fastify = require('fastify')({ logger: false });
  fastify.post('/tasks/', { schema: TASK_SCHEMA }, async (request, reply) => {
    const id = await producer.add(request.body.context_data ?? {});
    return reply.code(201).send({ id: String(id), task_type: request.body.task_type, status: 'pending' });
  });
  fastify.get('/health', async () => ({ status: 'ok' }));
  await fastify.listen({ port: 0, host: '127.0.0.1' });

  process.on('message', async (message) => {
    if (message.type === 'bulk') {
      // One client, sequential batches: the library's bulk call timed end to end.
      const started = process.hrtime.bigint();
      let created = 0;
      for (let b = 0; b < message.batches; b++) {
        const datas = Array.from({ length: message.size }, (_, i) => ({ ...message.data, n: b * message.size + i }));
        created += await producer.addBulk(datas);
      }
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      process.send({ type: 'bulk-done', ms, created });
    } else if (message.type === 'stop') {
      await fastify.close();
      await producer.close();
      process.exit(0);
    }
  });
  process.on('SIGTERM', () => process.exit(0));
  process.send({ type: 'ready', port: fastify.server.address().port });
}

main().catch((error) => {
  process.stderr.write(`peer server failed: ${error.stack}\n`);
  process.exit(1);
});
