// Turns the samples of a run into bench/results/latest.json's `results` (median of the repetitions)
// and a printed table with the ratios the goals are stated in.
'use strict';
const { median, round } = require('./util');

const PEERS = ['graphile-worker', 'pg-boss', 'bullmq', 'floor', 'nest-fastify'];

const RESULT_DEFS = {
  B1: { metric: 'REST single enqueue, 16 concurrent clients', unit: 'tasks/s', better: 'higher' },
  B2: { metric: 'bulk enqueue, batches of 1,000 from one client', unit: 'tasks/s', better: 'higher' },
  B3: { metric: 'drain of 20,000 pre-enqueued no-op tasks, same total concurrency', unit: 'tasks/s', better: 'higher' },
  'B3-200k': { metric: 'the same drain, first 20,000 tasks of a 200,000-task backlog', unit: 'tasks/s', better: 'higher' },
  B4: { metric: 'enqueue→handler-start latency p50, 200 tasks/s open loop', unit: 'ms', better: 'lower' },
  'B4-p99': { metric: 'enqueue→handler-start latency p99, 200 tasks/s open loop', unit: 'ms', better: 'lower' },
  B8: { metric: 'cron firing skew p99, 200 per-second schedules, 2 scheduler replicas', unit: 'ms', better: 'lower' },
  B9: { metric: 'gateway GET /health, 32 clients', unit: 'req/s', better: 'higher' },
};

/** The goals (issues 15 and 16), as checks over one result row. */
const GOALS = {
  B1: (r) => [
    goal(r.ours, best(r.peers, POSTGRES_PEERS), 1.0, 'higher', '≥ 1.0× best Postgres peer'),
    goal(r.ours, r.peers.floor, 0.5, 'higher', '≥ 0.5× floor'),
  ],
  B2: (r) => goal(r.ours, best(r.peers, POSTGRES_PEERS), 1.0, 'higher', '≥ 1.0× best Postgres peer'),
  B3: (r) => [
    goal(r.ours, best(r.peers, POSTGRES_PEERS), 1.2, 'higher', '≥ 1.2× best Postgres peer'),
    // BullMQ runs on Redis without fsync: its ratio is shown, not a goal.
    { ...goal(r.ours, r.peers.bullmq, 1.0, 'higher', 'vs BullMQ (shown)'), met: null },
  ],
  'B3-200k': (r) => goal(r.ours, r.baseline, 0.8, 'higher', '≥ 0.8× our B3 (20,000 pending)'),
  B4: (r) => goal(r.ours, r.peers['graphile-worker'], 0.75, 'lower', '≤ 0.75× graphile-worker'),
  'B4-p99': (r) => absolute(r.ours, 25, 'lower', '≤ 25 ms'),
  B8: (r) => [absolute(r.ours, 50, 'lower', '≤ 50 ms'), absolute(r.duplicates, 0, 'lower', '0 duplicates')],
  B9: (r) => goal(r.ours, r.peers['nest-fastify'], 0.85, 'higher', '≥ 0.85× nest-fastify'),
};

/** The peers that, like us, keep their queue in Postgres (durable, fsync on commit). */
const POSTGRES_PEERS = ['graphile-worker', 'pg-boss'];

function best(peers, names) {
  const values = names.map((n) => peers[n]).filter((v) => typeof v === 'number');
  return values.length ? Math.max(...values) : null;
}

function goal(ours, reference, factor, better, label) {
  if (typeof ours !== 'number' || typeof reference !== 'number' || reference === 0) return { label, ratio: null, met: null };
  const ratio = ours / reference;
  return { label, ratio, met: better === 'higher' ? ratio >= factor : ratio <= factor };
}

function absolute(value, limit, better, label) {
  if (typeof value !== 'number') return { label, ratio: null, met: null };
  return { label, value, met: better === 'lower' ? value <= limit : value >= limit };
}

function report(run, machine) {
  const results = [];
  const details = {};
  for (const [id, def] of Object.entries(RESULT_DEFS)) {
    const bySystem = run.samples[id];
    if (!bySystem) continue;
    const digits = def.unit === 'ms' ? 2 : 0;
    const med = (system) => round(median((bySystem[system] ?? []).map((s) => s.value)), digits);
    const peers = Object.fromEntries(PEERS.map((p) => [p, bySystem[p] ? med(p) : null]));
    const rate = run.config?.b4?.rate ?? 200;
    const metric = id.startsWith('B4') ? def.metric.replace('200 tasks/s', `${rate} tasks/s`) : def.metric;
    const row = { id, metric, unit: def.unit, ours: med('ours'), peers };
    // The backlog cell is judged against our own B3 of the same run.
    if (id === 'B3-200k') row.baseline = round(median((run.samples.B3?.ours ?? []).map((s) => s.value)), digits);
    if (id === 'B8') {
      row.duplicates = median((bySystem.ours ?? []).map((s) => s.duplicates).filter((d) => typeof d === 'number'));
    }
    results.push(row);
    details[id] = Object.fromEntries(
      Object.entries(bySystem).map(([system, samples]) => [
        system,
        { values: samples.map((s) => round(s.value, 3)), min: min(samples), max: max(samples), samples },
      ]),
    );
  }
  return { results, details, table: table(results, machine) };
}

function min(samples) {
  const v = samples.map((s) => s.value).filter((x) => typeof x === 'number');
  return v.length ? Math.min(...v) : null;
}
function max(samples) {
  const v = samples.map((s) => s.value).filter((x) => typeof x === 'number');
  return v.length ? Math.max(...v) : null;
}

function cell(v) {
  if (v === null || v === undefined) return '—';
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : String(round(v, 2));
}

function table(results, machine) {
  const header = ['id', 'unit', 'ours', ...PEERS, 'goal', 'ratio', 'met'];
  const rows = [];
  for (const r of results) {
    const checks = [GOALS[r.id]?.(r)].flat().filter(Boolean);
    const first = checks[0] ?? { label: '', ratio: null, met: null };
    rows.push([r.id, r.unit, cell(r.ours), ...PEERS.map((p) => cell(r.peers[p])), first.label, ratioText(first), metText(first)]);
    for (const extra of checks.slice(1)) rows.push(['', '', '', ...PEERS.map(() => ''), extra.label, ratioText(extra), metText(extra)]);
    if (r.duplicates !== undefined) rows[rows.length - 1][header.indexOf('ours')] += ` (dups ${r.duplicates ?? '—'})`;
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cols) => cols.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  const load = machine.load ? `load1 ${machine.load.start.load1} → ${machine.load.end.load1}, steal ${machine.load.steal_pct}%` : '';
  return [
    `MEGAHUB Tasks benchmark — ${machine.mode}, median of ${machine.repetitions} — ${machine.cpu_model} x${machine.cpus}, ${load}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}

function ratioText(check) {
  if (check.ratio !== undefined && check.ratio !== null) return `${check.ratio.toFixed(2)}×`;
  if (check.value !== undefined) return cell(check.value);
  return '—';
}

function metText(check) {
  return check.met === null || check.met === undefined ? '—' : check.met ? 'yes' : 'NO';
}

module.exports = { report, RESULT_DEFS, GOALS, PEERS };
