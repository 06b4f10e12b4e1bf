// Small helpers shared by the benchmark harness: timing, statistics, logging, ports.
'use strict';
const net = require('node:net');
const os = require('node:os');
const fs = require('node:fs');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** CLOCK_MONOTONIC in ms (float): the same clock in every process of this host, so times compare across processes. */
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Percentile by the nearest-rank method (p in 0..100) of an already sorted array. */
function percentileSorted(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

function percentiles(values, ps = [50, 90, 99, 99.9]) {
  const sorted = [...values].sort((a, b) => a - b);
  const out = { count: sorted.length, max: sorted.length ? sorted[sorted.length - 1] : null };
  for (const p of ps) out[`p${p}`] = percentileSorted(sorted, p);
  return out;
}

function round(value, digits = 0) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

let logStream;
function setLogFile(file) {
  logStream = fs.createWriteStream(file, { flags: 'a' });
}

function log(message) {
  const line = `[bench ${new Date().toISOString().slice(11, 19)}] ${message}`;
  process.stdout.write(`${line}\n`);
  logStream?.write(`${line}\n`);
}

/** The 1-minute load average and the CPU count: numbers taken while others load the box are provisional. */
function loadNow() {
  return { load1: round(os.loadavg()[0], 2), load5: round(os.loadavg()[1], 2), cpus: os.cpus().length };
}

/** Cumulative CPU seconds used by the machine, split into busy / idle / steal (from /proc/stat). */
function machineCpu() {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line;
    return { busy: (user + nice + system + irq + softirq) / 100, idle: (idle + iowait) / 100, steal: (steal || 0) / 100 };
  } catch {
    return null;
  }
}

/** utime + stime of a process in ms (clock ticks are 10 ms on Linux). */
function processCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Resident memory of a process in MiB (VmRSS), or null when it is gone. */
function processRssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
  } catch {
    return null;
  }
}

async function waitFor(check, { timeoutMs = 30_000, intervalMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

module.exports = {
  sleep,
  nowMs,
  median,
  percentiles,
  round,
  freePort,
  log,
  setLogFile,
  loadNow,
  machineCpu,
  processCpuMs,
  processRssMb,
  waitFor,
};

/** CPU ms of a process and of its live descendants (a postmaster and its backends, for instance). */
function treeCpuMs(rootPid) {
  if (!rootPid) return null;
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    total += processCpuMs(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

module.exports.treeCpuMs = treeCpuMs;
