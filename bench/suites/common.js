// What the suites share: the task body every system receives, and CPU accounting of a cell.
'use strict';

/** ~250 bytes of JSON, the same for every system (the research's "256 B payload"). */
const CONTEXT = {
  customer_id: 48213,
  keyword_ids: [101, 202, 303, 404, 505, 606, 707, 808],
  locale: 'fr-FR',
  source: 'bench',
  options: { depth: 3, include_serp: true, notify: false },
  note: 'benchmark payload of a typical seo task, about a quarter kilobyte of json',
};

function taskBody(queue, extra = {}) {
  return { task_type: 'noop', queue, context_data: { ...CONTEXT, ...extra } };
}

/** The same body without our `queue` field (the peers' route takes task_type and context_data). */
function peerBody(extra = {}) {
  return { task_type: 'noop', context_data: { ...CONTEXT, ...extra } };
}

/** Sums utime+stime of the given processes between `begin()` and `end()`. */
function cpuMeter(procs) {
  const before = new Map(procs.map((p) => [p, p.cpuMs() ?? 0]));
  return {
    end() {
      let total = 0;
      for (const [p, start] of before) total += (p.cpuMs() ?? start) - start;
      return total;
    },
  };
}

/**
 * CPU of each process between `begin` and `end()`, in ms per `units` (tasks, requests): our processes by
 * label, the run's Postgres (postmaster and backends) and nats-server. Where one request's CPU goes.
 */
function cpuByProcess(run, procs) {
  const { treeCpuMs, processCpuMs } = require('../lib/util');
  const sources = [
    ...procs.map((p) => [p.label.replace(/^bench[0-9a-f]+-/, ''), () => p.cpuMs()]),
    ...(run.servers ? [['postgres', () => treeCpuMs(run.servers.pg.pid)], ['nats-server', () => processCpuMs(run.servers.nats.pid)]] : []),
  ];
  const before = new Map(sources.map(([label, read]) => [label, read() ?? 0]));
  return {
    end(units) {
      const out = {};
      for (const [label, read] of sources) out[label] = Math.round((((read() ?? before.get(label)) - before.get(label)) / units) * 1000) / 1000;
      out.total = Math.round(Object.values(out).reduce((a, b) => a + b, 0) * 1000) / 1000;
      return out;
    },
  };
}

module.exports = { CONTEXT, taskBody, peerBody, cpuMeter, cpuByProcess };
