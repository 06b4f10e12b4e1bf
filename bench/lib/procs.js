// Child processes of a benchmark run: ours (node dist/apps/<app>/main.js) and the peers' servers and
// workers. Every process is tracked so that an interrupted run stops exactly what it started.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { processCpuMs, processRssMb, sleep } = require('./util');

const live = new Set();

class Proc {
  constructor(label, child, logFile) {
    this.label = label;
    this.child = child;
    this.pid = child.pid;
    this.tail = [];
    this.listeners = new Map();
    const log = fs.createWriteStream(logFile, { flags: 'a' });
    const onData = (chunk) => {
      log.write(chunk);
      this.tail.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.tail.length > 100) this.tail = this.tail.slice(-100);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('message', (message) => {
      for (const listener of this.listeners.get(message?.type) ?? []) listener(message);
    });
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        live.delete(this);
        log.end();
        resolve(code ?? signal);
      }),
    );
    live.add(this);
  }

  get running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  recentLogs() {
    return this.tail.slice(-30).join('\n');
  }

  send(message) {
    if (this.running && this.child.connected) this.child.send(message);
  }

  on(type, listener) {
    const list = this.listeners.get(type) ?? [];
    list.push(listener);
    this.listeners.set(type, list);
    return () => this.listeners.set(type, (this.listeners.get(type) ?? []).filter((l) => l !== listener));
  }

  /** The next IPC message of this type (the child reports readiness and results over IPC). */
  next(type, timeoutMs = 60_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`${this.label}: no '${type}' message in ${timeoutMs} ms\n${this.recentLogs()}`));
      }, timeoutMs);
      const off = this.on(type, (message) => {
        clearTimeout(timer);
        off();
        resolve(message);
      });
      this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${this.label} exited (${code}) before '${type}'\n${this.recentLogs()}`));
      });
    });
  }

  cpuMs() {
    return processCpuMs(this.pid);
  }

  rssMb() {
    return processRssMb(this.pid);
  }

  async stop(timeoutMs = 15_000) {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * Starts `node <script> [args]`. With `ipc`, the child gets an IPC channel (process.send) for
 * readiness and results; stdout/stderr go to `<logDir>/<label>.log`.
 */
function startNode({ label, script, args = [], env = {}, logDir, ipc = false, nodeArgs = [] }) {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  return new Proc(label, child, path.join(logDir, `${label}.log`));
}

/** Stops everything still running (end of run, or Ctrl-C). */
async function stopAll() {
  await Promise.all([...live].map((p) => p.stop(5000)));
}

async function waitHttp(url, { timeoutMs = 60_000, proc } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && !proc.running) throw new Error(`${proc.label} exited before it was ready:\n${proc.recentLogs()}`);
    const ok = await fetch(url).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${url} was not ready in ${timeoutMs} ms${proc ? `:\n${proc.recentLogs()}` : ''}`);
}

module.exports = { startNode, stopAll, waitHttp, Proc };
