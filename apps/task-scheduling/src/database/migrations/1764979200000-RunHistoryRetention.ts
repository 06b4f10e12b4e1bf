import { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes the retention pass deletes by: run history by instant, task statuses by their time. */
export class RunHistoryRetention1764979200000 implements MigrationInterface {
  name = 'RunHistoryRetention1764979200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX periodic_task_run_scheduled ON task_scheduling.periodic_task_run (scheduled_for)`);
    await q.query(`CREATE INDEX task_status_status_at ON task_scheduling.task_status (status_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX task_scheduling.task_status_status_at`);
    await q.query(`DROP INDEX task_scheduling.periodic_task_run_scheduled`);
  }
}
