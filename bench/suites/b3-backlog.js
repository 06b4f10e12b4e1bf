// B3-200k: does a deep backlog slow the engine? The same drain as B3 (one reference worker, the same
// concurrency), measured over its first 20,000 tasks while 180,000 more wait behind them, for a ratio
// against B3 (20,000 pending) of the same run. Ours only: the peers' engines are not what this checks.
// The backlog is written straight into task-core's tables (as 200 bulk creates would leave them, their
// `created` events aside), so the cell measures the drain, not the seeding.
'use strict';
const { sleep, waitFor } = require('../lib/util');
const { CONTEXT, cpuMeter } = require('./common');

const PENDING = 200_000;
const MEASURED = 20_000;
const QUEUE = 'b3k';

module.exports = {
  ids: ['B3-200k'],
  systems: ['ours'],

  async cell(run, rep) {
    const ours = run.ours;
    const { ours: opts } = run.config.b3;
    await ours.settle();
    await ours.reset();
    await ours.sql(
      `WITH t AS (
         INSERT INTO task_core.task (task_id, brand_id, brand_name, created_by_id, created_by_username, task_type, queue,
           priority, context_data, run_at, created_at)
         SELECT 'task_bk' || lpad(g::text, 9, '0'), $1, 'Bench', 1, 'bench', 'noop', $2, 1,
           $3::jsonb || jsonb_build_object('n', g), now() - interval '1 minute' + g * interval '100 microseconds',
           now() - interval '1 minute'
         FROM generate_series(1, $4::int) AS g
         RETURNING id, brand_id, queue, task_type, priority, run_at, task_id, description
       ),
       q AS (INSERT INTO task_core.queue_item (task_pk, brand_id, queue, task_type, priority, run_at)
             SELECT id, brand_id, queue, task_type, priority, run_at FROM t)
       INSERT INTO task_core.task_search (task_pk, brand_id, document)
       SELECT id, brand_id, task_type || ' ' || description || ' ' || task_id FROM t`,
      [ours.brandId, QUEUE, JSON.stringify(CONTEXT), PENDING],
    );
    for (const table of ['task', 'queue_item', 'task_search']) await ours.sql(`VACUUM ANALYZE task_core.${table}`);
    await sleep(500);

    const before = rssByProcess(ours.running());
    const peak = { ...before };
    const cpu = cpuMeter(ours.running());
    await ours.statements();
    await ours.startWorkers({ count: opts.processes, concurrency: opts.concurrency, queue: QUEUE });
    ours.toggleProfiles();
    // The MEASURED-th completion, read from the (brand_id, completed_at) partial index: cheap enough to poll.
    const nth = async () => {
      const [row] = await ours.sql(
        `SELECT completed_at FROM task_core.task WHERE brand_id = $1 AND completed_at IS NOT NULL
         ORDER BY completed_at OFFSET $2 - 1 LIMIT 1`,
        [ours.brandId, MEASURED],
      );
      return row?.completed_at ?? null;
    };
    let last = null;
    await waitFor(
      async () => {
        for (const [label, mb] of Object.entries(rssByProcess(ours.running()))) peak[label] = Math.max(peak[label] ?? 0, mb);
        last = await nth();
        return last !== null;
      },
      { timeoutMs: run.config.b3.timeoutMs, intervalMs: 250, what: 'the first 20,000 of a 200,000-task backlog' },
    );
    const [row] = await ours.sql(
      `SELECT extract(epoch FROM $2::timestamptz - min(started_at))::float8 AS s FROM (
         SELECT started_at FROM task_core.task WHERE brand_id = $1 AND completed_at IS NOT NULL ORDER BY completed_at LIMIT $3) first`,
      [ours.brandId, last, MEASURED],
    );
    const cpuMs = cpu.end();
    ours.toggleProfiles();
    await ours.statements(`B3-200k-${rep}`);
    await ours.stopWorkers();
    return {
      'B3-200k': {
        value: MEASURED / row.s,
        detail: {
          seconds: row.s,
          pending: PENDING,
          cpu_ms_per_task_services: cpuMs / MEASURED,
          rss_mb: { before, peak },
          config: opts,
        },
      },
    };
  },
};

/** Resident memory (MiB) of each process, by label. */
function rssByProcess(procs) {
  return Object.fromEntries(procs.map((p) => [p.label.replace(/^bench[0-9a-f]+-/, ''), Math.round(p.rssMb() ?? 0)]));
}
