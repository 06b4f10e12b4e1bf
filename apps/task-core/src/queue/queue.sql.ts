// SQL of the queue's hot paths, one statement each (round trips, not SQL, are the cost on this path).
import { withEvent } from '../task/task-event.sql';

/**
 * Claims up to $3 runnable tasks of the given queues (and task types, when $2 is not empty) in claim
 * order: priority, then run_at (scheduled_for / creation / retry time), then id. SKIP LOCKED lets
 * concurrent claimers take disjoint rows without waiting on each other.
 *
 * One index range per queue (LATERAL): with `queue = ANY($1)` Postgres 15 cannot read task_claimable in
 * order, so it sorted every claimable row of the table on each claim (60 ms at 20k pending, measured);
 * per queue it stops after $3 rows (0.1 ms). Rows a queue locked beyond the final $3 are unlocked when
 * the statement commits.
 */
export const CLAIM_SQL = withEvent(
  'by-status',
  `WITH picked AS (
     SELECT c.id FROM unnest($1::text[]) AS q(name)
     CROSS JOIN LATERAL (
       SELECT id, priority, run_at FROM task_core.task
       WHERE queue = q.name AND status IN ('pending', 'retrying') AND run_at <= now()
         AND (cardinality($2::text[]) = 0 OR task_type = ANY($2::text[]))
       ORDER BY priority DESC, run_at, id
       LIMIT $3
       FOR UPDATE SKIP LOCKED
     ) c
     ORDER BY c.priority DESC, c.run_at, c.id
     LIMIT $3
   )
   UPDATE task_core.task t
   SET status = 'running', attempts = t.attempts + 1, worker_id = $4,
       lease_expires_at = now() + make_interval(secs => $5), started_at = now(), updated_at = now(),
       pause_requested = false
   FROM picked WHERE t.id = picked.id
   RETURNING t.*`,
);

/**
 * Locks the task of report `r` by primary key, then fences it: still the running attempt of worker $2.
 * The lookup selects on the id alone, on purpose (OFFSET 0 keeps the fence from being pushed into it):
 * given `status = 'running'` too, the planner reads the `task_running_lease` partial index instead
 * (every row that ran since the last vacuum is still in it), measured at 8 ms per reported id, 250 ms
 * per batch of 32, where the primary key takes 0.01 ms.
 */
const LOCKED_RUNNING_ATTEMPT = `CROSS JOIN LATERAL (
    SELECT t.status, t.attempts, t.worker_id FROM task_core.task t WHERE t.id = r.id OFFSET 0 FOR UPDATE
  ) locked
  WHERE locked.status = 'running' AND locked.attempts = r.attempt AND locked.worker_id = $2`;

/**
 * The outcome of attempts, decided in SQL from each row: completed, paused, cancelled (asked for, or
 * reported), retrying after a backoff with full jitter — random() × min(cap, base × 2^(attempt−1)),
 * defaults 1 s and 600 s — while attempts remain and the error is retryable, else failed.
 * `source` yields (id, attempt, kind, result, error, retryable, metrics…) for rows already locked.
 */
