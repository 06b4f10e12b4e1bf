// Runs a peer's processes: its Fastify server (B1, B2) and its workers (B3, B4), each a separate
// process like ours, with its own fresh database (Postgres peers) or Redis prefix (BullMQ).
'use strict';
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { systems } = require('../peers/systems');
const { startNode } = require('./procs');

const PEERS_DIR = path.resolve(__dirname, '..', 'peers');

class Peer {
  constructor(name, { logDir }) {
    this.name = name;
    this.system = systems[name];
    this.logDir = logDir;
    const id = randomBytes(4).toString('hex');
    this.ctx = { id, dbName: `bench_${name.replace(/[^a-z]/g, '')}_${id}` };
  }

  async setup() {
    await this.system.setup(this.ctx);
  }

  async startServer() {
    const proc = startNode({
      label: `${this.name}-server`,
      script: path.join(PEERS_DIR, 'server.js'),
      env: { BENCH_PEER: JSON.stringify({ system: this.name, ctx: this.ctx }) },
      logDir: this.logDir,
      ipc: true,
    });
    const ready = await proc.next('ready');
    this.server = proc;
    this.url = `http://127.0.0.1:${ready.port}`;
    return proc;
  }

  async stopServer() {
    await this.server?.stop(5000);
    this.server = undefined;
  }

  /** A worker process, loaded and connected to nothing yet; `start` message starts the library's worker. */
  async spawnWorker(opts, { expected, label = 'worker' } = {}) {
    const proc = startNode({
      label: `${this.name}-${label}`,
      script: path.join(PEERS_DIR, 'worker.js'),
      env: { BENCH_PEER: JSON.stringify({ system: this.name, ctx: this.ctx, opts, expected }) },
      logDir: this.logDir,
      ipc: true,
    });
    await proc.next('ready');
    return proc;
  }

  pending() {
    return this.system.pending(this.ctx);
  }

  reset() {
    return this.system.reset(this.ctx);
  }

  async teardown() {
    await this.stopServer();
    await this.system.teardown(this.ctx);
  }
}

module.exports = { Peer };
