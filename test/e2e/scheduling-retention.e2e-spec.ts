import { AppProcess, eventually, newBrandId } from '@app/testing';
import { Client } from 'pg';
import { sharedStack } from './stack-file';

const stack = sharedStack();

describe('scheduling: run history retention', () => {
  let pruner: AppProcess;
  let db: Client;
  const brand = newBrandId();

  beforeAll(async () => {
    db = new Client({ connectionString: stack.info.databaseUrl });
    await db.connect();
    // Rows of one brand that no schedule of the shared stack owns: old and recent runs, and task statuses.
    await db.query(
      `INSERT INTO task_scheduling.periodic_task_run (brand_id, periodic_task_id, scheduled_for, status)
       SELECT $1, 1, now() - make_interval(hours => h), 'fired' FROM unnest(ARRAY[1, 2, 47, 49, 72, 24 * 40]) AS h`,
      [brand],
    );
    await db.query(
      `INSERT INTO task_scheduling.task_status (brand_id, task_pk, periodic_task_id, status, status_at) VALUES
         ($1, 1, 1, 'completed', now() - interval '3 days'),
         ($1, 2, 1, 'failed', now() - interval '3 days'),
         ($1, 3, 1, 'running', now() - interval '3 days'),
         ($1, 4, 1, 'completed', now() - interval '1 hour')`,
      [brand],
    );
    // A replica keeping two days of history, pruning every second.
    pruner = await stack.startApp('task-scheduling', {
      label: 'task-scheduling-retention',
      env: { RUN_HISTORY_RETENTION_DAYS: '2', RUN_HISTORY_PRUNE_INTERVAL_MS: '1000' },
    });
  }, 60_000);

  afterAll(async () => {
    await pruner?.stop();
    await db?.end();
  });

  it('should delete runs older than the retention and the statuses of tasks finished that long ago, and keep the rest', async () => {
    const ages = await eventually(
      async () => {
        const { rows } = await db.query<{ hours: number }>(
          `SELECT round(extract(epoch FROM now() - scheduled_for) / 3600)::int AS hours
           FROM task_scheduling.periodic_task_run WHERE brand_id = $1 ORDER BY scheduled_for DESC`,
          [brand],
        );
        return rows.length < 6 ? rows.map((r) => r.hours) : undefined;
      },
      { timeoutMs: 20_000, what: 'the runs older than two days to be deleted' },
    );
    expect(ages).toEqual([1, 2, 47]);
    // Finished three days ago: gone. Still running, or finished an hour ago: kept. (The same pass deletes
    // statuses right after runs: wait for it.)
    const kept = await eventually(
      async () => {
        const { rows } = await db.query<{ task_pk: string }>(
          `SELECT task_pk FROM task_scheduling.task_status WHERE brand_id = $1 ORDER BY task_pk`,
          [brand],
        );
        return rows.length < 4 ? rows.map((r) => Number(r.task_pk)) : undefined;
      },
      { timeoutMs: 10_000, what: 'the statuses of tasks finished three days ago to be deleted' },
    );
    expect(kept).toEqual([3, 4]);
  });
});
