import { CoreEvent, EXECUTION_FLAGS, ExecutionFlag, ExecutionStatus, TaskError, TaskEvent } from '@app/contracts';

export type FlagThresholds = { highMemoryMb: number; slowMs: number; expensiveUsd: number };

/** The task events an execution attempt is built from (progress is too chatty and says nothing new). */
export const ATTEMPT_EVENTS = [
  CoreEvent.TaskCreated,
  CoreEvent.TaskStarted,
  CoreEvent.TaskCompleted,
  CoreEvent.TaskFailed,
  CoreEvent.TaskRetrying,
  CoreEvent.TaskCancelled,
  CoreEvent.TaskInterrupted,
  CoreEvent.TaskPaused,
] as const;
export type AttemptEvent = (typeof ATTEMPT_EVENTS)[number];

const STATUS_OF_EVENT: Record<Exclude<AttemptEvent, 'core.task.created'>, ExecutionStatus> = {
  'core.task.started': 'running',
  'core.task.completed': 'completed',
  'core.task.failed': 'failed',
  'core.task.retrying': 'retrying',
  'core.task.cancelled': 'cancelled',
  'core.task.interrupted': 'interrupted',
  'core.task.paused': 'paused',
};

/** Statuses in which the attempt threw; `retrying` is a failed attempt that will be tried again. */
export const FAILED_STATUSES: readonly ExecutionStatus[] = ['failed', 'retrying'];
/** Attempts that ran to an outcome: the denominator of success and failure rates. */
export const FINISHED_STATUSES: readonly ExecutionStatus[] = ['completed', 'failed', 'retrying'];

/**
 * An attempt only moves forward: `running` (rank 1) may become any outcome (rank 2), an outcome is
 * never overwritten. A task cancelled while it waits for its retry keeps its failed attempt as it was.
 */
export function statusRank(status: ExecutionStatus): 1 | 2 {
  return status === 'running' ? 1 : 2;
}

/** The error type task-core gives an attempt whose worker vanished: it reported no measurements. */
export const LEASE_EXPIRED_ERROR = 'LeaseExpired';

export function isTimeout(error: Pick<TaskError, 'type' | 'message'> & { timed_out?: unknown }): boolean {
  return error.timed_out === true || /time(d)?[\s_-]?out/i.test(error.type);
}

export type FlagInput = {
  status: ExecutionStatus;
  attempt: number;
  executionTimeMs: number | null;
  memoryUsageMb: number | null;
  costUsd: number | null;
  error: (Pick<TaskError, 'type' | 'message'> & { timed_out?: unknown }) | null;
};

/** Flags of an attempt, in a stable order; thresholds are inclusive ("at or above"). */
export function executionFlags(input: FlagInput, thresholds: FlagThresholds): ExecutionFlag[] {
  const flags: ExecutionFlag[] = [];
  if (input.memoryUsageMb !== null && input.memoryUsageMb >= thresholds.highMemoryMb) flags.push('high_memory');
  if (input.executionTimeMs !== null && input.executionTimeMs >= thresholds.slowMs) flags.push('slow');
  if (input.costUsd !== null && input.costUsd >= thresholds.expensiveUsd) flags.push('expensive');
  if (input.attempt > 1) flags.push('retried');
  if (FAILED_STATUSES.includes(input.status)) flags.push('failed');
  if (input.error && input.status !== 'completed' && isTimeout(input.error)) flags.push('timed_out');
  return flags;
}

/** What one task event says about one attempt, ready to upsert. */
export type AttemptRecord = {
  kind: 'attempt';
  eventId: string;
  brandId: number;
  taskPk: number;
  taskId: string;
  taskType: string;
  queue: string;
  attempt: number;
  status: ExecutionStatus;
  statusRank: 1 | 2;
  workerId: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** When the first attempt became runnable (scheduled_for or creation); later attempts use the previous one's next_ready_at. */
  firstReadyAt: string | null;
  executionTimeMs: number | null;
  memoryUsageMb: number | null;
  cpuTimeMs: number | null;
  costUsd: number | null;
  flags: ExecutionFlag[];
  errorType: string | null;
  errorMessage: string | null;
  /** When the next attempt becomes runnable (the retry time), known from a `retrying` event. */
  nextReadyAt: string | null;
  recordedAt: string;
};

