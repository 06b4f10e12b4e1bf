// SQL of the queue's hot paths, one statement each (round trips, not SQL, are the cost on this path).
// The queue lives in `queue_item` (1796515200000-LeanQueue): one small row per waiting or leased task.
// Task records are written when a change becomes visible, in the same statement as the item.
import { prepared } from '@app/platform';
import { eventsCte, withEvent } from '../task/task-event.sql';

/**
 * Claims up to $3 runnable items of the given queues (and task types, when $2 is not empty) in claim
 * order: priority, then run_at (scheduled_for / creation / retry time), then id, and leases them to
 * worker $4 for $5 seconds. Neither the task record nor an event is written here: the running recorder
 * (RECORD_RUNNING_SQL) shows an attempt that still runs a moment later, with its `started` event; a task
 * that finishes first goes from pending to its outcome, its record and its events written once.
 *
 * One index range per queue (LATERAL): with `queue = ANY($1)` Postgres cannot read the index in order
 * and would sort every waiting item; per queue it stops after $3 rows. SKIP LOCKED lets concurrent
 * claimers take disjoint items; rows a queue locked beyond the final $3 are unlocked at commit.
 */
export const CLAIM_SQL = prepared(
  'core-claim',
  `
  WITH picked AS (
    SELECT c.task_pk FROM unnest($1::text[]) AS q(name)
    CROSS JOIN LATERAL (
      SELECT task_pk, priority, run_at FROM task_core.queue_item
      WHERE queue = q.name AND worker_id IS NULL AND run_at <= now()
        AND (cardinality($2::text[]) = 0 OR task_type = ANY($2::text[]))
      ORDER BY priority DESC, run_at, task_pk
      LIMIT $3
      FOR UPDATE SKIP LOCKED
    ) c
    ORDER BY c.priority DESC, c.run_at, c.task_pk
    LIMIT $3
  ),
  claimed AS (
    UPDATE task_core.queue_item i
    SET worker_id = $4, attempt = i.attempt + 1, lease_expires_at = now() + make_interval(secs => $5),
        claimed_at = now(), recorded = false, pause_requested = false
    FROM picked WHERE i.task_pk = picked.task_pk
    RETURNING i.task_pk, i.attempt, i.lease_expires_at
  )
  SELECT t.id, t.task_id, t.task_type, t.queue, t.priority, t.brand_id, c.attempt, t.max_retries, t.context_data,
    t.timeout_seconds, t.is_resumable, t.persistent_job_id, t.idempotency_key, t.created_at, c.lease_expires_at
  FROM claimed c JOIN task_core.task t ON t.id = c.task_pk
  ORDER BY t.priority DESC, t.run_at, t.id`,
);

/**
 * The leased item of report `r`, locked by primary key, and fenced: still the attempt worker $2 holds.
 * The lookup selects on the key alone, on purpose (OFFSET 0 keeps the fence out of it, so the planner
 * cannot prefer a partial index).
 */
const LOCKED_ATTEMPT = `CROSS JOIN LATERAL (
    SELECT i.attempt, i.worker_id, i.claimed_at, i.recorded, i.cancel_requested
    FROM task_core.queue_item i WHERE i.task_pk = r.id OFFSET 0 FOR UPDATE
  ) item
  WHERE item.worker_id = $2 AND item.attempt = r.attempt`;

/**
 * The outcome of attempts, decided in SQL from each row: completed, paused, cancelled (asked for, or
 * reported), retrying after a backoff with full jitter — random() × min(cap, base × 2^(attempt−1)),
 * defaults 1 s and 600 s — while attempts remain and the error is retryable, else failed. A retrying
 * task's item waits again; any other outcome deletes it.
 * `source` yields (id, attempt, kind, result, error, retryable, metrics…, started_at, worker_id,
 * cancel_requested, progress, message) for items it locked; the last progress a worker had not sent
 * yet comes with its outcome.
 */
