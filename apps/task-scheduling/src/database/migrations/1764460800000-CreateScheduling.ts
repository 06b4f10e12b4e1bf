import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateScheduling1764460800000 implements MigrationInterface {
  name = 'CreateScheduling1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_scheduling.calendar (
        id serial PRIMARY KEY,
        brand_id integer NOT NULL,
        name varchar(200) NOT NULL,
        description text NOT NULL DEFAULT '',
        timezone varchar(64) NOT NULL DEFAULT 'UTC',
        dates jsonb NOT NULL DEFAULT '[]',
        ranges jsonb NOT NULL DEFAULT '[]',
        weekdays jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX calendar_brand_name_key ON task_scheduling.calendar (brand_id, name)`);

    await q.query(`
      CREATE TABLE task_scheduling.periodic_task (
        id serial PRIMARY KEY,
        brand_id integer NOT NULL,
        brand_name varchar(200) NOT NULL,
        created_by_id integer NOT NULL,
        created_by_username varchar(200) NOT NULL,
        name varchar(200) NOT NULL,
        task_type varchar(100) NOT NULL,
        cron_expression varchar(200) NOT NULL,
        timezone varchar(64) NOT NULL DEFAULT 'UTC',
        context_data jsonb NOT NULL DEFAULT '{}',
        priority varchar(8) NOT NULL DEFAULT 'normal',
        queue varchar(64) NOT NULL DEFAULT 'default',
        max_retries integer,
        timeout_seconds integer,
        enabled boolean NOT NULL DEFAULT true,
        start_at timestamptz,
        end_at timestamptz,
        max_runs integer,
        calendar_id integer,
        calendar_mode varchar(8) NOT NULL DEFAULT 'exclude',
        misfire_policy varchar(8) NOT NULL DEFAULT 'run_once',
        overlap_policy varchar(8) NOT NULL DEFAULT 'allow',
        next_run_at timestamptz,
        last_run_at timestamptz,
        total_run_count integer NOT NULL DEFAULT 0,
        last_task_pk bigint,
        last_task_id varchar(48),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT periodic_task_priority_check CHECK (priority IN ('low','normal','high','critical')),
        CONSTRAINT periodic_task_calendar_mode_check CHECK (calendar_mode IN ('exclude','only')),
        CONSTRAINT periodic_task_misfire_policy_check CHECK (misfire_policy IN ('skip','run_once','run_all')),
        CONSTRAINT periodic_task_overlap_policy_check CHECK (overlap_policy IN ('allow','skip')),
        -- A calendar in use cannot be deleted (the API answers 409 CALENDAR_IN_USE first).
        CONSTRAINT periodic_task_calendar_fkey FOREIGN KEY (calendar_id) REFERENCES task_scheduling.calendar (id) ON DELETE RESTRICT
      )`);
    await q.query(
      `CREATE UNIQUE INDEX periodic_task_brand_name_key ON task_scheduling.periodic_task (brand_id, name)`,
    );
    await q.query(
      `CREATE INDEX periodic_task_brand_created ON task_scheduling.periodic_task (brand_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX periodic_task_brand_calendar ON task_scheduling.periodic_task (brand_id, calendar_id) WHERE calendar_id IS NOT NULL`,
    );
    // The firing loop's claim: only enabled rows with a next run, in due order, across brands.
    await q.query(
      `CREATE INDEX periodic_task_due ON task_scheduling.periodic_task (next_run_at) WHERE enabled AND next_run_at IS NOT NULL`,
    );

    // One row per scheduled instant (fired, skipped or missed) and per run-now.
    await q.query(`
      CREATE TABLE task_scheduling.periodic_task_run (
        id bigserial PRIMARY KEY,
        brand_id integer NOT NULL,
        periodic_task_id integer NOT NULL,
        trigger varchar(8) NOT NULL DEFAULT 'schedule',
        scheduled_for timestamptz NOT NULL,
        fired_at timestamptz,
        status varchar(16) NOT NULL,
        reason varchar(32),
        task_pk bigint,
        task_id varchar(48),
        error text,
        CONSTRAINT periodic_task_run_trigger_check CHECK (trigger IN ('schedule','manual')),
        CONSTRAINT periodic_task_run_status_check CHECK (status IN ('fired','skipped_overlap','missed','failed'))
      )`);
    // Exactly one row per instant of a schedule, whatever happens to the replicas.
    await q.query(
      `CREATE UNIQUE INDEX periodic_task_run_instant_key
         ON task_scheduling.periodic_task_run (brand_id, periodic_task_id, scheduled_for, trigger)`,
    );

    // Last known status of each task a periodic task created, from task-core's events (overlap policy).
    await q.query(`
      CREATE TABLE task_scheduling.task_status (
        brand_id integer NOT NULL,
        task_pk bigint NOT NULL,
        periodic_task_id integer NOT NULL,
        status varchar(16) NOT NULL,
        status_at timestamptz NOT NULL,
        PRIMARY KEY (brand_id, task_pk)
      )`);

    await q.query(`
      CREATE TABLE task_scheduling.cron_job (
        id serial PRIMARY KEY,
        brand_id integer NOT NULL,
        brand_name varchar(200) NOT NULL,
        created_by_id integer NOT NULL,
        created_by_username varchar(200) NOT NULL,
        name varchar(200) NOT NULL,
        task_type varchar(100) NOT NULL,
        context_data jsonb NOT NULL DEFAULT '{}',
        priority varchar(8) NOT NULL DEFAULT 'normal',
        queue varchar(64) NOT NULL DEFAULT 'default',
        schedule_type varchar(8) NOT NULL,
        run_at timestamptz,
        interval_seconds integer,
        start_at timestamptz,
        status varchar(16) NOT NULL DEFAULT 'scheduled',
        next_run_at timestamptz,
        last_run_at timestamptz,
        total_run_count integer NOT NULL DEFAULT 0,
        last_task_pk bigint,
        last_task_id varchar(48),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cron_job_priority_check CHECK (priority IN ('low','normal','high','critical')),
        CONSTRAINT cron_job_schedule_type_check CHECK (schedule_type IN ('once','interval')),
        CONSTRAINT cron_job_status_check CHECK (status IN ('scheduled','fired','cancelled')),
        CONSTRAINT cron_job_schedule_check CHECK (
          (schedule_type = 'once' AND run_at IS NOT NULL)
          OR (schedule_type = 'interval' AND interval_seconds IS NOT NULL AND start_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX cron_job_brand_created ON task_scheduling.cron_job (brand_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX cron_job_due ON task_scheduling.cron_job (next_run_at) WHERE status = 'scheduled' AND next_run_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_scheduling.cron_job`);
    await q.query(`DROP TABLE task_scheduling.task_status`);
    await q.query(`DROP TABLE task_scheduling.periodic_task_run`);
    await q.query(`DROP TABLE task_scheduling.periodic_task`);
    await q.query(`DROP TABLE task_scheduling.calendar`);
  }
}
