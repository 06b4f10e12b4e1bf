// What the results were measured on: CPU, memory, versions of Node, Postgres, Redis and NATS.
'use strict';
const net = require('node:net');
const os = require('node:os');
const db = require('./db');

function redisVersion(url = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379') {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname);
    let data = '';
    const done = (v) => {
      socket.destroy();
      resolve(v);
    };
    socket.setTimeout(2000, () => done(null));
    socket.on('error', () => done(null));
    socket.on('connect', () => socket.write('INFO server\r\n'));
    socket.on('data', (chunk) => {
      data += chunk;
      const m = /redis_version:([^\r\n]+)/.exec(data);
      if (m) done(m[1]);
    });
  });
}

async function natsVersion(natsUrl) {
  const { connect } = require('nats');
  try {
    const nc = await connect({ servers: natsUrl.split(','), timeout: 2000 });
    const version = nc.info?.version ?? null;
    await nc.close();
    return version;
  } catch {
    return null;
  }
}

async function machineInfo({ natsUrl }) {
  const pg = await db.serverInfo().catch(() => null);
  return {
    hostname: os.hostname(),
    cpu_model: os.cpus()[0]?.model?.trim() ?? 'unknown',
    cpus: os.cpus().length,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    postgres: pg ? `${pg.version} (synchronous_commit=${pg.synchronous_commit}, shared_buffers=${pg.shared_buffers})` : null,
    redis: await redisVersion(),
    nats: await natsVersion(natsUrl),
  };
}

module.exports = { machineInfo };