function finishAttempts(source: string): string {
  return withEvent(
    'by-status',
    `UPDATE task_core.task t SET
       status = d.new_status,
       attempts = d.attempt,
       worker_id = d.worker_id,
       started_at = d.started_at,
       result_data = CASE WHEN d.new_status = 'completed' THEN d.result ELSE t.result_data END,
       error = CASE WHEN d.new_status = 'completed' THEN NULL ELSE coalesce(d.error, t.error) END,
       progress_percentage = CASE WHEN d.new_status = 'completed' THEN 100 ELSE coalesce(d.progress, t.progress_percentage) END,
       progress_message = coalesce(d.message, t.progress_message),
       completed_at = CASE WHEN d.new_status IN ('completed', 'failed', 'cancelled') THEN now() END,
       run_at = CASE WHEN d.new_status = 'retrying' THEN d.retry_at ELSE t.run_at END,
       lease_expires_at = NULL,
       pause_requested = false,
       execution_time_ms = coalesce(d.execution_time_ms, t.execution_time_ms),
       cpu_time_ms = coalesce(d.cpu_time_ms, t.cpu_time_ms),
       memory_usage_mb = coalesce(d.memory_usage_mb, t.memory_usage_mb),
       cost_usd = coalesce(d.cost_usd, t.cost_usd),
       updated_at = now()
     FROM d WHERE t.id = d.id
     RETURNING t.*`,
    {
      before: [
        `s AS (${source})`,
        `d AS (
           SELECT s.*, CASE
               WHEN s.kind = 'completed' THEN 'completed'
               WHEN s.kind = 'paused' AND t.is_resumable THEN 'paused'
               WHEN s.kind = 'cancelled' OR s.cancel_requested OR t.cancel_requested THEN 'cancelled'
               WHEN s.kind = 'interrupted' AND t.is_resumable THEN 'interrupted'
               WHEN coalesce(s.retryable, true) AND s.attempt - t.retry_base <= t.max_retries THEN 'retrying'
               ELSE 'failed' END AS new_status,
             now() + make_interval(secs => random() * least(coalesce(t.retry_delay_max_seconds, 600),
               coalesce(t.retry_delay_seconds, 1) * power(2, greatest(s.attempt - t.retry_base - 1, 0)))) AS retry_at
           FROM s JOIN task_core.task t ON t.id = s.id
         )`,
        `waiting_again AS (
           UPDATE task_core.queue_item i SET worker_id = NULL, lease_expires_at = NULL, claimed_at = NULL, recorded = true,
             run_at = d.retry_at, cancel_requested = false, pause_requested = false
           FROM d WHERE i.task_pk = d.id AND d.new_status = 'retrying'
         )`,
        `done AS (DELETE FROM task_core.queue_item i USING d WHERE i.task_pk = d.id AND d.new_status <> 'retrying')`,
      ],
      select: 'SELECT id, status, cancel_requested, queue, task_type, run_at FROM changed',
    },
  );
}

/** Reports of one worker ($2), fenced: only the attempt that holds the lease may finish its task. */
export const FINISH_REPORTED_SQL = prepared(
  'core-finish-reported',
  finishAttempts(
    `SELECT r.id, r.attempt, r.kind, r.result, r.error, r.retryable, r.execution_time_ms, r.cpu_time_ms,
     r.memory_usage_mb, r.cost_usd, coalesce(r.started_at, item.claimed_at) AS started_at, item.worker_id,
     item.cancel_requested, r.progress, r.message
   FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, attempt int, kind text, result jsonb, error jsonb,
     retryable bool, execution_time_ms int, cpu_time_ms int, memory_usage_mb real, cost_usd float8, started_at timestamptz,
     progress real, message text)
   ${LOCKED_ATTEMPT}`,
  ),
);

/** Leased items whose lease expired (their worker died or was cut off): retry, interrupt or fail their tasks. */
export const SWEEP_EXPIRED_SQL = prepared(
  'core-sweep-expired',
  finishAttempts(
    `SELECT i.task_pk AS id, i.attempt, 'interrupted'::text AS kind, NULL::jsonb AS result,
     jsonb_build_object('message', 'The worker stopped heartbeating: its lease expired', 'type', 'LeaseExpired',
       'worker_id', i.worker_id) AS error,
     true AS retryable, NULL::int AS execution_time_ms, NULL::int AS cpu_time_ms, NULL::real AS memory_usage_mb,
     NULL::float8 AS cost_usd, i.claimed_at AS started_at, i.worker_id, i.cancel_requested,
     NULL::real AS progress, NULL::text AS message
   FROM task_core.queue_item i
   WHERE i.worker_id IS NOT NULL AND i.lease_expires_at < now()
   ORDER BY i.lease_expires_at
   LIMIT $1
   FOR UPDATE SKIP LOCKED`,
  ),
);

/**
 * Progress of leased attempts, fenced like reports; one event per update (the SDK throttles them). A
 * progress report shows its task running at once (it is a change the user sees).
 */
