import { CronJobScheduleType } from '@app/contracts';

export interface CronJobTiming {
  scheduleType: CronJobScheduleType;
  runAt: Date | null;
  intervalSeconds: number | null;
  startAt: Date | null;
}

/**
 * When a scheduled job next runs, from `now`: a `once` job at run_at (at once if that has passed), an
 * interval job at the first start_at + k·interval not before now.
 */
export function nextCronJobRun(timing: CronJobTiming, now: Date): Date | null {
  if (timing.scheduleType === 'once') return timing.runAt;
  if (timing.intervalSeconds === null || timing.startAt === null) return null;
  const start = timing.startAt.getTime();
  if (start >= now.getTime()) return timing.startAt;
  const step = timing.intervalSeconds * 1000;
  return new Date(start + Math.ceil((now.getTime() - start) / step) * step);
}

export interface CronJobFiring {
  /** The instant fired (its task's idempotency key names it). */
  instant: Date;
  /** The next run; null when a `once` job is done. */
  next: Date | null;
}

/**
 * A due job fires once: a `once` job at its run_at, an interval job for the latest instant that has
 * passed (instants missed while the scheduler was down are coalesced into it, not fired one by one).
 */
export function fireCronJob(timing: CronJobTiming, dueAt: Date, now: Date): CronJobFiring {
  if (timing.scheduleType === 'once' || timing.intervalSeconds === null || timing.startAt === null) {
    return { instant: dueAt, next: null };
  }
  const start = timing.startAt.getTime();
  const step = timing.intervalSeconds * 1000;
  const elapsed = Math.max(0, now.getTime() - start);
  const latest = Math.max(dueAt.getTime(), start + Math.floor(elapsed / step) * step);
  return { instant: new Date(latest), next: new Date(latest + step) };
}
