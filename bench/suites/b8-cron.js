// B8: cron firing skew with two scheduler replicas. 200 periodic tasks with a per-second cron
// (`* * * * * *`) are created through the API, all starting at the same whole second and ending
// `durationS` later; skew = the task's created_at (task-core's insert) − the scheduled instant (from
// the idempotency key `periodic:<id>:<instant>`). Duplicates: runs recorded twice for one instant, plus
// tasks created twice for one instant. Peers: graphile-worker's crontab and pg-boss' schedule() have
// minute granularity, and BullMQ's job schedulers pre-create the next job as a delayed job (no
// comparable "fired" instant): null.
'use strict';
const { percentiles, sleep } = require('../lib/util');

module.exports = {
  ids: ['B8'],
  systems: ['ours'],

  async prepare(run) {
    const ours = run.ours;
    const replicas = ours.procs.filter((p) => p.app === 'task-scheduling' && p.running).length;
    for (let i = replicas + 1; i <= run.config.b8.replicas; i++) await ours.startApp('task-scheduling', { label: `task-scheduling-${i}` });
  },

  async cell(run, system, rep) {
    const ours = run.ours;
    const { schedules, durationS } = run.config.b8;
    await ours.settle();
    await ours.reset();
    // Every schedule starts on the same whole second, far enough ahead for all of them to exist.
    const startAt = new Date(Math.ceil((Date.now() + 5000 + schedules * 100) / 1000) * 1000);
    const endAt = new Date(startAt.getTime() + durationS * 1000);
    const ids = [];
    for (let i = 0; i < schedules; i++) {
      const res = await fetch(`${ours.url}/tasks/scheduled/periodic-tasks/`, {
        method: 'POST',
        headers: ours.headers,
        body: JSON.stringify({
          name: `b8-r${rep}-${i}`,
          task_type: 'noop',
          cron_expression: '* * * * * *',
          queue: 'b8',
          start_at: startAt.toISOString(),
          end_at: endAt.toISOString(),
        }),
      });
      const body = await res.json();
      if (res.status !== 201) throw new Error(`periodic task create answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      ids.push(body.id);
    }
    if (Date.now() > startAt.getTime()) throw new Error('creating the schedules took longer than the lead time');
    await sleep(endAt.getTime() - Date.now() + 2000);
    // A scheduler that fell behind still fires every instant: wait until it caught up (or stalled).
    const expected = schedules * (durationS + 1);
    for (let last = -1, stalled = 0; stalled < 5; ) {
      const [{ n }] = await ours.sql(`SELECT count(*)::int AS n FROM task_core.task WHERE is_periodic AND periodic_task_id = ANY($1::int[])`, [ids]);
      if (n >= expected) break;
      stalled = n === last ? stalled + 1 : 0;
      last = n;
      await sleep(1000);
    }

    const tasks = await ours.sql(
      `SELECT periodic_task_id, idempotency_key, extract(epoch FROM created_at) * 1000 AS created_ms
       FROM task_core.task WHERE is_periodic AND periodic_task_id = ANY($1::int[])`,
      [ids],
    );
    const skews = [];
    const seen = new Map();
    for (const t of tasks) {
      const instant = Date.parse(t.idempotency_key.split(':').slice(2).join(':'));
      const key = `${t.periodic_task_id}@${instant}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      skews.push(Number(t.created_ms) - instant);
    }
    const taskDuplicates = [...seen.values()].reduce((a, n) => a + (n - 1), 0);
    const [runs] = await ours.sql(
      `SELECT count(*)::int AS n, count(DISTINCT (periodic_task_id, scheduled_for))::int AS distinct_n
       FROM task_scheduling.periodic_task_run WHERE trigger = 'schedule' AND periodic_task_id = ANY($1::int[])`,
      [ids],
    );
    const p = percentiles(skews);
    return {
      B8: {
        value: p.p99,
        duplicates: taskDuplicates + (runs.n - runs.distinct_n),
        detail: { ...p, expected_firings: expected, firings: seen.size, missed: Math.max(0, expected - seen.size), runs: runs.n },
      },
    };
  },
};