export const PROGRESS_SQL = prepared(
  'core-progress',
  withEvent(
    'core.task.progress',
    `UPDATE task_core.task t SET
     status = 'running', attempts = r.attempt, worker_id = $2, started_at = r.claimed_at, completed_at = NULL,
     progress_percentage = coalesce(r.progress, t.progress_percentage),
     progress_message = coalesce(r.message, t.progress_message),
     updated_at = now()
   FROM r WHERE t.id = r.id
   RETURNING t.*`,
    {
      before: [
        `r AS (
         SELECT r.*, item.claimed_at, item.recorded
         FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, attempt int, progress real, message text)
         ${LOCKED_ATTEMPT}
       )`,
        `marked AS (UPDATE task_core.queue_item i SET recorded = true FROM r WHERE i.task_pk = r.id AND NOT r.recorded)`,
      ],
      // A progress report is the first sign of a running attempt the running recorder has not shown yet.
      also: [
        eventsCte(
          'started',
          `'core.task.started'`,
          'changed',
          'FROM changed JOIN r ON r.id = changed.id WHERE NOT r.recorded',
        ),
      ],
      select: 'SELECT id, cancel_requested, pause_requested FROM changed',
    },
  ),
);

/**
 * Extends the leases of the attempts a worker still holds; tells it which were cancelled or lost. Each
 * item by primary key (LOCKED_ATTEMPT): joined to the reported list, the planner scanned the table.
 */
export const HEARTBEAT_SQL = prepared(
  'core-heartbeat',
  `
  WITH r AS (SELECT r.* FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, attempt int) ${LOCKED_ATTEMPT})
  UPDATE task_core.queue_item i SET lease_expires_at = now() + make_interval(secs => $3)
  FROM r WHERE i.task_pk = r.id
  RETURNING i.task_pk AS id, i.cancel_requested, i.pause_requested`,
);

/** A stopping worker hands back attempts it will not finish: they run again elsewhere, uncounted. */
export const RELEASE_SQL = prepared(
  'core-release',
  withEvent(
    'by-status',
    `UPDATE task_core.task t SET status = 'pending', attempts = released.attempt, lease_expires_at = NULL, run_at = now(),
     started_at = coalesce(t.started_at, released.claimed_at), updated_at = now()
   FROM released WHERE t.id = released.task_pk
   RETURNING t.*`,
    {
      before: [
        `r AS (SELECT r.*, item.claimed_at FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, attempt int) ${LOCKED_ATTEMPT})`,
        `released AS (
         UPDATE task_core.queue_item i SET worker_id = NULL, lease_expires_at = NULL, claimed_at = NULL, recorded = true,
           attempt = i.attempt - 1, run_at = now()
         FROM r WHERE i.task_pk = r.id
         RETURNING i.task_pk, i.attempt, r.claimed_at
       )`,
      ],
      select: 'SELECT id, queue, task_type FROM changed',
    },
  ),
);

/**
 * Shows leased attempts as running on their task records, with their `started` events: those claimed
 * at least $1 ms ago that no report has shown yet (a task that finished sooner was written once, with
 * its outcome).
 */
export const RECORD_RUNNING_SQL = prepared(
  'core-record-running',
  withEvent(
    'core.task.started',
    `UPDATE task_core.task t SET status = 'running', attempts = due.attempt, worker_id = due.worker_id,
     started_at = due.claimed_at, completed_at = NULL, updated_at = now()
   FROM due WHERE t.id = due.task_pk
   RETURNING t.*`,
    {
      before: [
        `due AS (
         SELECT i.task_pk, i.attempt, i.worker_id, i.claimed_at FROM task_core.queue_item i
         WHERE i.worker_id IS NOT NULL AND NOT i.recorded AND i.claimed_at <= now() - make_interval(secs => $1 / 1000.0)
         ORDER BY i.lease_expires_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )`,
        `marked AS (UPDATE task_core.queue_item i SET recorded = true FROM due WHERE i.task_pk = due.task_pk)`,
      ],
      select: 'SELECT id FROM changed',
    },
  ),
);

/** Whether an attempt still holds its task (checkpoints written by other services are fenced by it). */
export const FENCE_SQL = prepared(
  'core-fence',
  `
  SELECT worker_id, attempt, cancel_requested, pause_requested FROM task_core.queue_item WHERE task_pk = $1`,
);