function finishAttempts(source: string): string {
  return withEvent(
    'by-status',
    `WITH d AS (
       SELECT s.*, CASE
           WHEN s.kind = 'completed' THEN 'completed'
           WHEN s.kind = 'paused' AND t.is_resumable THEN 'paused'
           WHEN s.kind = 'cancelled' OR t.cancel_requested THEN 'cancelled'
           WHEN s.kind = 'interrupted' AND t.is_resumable THEN 'interrupted'
           WHEN coalesce(s.retryable, true) AND t.attempts <= t.max_retries THEN 'retrying'
           ELSE 'failed' END AS new_status,
         random() * least(coalesce(t.retry_delay_max_seconds, 600),
                          coalesce(t.retry_delay_seconds, 1) * power(2, greatest(t.attempts - 1, 0))) AS delay_s
       FROM (${source}) s JOIN task_core.task t ON t.id = s.id
     )
     UPDATE task_core.task t SET
       status = d.new_status,
       result_data = CASE WHEN d.new_status = 'completed' THEN d.result ELSE t.result_data END,
       error = CASE WHEN d.new_status = 'completed' THEN NULL ELSE coalesce(d.error, t.error) END,
       progress_percentage = CASE WHEN d.new_status = 'completed' THEN 100 ELSE t.progress_percentage END,
       completed_at = CASE WHEN d.new_status IN ('completed', 'failed', 'cancelled') THEN now() END,
       run_at = CASE WHEN d.new_status = 'retrying' THEN now() + make_interval(secs => d.delay_s) ELSE t.run_at END,
       lease_expires_at = NULL,
       pause_requested = false,
       execution_time_ms = coalesce(d.execution_time_ms, t.execution_time_ms),
       cpu_time_ms = coalesce(d.cpu_time_ms, t.cpu_time_ms),
       memory_usage_mb = coalesce(d.memory_usage_mb, t.memory_usage_mb),
       cost_usd = coalesce(d.cost_usd, t.cost_usd),
       updated_at = now()
     FROM d WHERE t.id = d.id
     RETURNING t.*`,
    'SELECT id, status, cancel_requested, queue, task_type, run_at FROM changed',
  );
}

/** Reports of one worker ($2), fenced: only the attempt that holds the lease may finish its task. */
export const FINISH_REPORTED_SQL = finishAttempts(
  `SELECT r.* FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, attempt int, kind text, result jsonb, error jsonb,
     retryable bool, execution_time_ms int, cpu_time_ms int, memory_usage_mb real, cost_usd float8)
   ${LOCKED_RUNNING_ATTEMPT}`,
);

/** Running tasks whose lease expired (their worker died or was cut off): retry, interrupt or fail them. */
export const SWEEP_EXPIRED_SQL = finishAttempts(
  `SELECT t.id, t.attempts AS attempt, 'interrupted'::text AS kind, NULL::jsonb AS result,
     jsonb_build_object('message', 'The worker stopped heartbeating: its lease expired', 'type', 'LeaseExpired',
       'worker_id', t.worker_id) AS error,
     true AS retryable, NULL::int AS execution_time_ms, NULL::int AS cpu_time_ms, NULL::real AS memory_usage_mb,
     NULL::float8 AS cost_usd
   FROM task_core.task t
   WHERE t.status = 'running' AND t.lease_expires_at < now()
   ORDER BY t.lease_expires_at
   LIMIT $1
   FOR UPDATE SKIP LOCKED`,
);

/** Progress of running attempts, fenced like reports; one event per update (the SDK throttles them). */
export const PROGRESS_SQL = withEvent(
  'core.task.progress',
  `UPDATE task_core.task t SET
     progress_percentage = coalesce(r.progress, t.progress_percentage),
     progress_message = coalesce(r.message, t.progress_message),
     updated_at = now()
   FROM (SELECT r.* FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, attempt int, progress real, message text)
         ${LOCKED_RUNNING_ATTEMPT}) r
   WHERE t.id = r.id
   RETURNING t.*`,
  'SELECT id, cancel_requested FROM changed',
);

/** Extends the leases of the attempts a worker still runs; tells it which were cancelled or lost. */
export const HEARTBEAT_SQL = `
  UPDATE task_core.task t SET lease_expires_at = now() + make_interval(secs => $3)
  FROM (SELECT r.* FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, attempt int) ${LOCKED_RUNNING_ATTEMPT}) r
  WHERE t.id = r.id
  RETURNING t.id, t.cancel_requested`;

/** A stopping worker hands back attempts it will not finish: they run again elsewhere, uncounted. */
export const RELEASE_SQL = withEvent(
  'by-status',
  `UPDATE task_core.task t SET status = 'pending', attempts = t.attempts - 1, lease_expires_at = NULL,
     run_at = now(), updated_at = now()
   FROM (SELECT r.* FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, attempt int) ${LOCKED_RUNNING_ATTEMPT}) r
   WHERE t.id = r.id
   RETURNING t.*`,
  'SELECT id, queue, task_type FROM changed',
);
