// B9: the gateway's GET /health (readiness of the four services) against a bare NestJS-on-Fastify
// application answering GET /health with a constant (same Nest and Fastify versions), 32 clients.
'use strict';
const path = require('node:path');
const { closedLoop } = require('../lib/load');
const { startNode } = require('../lib/procs');

const CONNECTIONS = 32;

module.exports = {
  ids: ['B9'],
  systems: ['ours', 'nest-fastify'],

  async prepare(run) {
    if (this.hello) return;
    this.hello = startNode({ label: 'nest-fastify-hello', script: path.join(__dirname, '..', 'peers', 'nest-hello.js'), logDir: run.logDir, ipc: true });
    const { port } = await this.hello.next('ready');
    this.helloUrl = `http://127.0.0.1:${port}/health`;
  },

  async cell(run, system) {
    const { durationS, warmupS } = run.config.b9;
    const url = system === 'ours' ? `${run.ours.url}/health` : this.helloUrl;
    if (system === 'ours') run.ours.toggleProfiles();
    const r = await closedLoop({ url, connections: CONNECTIONS, durationS, warmupS });
    if (system === 'ours') run.ours.toggleProfiles();
    return { B9: { value: r.rps, detail: r } };
  },

  async finish() {
    await this.hello?.stop(5000);
    this.hello = undefined;
  },
};
