import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTask1764374400000 implements MigrationInterface {
  name = 'CreateTask1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_core.task (
        id bigserial PRIMARY KEY,
        task_id varchar(48) NOT NULL,
        brand_id integer NOT NULL,
        brand_name varchar(200) NOT NULL,
        created_by_id integer NOT NULL,
        created_by_username varchar(200) NOT NULL,
        task_type varchar(100) NOT NULL,
        queue varchar(64) NOT NULL DEFAULT 'default',
        status varchar(16) NOT NULL DEFAULT 'pending',
        priority smallint NOT NULL DEFAULT 1,
        description text NOT NULL DEFAULT '',
        context_data jsonb NOT NULL DEFAULT '{}',
        result_data jsonb,
        error jsonb,
        progress_percentage real NOT NULL DEFAULT 0,
        progress_message text,
        attempts integer NOT NULL DEFAULT 0,
        max_retries integer NOT NULL DEFAULT 3,
        retry_delay_seconds real,
        retry_delay_max_seconds real,
        timeout_seconds integer,
        is_resumable boolean NOT NULL DEFAULT false,
        is_periodic boolean NOT NULL DEFAULT false,
        periodic_task_id integer,
        persistent_job_id integer,
        tags text[] NOT NULL DEFAULT '{}',
        idempotency_key varchar(200),
        scheduled_for timestamptz,
        run_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz,
        worker_id varchar(128),
        lease_expires_at timestamptz,
        cancel_requested boolean NOT NULL DEFAULT false,
        pause_requested boolean NOT NULL DEFAULT false,
        execution_time_ms integer,
        cpu_time_ms integer,
        memory_usage_mb real,
        cost_usd double precision,
        CONSTRAINT task_status_check CHECK (status IN ('pending','running','completed','failed','retrying','cancelled','interrupted','paused')),
        CONSTRAINT task_priority_check CHECK (priority BETWEEN 0 AND 3)
      )`);
    await q.query(`CREATE UNIQUE INDEX task_task_id_key ON task_core.task (task_id)`);
    await q.query(
      `CREATE UNIQUE INDEX task_brand_idempotency_key ON task_core.task (brand_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    // List pages: newest first within a brand, and the common filters in front of that order.
    await q.query(`CREATE INDEX task_brand_created ON task_core.task (brand_id, created_at, id)`);
    await q.query(`CREATE INDEX task_brand_status_created ON task_core.task (brand_id, status, created_at)`);
    await q.query(`CREATE INDEX task_brand_type_created ON task_core.task (brand_id, task_type, created_at)`);
    await q.query(
      `CREATE INDEX task_brand_completed ON task_core.task (brand_id, completed_at) WHERE completed_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX task_brand_periodic ON task_core.task (brand_id, periodic_task_id, created_at) WHERE is_periodic`,
    );
    // The queue: only claimable rows, in claim order. Kept small because finished rows leave it.
    await q.query(
      `CREATE INDEX task_claimable ON task_core.task (queue, priority DESC, run_at, id) WHERE status IN ('pending','retrying')`,
    );
    await q.query(`CREATE INDEX task_running_lease ON task_core.task (lease_expires_at) WHERE status = 'running'`);
    // search= is a case-insensitive substring match over task_type, description and task_id.
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    await q.query(
      `CREATE INDEX task_search_trgm ON task_core.task USING gin ((task_type || ' ' || description || ' ' || task_id) public.gin_trgm_ops)`,
    );

    // Transactional outbox: a state change and its event are committed together, then relayed to JetStream.
    await q.query(`
      CREATE TABLE task_core.outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        subject varchar(100) NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_core.outbox`);
    await q.query(`DROP TABLE task_core.task`);
  }
}
