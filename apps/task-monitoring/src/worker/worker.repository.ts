import { WorkerInfo } from '@app/contracts';
import { Sql } from '@app/platform';
import { Injectable } from '@nestjs/common';

/** A registry row with its age measured by the database clock (one clock for every replica). */
export type WorkerRow = {
  worker_id: string;
  hostname: string;
  pid: number;
  version: string;
  task_types: string[];
  queues: string[];
  concurrency: number;
  busy_slots: number;
  processed: number;
  failed: number;
  memory_mb: number;
  state: 'running' | 'stopping' | 'stopped';
  started_at: Date;
  first_seen: Date;
  last_seen: Date;
  last_active_at: Date | null;
  seconds_since_seen: number;
  seconds_since_active: number;
};

const SELECT_WORKER = `
  SELECT w.*, extract(epoch FROM now() - w.last_seen)::float8 AS seconds_since_seen,
    extract(epoch FROM now() - coalesce(w.last_active_at, w.first_seen))::float8 AS seconds_since_active
  FROM task_monitoring.worker w`;

/**
 * The worker registry. Workers are shared infrastructure, not tenant data: these queries take no brand,
 * and nothing brand-specific is stored here (see WorkerService for what a brand sees).
 */
@Injectable()
export class WorkerRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Upserts a heartbeat. An older heartbeat (redelivered, or from another replica's backlog) never
   * overwrites a newer one; a timestamp from a host clock ahead of the database is clamped to now.
   */
  async recordHeartbeat(worker: WorkerInfo, occurredAt: string): Promise<boolean> {
    const row = await this.sql.one<{ worker_id: string }>(
      `WITH sc AS (SELECT set_config('synchronous_commit', 'off', true) AS v)
       INSERT INTO task_monitoring.worker AS w (worker_id, hostname, pid, version, task_types, queues, concurrency,
         busy_slots, processed, failed, memory_mb, state, started_at, first_seen, last_seen, last_active_at)
       SELECT $1, $2, $3, $4, $5::text[], $6::text[], $7, $8, $9, $10, $11, $12, $13::timestamptz, now(),
         least($14::timestamptz, now()), CASE WHEN $8 > 0 THEN least($14::timestamptz, now()) END
       FROM sc
       ON CONFLICT (worker_id) DO UPDATE SET
         hostname = EXCLUDED.hostname, pid = EXCLUDED.pid, version = EXCLUDED.version,
         task_types = EXCLUDED.task_types, queues = EXCLUDED.queues, concurrency = EXCLUDED.concurrency,
         busy_slots = EXCLUDED.busy_slots, processed = EXCLUDED.processed, failed = EXCLUDED.failed,
         memory_mb = EXCLUDED.memory_mb, state = EXCLUDED.state, started_at = EXCLUDED.started_at,
         last_seen = EXCLUDED.last_seen,
         -- Activity: running something, or finished something since the last heartbeat.
         last_active_at = CASE WHEN EXCLUDED.busy_slots > 0 OR EXCLUDED.processed <> w.processed
                               THEN EXCLUDED.last_seen ELSE w.last_active_at END
       WHERE w.last_seen <= EXCLUDED.last_seen
       RETURNING w.worker_id`,
      [
        worker.worker_id,
        worker.hostname,
        worker.pid,
        worker.version,
        worker.task_types,
        worker.queues,
        worker.concurrency,
        worker.busy_slots,
        worker.processed,
        worker.failed,
        worker.memory_mb,
        worker.state ?? 'running',
        worker.started_at,
        occurredAt,
      ],
    );
    return row !== null;
  }

  /** The whole registry: small (workers, not tasks), and offline entries are pruned. */
  async findAll(): Promise<WorkerRow[]> {
    return this.sql.rows<WorkerRow>(`${SELECT_WORKER} ORDER BY w.worker_id`);
  }

  async findById(workerId: string): Promise<WorkerRow | null> {
    return this.sql.one<WorkerRow>(`${SELECT_WORKER} WHERE w.worker_id = $1`, [workerId]);
  }

  /** Forgets workers not seen for `hours`. */
  async pruneNotSeenFor(hours: number): Promise<number> {
    const rows = await this.sql.rows(
      `DELETE FROM task_monitoring.worker WHERE last_seen < now() - make_interval(hours => $1) RETURNING worker_id`,
      [hours],
    );
    return rows.length;
  }
}
