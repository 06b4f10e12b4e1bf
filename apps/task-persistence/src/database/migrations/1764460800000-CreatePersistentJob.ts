import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePersistentJob1764460800000 implements MigrationInterface {
  name = 'CreatePersistentJob1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_persistence.persistent_job (
        id bigserial PRIMARY KEY,
        brand_id integer NOT NULL,
        brand_name varchar(200) NOT NULL,
        created_by_id integer NOT NULL,
        created_by_username varchar(200) NOT NULL,
        task_type varchar(100) NOT NULL,
        description text NOT NULL DEFAULT '',
        context_data jsonb NOT NULL DEFAULT '{}',
        priority varchar(16) NOT NULL DEFAULT 'normal',
        queue varchar(64) NOT NULL DEFAULT 'default',
        max_retries integer NOT NULL DEFAULT 3,
        timeout_seconds integer,
        tags text[] NOT NULL DEFAULT '{}',
        auto_resume boolean NOT NULL DEFAULT true,
        max_resumes integer NOT NULL DEFAULT 3,
        checkpoint_retention integer NOT NULL DEFAULT 10,
        idempotency_key varchar(200),
        task_idempotency_key varchar(100) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending',
        pause_requested boolean NOT NULL DEFAULT false,
        task_pk bigint,
        task_ref varchar(48),
        task_attempt integer NOT NULL DEFAULT 0,
        task_event_at timestamptz,
        resume_count integer NOT NULL DEFAULT 0,
        checkpoint_count integer NOT NULL DEFAULT 0,
        last_checkpoint_at timestamptz,
        current_step integer,
        total_steps integer,
        percentage real NOT NULL DEFAULT 0,
        progress_message text,
        items_processed integer,
        items_total integer,
        progress_at timestamptz,
        progress_attempt integer,
        progress_fraction double precision,
        progress_rate double precision,
        result_data jsonb,
        error jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz,
        CONSTRAINT persistent_job_status_check CHECK (status IN ('pending','running','pausing','paused','retrying','interrupted','completed','failed','cancelled'))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX persistent_job_brand_idempotency_key ON task_persistence.persistent_job (brand_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX persistent_job_brand_created ON task_persistence.persistent_job (brand_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX persistent_job_brand_status_created ON task_persistence.persistent_job (brand_id, status, created_at)`,
    );
    await q.query(
      `CREATE INDEX persistent_job_brand_task ON task_persistence.persistent_job (brand_id, task_pk)`,
    );
    // The reconciler's two scans: jobs whose task is not created yet, and interrupted jobs due an automatic resume.
    await q.query(
      `CREATE INDEX persistent_job_without_task ON task_persistence.persistent_job (created_at) WHERE task_pk IS NULL`,
    );
    await q.query(
      `CREATE INDEX persistent_job_auto_resume_due ON task_persistence.persistent_job (updated_at) WHERE status = 'interrupted' AND auto_resume`,
    );

    await q.query(`
      CREATE TABLE task_persistence.checkpoint (
        id bigserial PRIMARY KEY,
        brand_id integer NOT NULL,
        job_id bigint NOT NULL,
        sequence integer NOT NULL,
        task_pk bigint NOT NULL,
        task_ref varchar(48),
        attempt integer NOT NULL,
        worker_id varchar(128) NOT NULL,
        step varchar(200),
        state jsonb NOT NULL,
        progress jsonb,
        size_bytes integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX checkpoint_brand_job_sequence_key ON task_persistence.checkpoint (brand_id, job_id, sequence)`,
    );
    await q.query(
      `CREATE INDEX checkpoint_brand_created ON task_persistence.checkpoint (brand_id, created_at, id)`,
    );
    await q.query(`CREATE INDEX checkpoint_brand_task ON task_persistence.checkpoint (brand_id, task_pk)`);

    // Task events already applied (consumers are at-least-once); pruned after the stream's 7-day retention.
    await q.query(`
      CREATE TABLE task_persistence.processed_event (
        event_id uuid PRIMARY KEY,
        processed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX processed_event_processed_at ON task_persistence.processed_event (processed_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_persistence.processed_event`);
    await q.query(`DROP TABLE task_persistence.checkpoint`);
    await q.query(`DROP TABLE task_persistence.persistent_job`);
  }
}
