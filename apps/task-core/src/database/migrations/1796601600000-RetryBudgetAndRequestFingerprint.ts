import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `retry_base`: the attempts a task had made when it was last retried by hand, so that a manual retry
 * gives it `max_retries` more automatic retries while attempt numbers keep counting (fencing and
 * metrics are keyed by attempt). `request_fingerprint`: a hash of the body a task was created with, so
 * that an idempotency key reused with another body is refused instead of answering the first task.
 * Tasks created before have none: their keys replay as before.
 */
export class RetryBudgetAndRequestFingerprint1796601600000 implements MigrationInterface {
  name = 'RetryBudgetAndRequestFingerprint1796601600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_core.task ADD COLUMN retry_base integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE task_core.task ADD COLUMN request_fingerprint varchar(64)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_core.task DROP COLUMN request_fingerprint`);
    await q.query(`ALTER TABLE task_core.task DROP COLUMN retry_base`);
  }
}