/**
 * A task handed back to the queue (a manual retry, or a stopping worker releasing its attempt): the
 * attempts after `attempt` that are still `running` never finished and are dropped; the next attempt
 * became runnable at `at`.
 */
export type RequeueRecord = { kind: 'requeue'; eventId: string; brandId: number; taskPk: number; attempt: number; at: string };

/** Maps a task event to what it changes in the metrics table; null when it changes nothing. */
export function recordFromEvent(subject: AttemptEvent, event: TaskEvent, thresholds: FlagThresholds): AttemptRecord | RequeueRecord | null {
  const task = event.task;
  if (subject === CoreEvent.TaskCreated) {
    // A new task never started: nothing to record. One that did was re-queued (a manual retry, or a
    // stopping worker that handed its attempt back, which also takes the attempt count back, to 0 maybe).
    if (task.started_at === null) return null;
    return { kind: 'requeue', eventId: event.event_id, brandId: event.brand_id, taskPk: task.id, attempt: event.attempt, at: event.occurred_at };
  }
  if (event.attempt < 1) return null;
  const status = STATUS_OF_EVENT[subject];
  const ended = status !== 'running';
  const error = ended && status !== 'completed' ? task.error : null;
  // The sweeper ends an attempt whose worker vanished: the task row still holds an earlier attempt's figures.
  const measured = ended && task.metrics !== null && error?.type !== LEASE_EXPIRED_ERROR;
  const metrics = measured ? task.metrics : null;
  const executionTimeMs = metrics?.execution_time_ms ?? null;
  const memoryUsageMb = metrics?.memory_usage_mb ?? null;
  const costUsd = metrics?.cost_usd ?? null;
  return {
    kind: 'attempt',
    eventId: event.event_id,
    brandId: event.brand_id,
    taskPk: task.id,
    taskId: task.task_id,
    taskType: task.task_type,
    queue: task.queue,
    attempt: event.attempt,
    status,
    statusRank: statusRank(status),
    workerId: task.worker_id,
    startedAt: task.started_at,
    finishedAt: ended ? (status === 'completed' || status === 'failed' ? (task.completed_at ?? event.occurred_at) : event.occurred_at) : null,
    firstReadyAt: event.attempt === 1 ? (task.scheduled_for ?? task.created_at) : null,
    executionTimeMs,
    memoryUsageMb,
    cpuTimeMs: metrics?.cpu_time_ms ?? null,
    costUsd,
    flags: executionFlags({ status, attempt: event.attempt, executionTimeMs, memoryUsageMb, costUsd, error }, thresholds),
    errorType: error ? truncate(error.type, 200) : null,
    errorMessage: error ? truncate(error.message, 1000) : null,
    nextReadyAt: status === 'retrying' ? task.next_attempt_at : null,
    recordedAt: event.occurred_at,
  };
}

/**
 * One record per event and per attempt, for a batch applied in one statement (an upsert may not touch a
 * row twice): of two records of one attempt, the one that moves it furthest (statusRank, then the later).
 */
export function latestPerAttempt(records: readonly AttemptRecord[]): AttemptRecord[] {
  const byAttempt = new Map<string, AttemptRecord>();
  const seenEvents = new Set<string>();
  for (const record of records) {
    if (seenEvents.has(record.eventId)) continue;
    seenEvents.add(record.eventId);
    const key = `${record.brandId}:${record.taskPk}:${record.attempt}`;
    const kept = byAttempt.get(key);
    const further = !kept || record.statusRank > kept.statusRank || (record.statusRank === kept.statusRank && record.recordedAt >= kept.recordedAt);
    if (further) byAttempt.set(key, record);
  }
  return [...byAttempt.values()];
}

/**
 * `search=` is a case-insensitive substring match over task types and flags (`?search=high_memory`):
 * resolved to the brand's matching task types and the matching flags, so that the query uses indexes.
 */
export function searchTerms(term: string, brandTaskTypes: readonly string[]): { taskTypes: string[]; flags: ExecutionFlag[] } {
  return {
    taskTypes: brandTaskTypes.filter((t) => t.toLowerCase().includes(term)),
    flags: EXECUTION_FLAGS.filter((f) => f.includes(term)),
  };
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
