#!/usr/bin/env node
// `node bench/tools/results-md.js [bench/results/latest.json]`: the results as a markdown table (for
// docs/performance.md and the README), with the goal of each row and the ratio it is judged on.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { GOALS, PEERS } = require('../lib/report');

const file = process.argv[2] || path.join(__dirname, '..', 'results', 'latest.json');
const { date, machine, results } = JSON.parse(fs.readFileSync(file, 'utf8'));

const fmt = (v, unit) => {
  if (v === null || v === undefined) return '—';
  if (unit === 'ms') return v >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
  return Math.round(v).toLocaleString('en-US');
};

const lines = [
  `| id | what | unit | ours | ${PEERS.join(' | ')} | goal | ratio | met |`,
  `| --- | --- | --- | ---: | ${PEERS.map(() => '---:').join(' | ')} | --- | ---: | --- |`,
];
for (const r of results) {
  const checks = [GOALS[r.id]?.(r)].flat().filter(Boolean);
  checks.forEach((c, i) => {
    const ratio = c.ratio !== undefined && c.ratio !== null ? `${c.ratio.toFixed(2)}×` : c.value !== undefined ? fmt(c.value, r.unit) : '—';
    const met = c.met === null || c.met === undefined ? '—' : c.met ? 'yes' : '**no**';
    const ours = i === 0 ? `${fmt(r.ours, r.unit)}${r.duplicates !== undefined ? ` (${r.duplicates ?? '—'} dup.)` : ''}` : '';
    const peers = PEERS.map((p) => (i === 0 ? fmt(r.peers[p], r.unit) : ''));
    lines.push(`| ${i === 0 ? r.id : ''} | ${i === 0 ? r.metric : ''} | ${i === 0 ? r.unit : ''} | ${ours} | ${peers.join(' | ')} | ${c.label} | ${ratio} | ${met} |`);
  });
}
const load = machine.load ? `load average ${machine.load.start.load1} at the start, ${machine.load.end.load1} at the end (median ${machine.load.mean_load1_during_cells} during the cells), steal ${machine.load.steal_pct}%` : '';
process.stdout.write(
  `Run of ${date} (${machine.mode}, median of ${machine.repetitions}) on ${machine.cpu_model} ×${machine.cpus}, ${machine.memory_gib} GiB, Node ${machine.node}, ` +
    `Postgres ${machine.postgres}, Redis ${machine.redis}, NATS ${machine.nats}; servers ${machine.servers}; ${load}.\n\n${lines.join('\n')}\n`,
);
