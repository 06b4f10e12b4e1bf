import { QueueDepthResponse, QueueStatsRow, WorkerStatus } from '@app/contracts';

export type LivenessThresholds = { staleAfterSeconds: number; offlineAfterSeconds: number };

/**
 * Liveness from the seconds since the last heartbeat: online up to the stale threshold, stale up to the
 * offline threshold, offline beyond (or at once after a clean shutdown).
 */
export function workerStatus(secondsSinceSeen: number, state: string, t: LivenessThresholds): WorkerStatus {
  if (state === 'stopped') return 'offline';
  if (secondsSinceSeen <= t.staleAfterSeconds) return 'online';
  if (secondsSinceSeen <= t.offlineAfterSeconds) return 'stale';
  return 'offline';
}

/** A worker with no declared task types runs every type. */
export function runsTaskType(taskTypes: readonly string[], taskType: string): boolean {
  return taskTypes.length === 0 || taskTypes.includes(taskType);
}

/**
 * What waits in a brand's queues, as far as a worker can tell: queues with pending work older than the
 * idle threshold, and the task types pending. task-core reports depth per queue and per type separately,
 * so a worker is matched when one of its queues has old work and one of its types is pending.
 */
export type Backlog = { queues: Set<string>; taskTypes: Set<string> };

export function backlogOf(stats: readonly QueueStatsRow[], depth: QueueDepthResponse, idleAfterSeconds: number): Backlog {
  const queues = new Set(
    stats.filter((s) => s.pending > 0 && (s.oldest_pending_age_seconds ?? 0) >= idleAfterSeconds).map((s) => s.queue),
  );
  const taskTypes = new Set(Object.entries(depth.by_task_type).filter(([, n]) => n > 0).map(([t]) => t));
  return { queues, taskTypes };
}

export type IdleInput = {
  status: WorkerStatus;
  state: string;
  busySlots: number;
  secondsSinceActive: number;
  queues: readonly string[];
  taskTypes: readonly string[];
};

/**
 * "Heartbeating but not consuming": online, nothing running, nothing taken for the idle threshold,
 * while work it could run has waited at least as long in one of its queues.
 */
export function isIdleWithBacklog(w: IdleInput, backlog: Backlog, idleAfterSeconds: number): boolean {
  if (w.status !== 'online' || w.state !== 'running' || w.busySlots > 0) return false;
  if (w.secondsSinceActive < idleAfterSeconds) return false;
  const queueWaits = w.queues.some((q) => backlog.queues.has(q));
  const typeWaits = w.taskTypes.length === 0 ? backlog.taskTypes.size > 0 : w.taskTypes.some((t) => backlog.taskTypes.has(t));
  return queueWaits && typeWaits;
}

export function utilisation(busySlots: number, concurrency: number): number | null {
  return concurrency > 0 ? Math.round((busySlots / concurrency) * 1000) / 1000 : null;
}
