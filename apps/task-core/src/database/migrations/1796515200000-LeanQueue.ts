import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Queue engine v2: the hot path leaves the task record.
 *
 * `queue_item` holds one small row per task that is waiting (pending, retrying) or leased (running):
 * claims, heartbeats and releases touch only it and its two partial indexes, and a finished task's item
 * is deleted. The task record keeps every field a user lists, filters and searches; it is written when
 * a transition becomes visible (created, finished, retrying…), and `running` within a second by the
 * running recorder rather than by every claim (a task that finishes first is never written as running).
 *
 * The trigram search index moves to `task_search`, written once at creation (task_type, description and
 * task_id never change): on the task table every non-HOT update re-inserted all its trigrams.
 */
export class LeanQueue1796515200000 implements MigrationInterface {
  name = 'LeanQueue1796515200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_core.queue_item (
        task_pk bigint PRIMARY KEY,
        brand_id integer NOT NULL,
        queue varchar(64) NOT NULL,
        task_type varchar(100) NOT NULL,
        priority smallint NOT NULL,
        run_at timestamptz NOT NULL,
        attempt integer NOT NULL DEFAULT 0,
        worker_id varchar(128),
        lease_expires_at timestamptz,
        claimed_at timestamptz,
        recorded boolean NOT NULL DEFAULT true,
        cancel_requested boolean NOT NULL DEFAULT false,
        pause_requested boolean NOT NULL DEFAULT false
      ) WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
              autovacuum_vacuum_cost_limit = 2000)`);
    // Claim order within a queue; only waiting items are in it.
    await q.query(
      `CREATE INDEX queue_item_claimable ON task_core.queue_item (queue, priority DESC, run_at, task_pk) WHERE worker_id IS NULL`,
    );
    // Leased items by expiry: the sweeper's and the running recorder's scan (as many rows as tasks running).
    await q.query(`CREATE INDEX queue_item_leased ON task_core.queue_item (lease_expires_at) WHERE worker_id IS NOT NULL`);
    await q.query(`
      INSERT INTO task_core.queue_item (task_pk, brand_id, queue, task_type, priority, run_at, attempt, worker_id,
        lease_expires_at, claimed_at, recorded, cancel_requested, pause_requested)
      SELECT id, brand_id, queue, task_type, priority, run_at, attempts,
        CASE WHEN status = 'running' THEN worker_id END,
        CASE WHEN status = 'running' THEN coalesce(lease_expires_at, now()) END,
        CASE WHEN status = 'running' THEN started_at END,
        true, cancel_requested, pause_requested
      FROM task_core.task WHERE status IN ('pending', 'retrying', 'running')`);

    await q.query(`
      CREATE TABLE task_core.task_search (
        task_pk bigint PRIMARY KEY,
        brand_id integer NOT NULL,
        document text NOT NULL
      )`);
    await q.query(`
      INSERT INTO task_core.task_search (task_pk, brand_id, document)
      SELECT id, brand_id, task_type || ' ' || description || ' ' || task_id FROM task_core.task`);
    await q.query(`CREATE INDEX task_search_document_trgm ON task_core.task_search USING gin (document public.gin_trgm_ops)`);

    await q.query(`DROP INDEX task_core.task_search_trgm`);
    await q.query(`DROP INDEX task_core.task_claimable`);
    await q.query(`DROP INDEX task_core.task_running_lease`);
    // Progress updates change no indexed column: room on the page lets them be HOT updates.
    await q.query(`ALTER TABLE task_core.task SET (fillfactor = 90)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_core.task RESET (fillfactor)`);
    // Leases and requests live in queue_item since up(): put them back on the records before dropping it.
    await q.query(`
      UPDATE task_core.task t SET status = CASE WHEN i.worker_id IS NOT NULL THEN 'running' ELSE t.status END,
        attempts = i.attempt, worker_id = coalesce(i.worker_id, t.worker_id), lease_expires_at = i.lease_expires_at,
        started_at = coalesce(i.claimed_at, t.started_at), run_at = i.run_at,
        cancel_requested = i.cancel_requested, pause_requested = i.pause_requested
      FROM task_core.queue_item i WHERE t.id = i.task_pk`);
    await q.query(
      `CREATE INDEX task_claimable ON task_core.task (queue, priority DESC, run_at, id) WHERE status IN ('pending','retrying')`,
    );
    await q.query(`CREATE INDEX task_running_lease ON task_core.task (lease_expires_at) WHERE status = 'running'`);
    await q.query(
      `CREATE INDEX task_search_trgm ON task_core.task USING gin ((task_type || ' ' || description || ' ' || task_id) public.gin_trgm_ops)`,
    );
    await q.query(`DROP TABLE task_core.task_search`);
    await q.query(`DROP TABLE task_core.queue_item`);
  }
}
