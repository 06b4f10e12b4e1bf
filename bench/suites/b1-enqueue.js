// B1: REST single enqueue, tasks/s at 16 concurrent clients (closed loop, keep-alive, no pipelining).
// Ours: POST /tasks/ through the gateway (JWT + brand guard + validation → NATS → task-core → one
// INSERT with its outbox event, durable commit). Peers: the same body on a bare Fastify route that
// calls the library's single add; floor: the same route doing one INSERT.
'use strict';
const { closedLoop } = require('../lib/load');
const { taskBody, peerBody } = require('./common');

const CONNECTIONS = 16;

module.exports = {
  ids: ['B1'],
  systems: ['ours', 'floor', 'graphile-worker', 'pg-boss', 'bullmq'],

  async prepare(run) {
    for (const peer of run.peerList(this.systems)) if (!peer.server) await peer.startServer();
  },

  async cell(run, system) {
    const { durationS, warmupS } = run.config.b1;
    if (system === 'ours') {
      const ours = run.ours;
      await ours.settle();
      await ours.reset();
      ours.toggleProfiles();
      const r = await closedLoop({
        url: `${ours.url}/tasks/`,
        method: 'POST',
        headers: ours.headers,
        body: taskBody('b1'),
        connections: CONNECTIONS,
        durationS,
        warmupS,
      });
      ours.toggleProfiles();
      return { B1: { value: r.rps, detail: r } };
    }
    const peer = run.peers[system];
    await peer.reset();
    const r = await closedLoop({
      url: `${peer.url}/tasks/`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: peerBody(),
      connections: CONNECTIONS,
      durationS,
      warmupS,
    });
    return { B1: { value: r.rps, detail: r } };
  },
};
