import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMonitoring1764547200000 implements MigrationInterface {
  name = 'CreateMonitoring1764547200000';

  async up(q: QueryRunner): Promise<void> {
    // One row per execution attempt of a task, built from task-core's events.
    await q.query(`
      CREATE TABLE task_monitoring.execution_metric (
        id bigserial PRIMARY KEY,
        brand_id integer NOT NULL,
        task_pk bigint NOT NULL,
        task_id varchar(48) NOT NULL,
        task_type varchar(100) NOT NULL,
        queue varchar(64) NOT NULL,
        attempt integer NOT NULL,
        status varchar(16) NOT NULL,
        status_rank smallint NOT NULL,
        worker_id varchar(128),
        started_at timestamptz,
        finished_at timestamptz,
        execution_time_ms integer,
        queue_wait_ms integer,
        memory_usage_mb real,
        cpu_time_ms integer,
        cost_usd double precision,
        flags text[] NOT NULL DEFAULT '{}',
        error_type varchar(200),
        error_message varchar(1000),
        next_ready_at timestamptz,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT execution_metric_status_check
          CHECK (status IN ('running','completed','failed','retrying','cancelled','interrupted','paused'))
      )`);
    await q.query(`CREATE UNIQUE INDEX execution_metric_attempt_key ON task_monitoring.execution_metric (brand_id, task_pk, attempt)`);
    // Lists and the dashboard scan a brand's rows by time, optionally by task type.
    await q.query(`CREATE INDEX execution_metric_brand_recorded ON task_monitoring.execution_metric (brand_id, recorded_at)`);
    await q.query(
      `CREATE INDEX execution_metric_brand_type_recorded ON task_monitoring.execution_metric (brand_id, task_type, recorded_at)`,
    );
    await q.query(
      `CREATE INDEX execution_metric_brand_worker_recorded ON task_monitoring.execution_metric (brand_id, worker_id, recorded_at)`,
    );
    await q.query(`CREATE INDEX execution_metric_brand_task ON task_monitoring.execution_metric (brand_id, task_id)`);
    await q.query(
      `CREATE INDEX execution_metric_brand_running ON task_monitoring.execution_metric (brand_id, started_at) WHERE status = 'running'`,
    );
    // Flags are rare: a GIN index finds them without walking the brand's whole history.
    await q.query(`CREATE INDEX execution_metric_flags ON task_monitoring.execution_metric USING gin (flags)`);
    // Retention prunes across brands by age.
    await q.query(`CREATE INDEX execution_metric_recorded ON task_monitoring.execution_metric (recorded_at)`);

    // Event ids already applied: consumers are at-least-once.
    await q.query(`
      CREATE TABLE task_monitoring.processed_event (
        event_id uuid PRIMARY KEY,
        processed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX processed_event_processed_at ON task_monitoring.processed_event (processed_at)`);

    // Workers are shared infrastructure (they serve every brand): the registry has no brand.
    await q.query(`
      CREATE TABLE task_monitoring.worker (
        worker_id varchar(128) PRIMARY KEY,
        hostname varchar(255) NOT NULL,
        pid integer NOT NULL,
        version varchar(64) NOT NULL,
        task_types text[] NOT NULL DEFAULT '{}',
        queues text[] NOT NULL DEFAULT '{}',
        concurrency integer NOT NULL,
        busy_slots integer NOT NULL,
        processed bigint NOT NULL DEFAULT 0,
        failed bigint NOT NULL DEFAULT 0,
        memory_mb real NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'running',
        started_at timestamptz NOT NULL,
        first_seen timestamptz NOT NULL DEFAULT now(),
        last_seen timestamptz NOT NULL,
        last_active_at timestamptz,
        CONSTRAINT worker_state_check CHECK (state IN ('running','stopping','stopped'))
      )`);
    await q.query(`CREATE INDEX worker_last_seen ON task_monitoring.worker (last_seen)`);

    await q.query(`
      CREATE TABLE task_monitoring.alert_rule (
        id serial PRIMARY KEY,
        brand_id integer NOT NULL,
        brand_name varchar(200) NOT NULL,
        name varchar(200) NOT NULL,
        description text,
        metric varchar(40) NOT NULL,
        operator varchar(4) NOT NULL,
        threshold double precision NOT NULL,
        window_minutes integer NOT NULL DEFAULT 5,
        task_type varchar(100),
        severity varchar(16) NOT NULL DEFAULT 'warning',
        cooldown_minutes integer NOT NULL DEFAULT 15,
        enabled boolean NOT NULL DEFAULT true,
        webhook_url varchar(2000),
        evaluation_interval_seconds integer NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'unknown',
        last_value double precision,
        last_evaluated_at timestamptz,
        next_evaluation_at timestamptz NOT NULL DEFAULT now(),
        last_triggered_at timestamptz,
        created_by_id integer NOT NULL,
        created_by_username varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alert_rule_operator_check CHECK (operator IN ('gt','gte','lt','lte')),
        CONSTRAINT alert_rule_severity_check CHECK (severity IN ('info','warning','critical')),
        CONSTRAINT alert_rule_state_check CHECK (state IN ('ok','firing','unknown'))
      )`);
    await q.query(`CREATE UNIQUE INDEX alert_rule_brand_name_key ON task_monitoring.alert_rule (brand_id, name)`);
    // The evaluator's claim, across brands: only enabled rules, by due time.
    await q.query(`CREATE INDEX alert_rule_due ON task_monitoring.alert_rule (next_evaluation_at) WHERE enabled`);

    await q.query(`
      CREATE TABLE task_monitoring.alert (
        id bigserial PRIMARY KEY,
        brand_id integer NOT NULL,
        rule_id integer,
        rule_name varchar(200) NOT NULL,
        metric varchar(40) NOT NULL,
        operator varchar(4) NOT NULL,
        threshold double precision NOT NULL,
        window_minutes integer NOT NULL,
        task_type varchar(100),
        severity varchar(16) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'active',
        value double precision,
        current_value double precision,
        message varchar(1000) NOT NULL,
        triggered_at timestamptz NOT NULL DEFAULT now(),
        last_evaluated_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by_id integer,
        acknowledged_by_username varchar(200),
        resolved_at timestamptz,
        resolved_by_id integer,
        resolved_by_username varchar(200),
        resolution varchar(16),
        CONSTRAINT alert_status_check CHECK (status IN ('active','acknowledged','resolved')),
        CONSTRAINT alert_rule_id_fkey FOREIGN KEY (rule_id) REFERENCES task_monitoring.alert_rule (id) ON DELETE SET NULL
      )`);
    // At most one open alert per rule, whatever the number of evaluator replicas.
    await q.query(
      `CREATE UNIQUE INDEX alert_one_open_per_rule ON task_monitoring.alert (brand_id, rule_id) WHERE status <> 'resolved'`,
    );
    await q.query(`CREATE INDEX alert_brand_status_triggered ON task_monitoring.alert (brand_id, status, triggered_at)`);
    await q.query(`CREATE INDEX alert_brand_triggered ON task_monitoring.alert (brand_id, triggered_at)`);
    await q.query(`CREATE INDEX alert_rule_id ON task_monitoring.alert (rule_id)`);

    // Webhook deliveries are an outbox of their own: written with the alert change, sent with retries.
    await q.query(`
      CREATE TABLE task_monitoring.webhook_delivery (
        id bigserial PRIMARY KEY,
        brand_id integer NOT NULL,
        alert_id bigint NOT NULL,
        event varchar(40) NOT NULL,
        url varchar(2000) NOT NULL,
        payload jsonb NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_status_code integer,
        last_error varchar(1000),
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_delivery_status_check CHECK (status IN ('pending','delivered','failed')),
        CONSTRAINT webhook_delivery_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES task_monitoring.alert (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX webhook_delivery_brand_alert ON task_monitoring.webhook_delivery (brand_id, alert_id)`);
    await q.query(
      `CREATE INDEX webhook_delivery_due ON task_monitoring.webhook_delivery (next_attempt_at) WHERE status = 'pending'`,
    );

    // Transactional outbox of monitoring's own events (alert triggered / resolved), relayed to JetStream.
    await q.query(`
      CREATE TABLE task_monitoring.outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        subject varchar(100) NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_monitoring.outbox`);
    await q.query(`DROP TABLE task_monitoring.webhook_delivery`);
    await q.query(`DROP TABLE task_monitoring.alert`);
    await q.query(`DROP TABLE task_monitoring.alert_rule`);
    await q.query(`DROP TABLE task_monitoring.worker`);
    await q.query(`DROP TABLE task_monitoring.processed_event`);
    await q.query(`DROP TABLE task_monitoring.execution_metric`);
  }
}
