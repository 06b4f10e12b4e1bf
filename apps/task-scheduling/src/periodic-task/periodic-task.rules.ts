import {
  CalendarMode,
  MisfirePolicy,
  OverlapPolicy,
  PeriodicRunReason,
  PeriodicRunStatus,
} from '@app/contracts';
import { Calendar } from '../calendar/calendar.rules';
import { CronSchedule } from '../cron/cron-expression';
import { decideMisfire } from '../cron/misfire.rules';
import { nextAllowedRun } from '../cron/next-runs';
import { NextAfter } from '../cron/occurrence-window';

/** Everything that decides when a periodic task may run. */
export interface ScheduleSpec {
  cron: CronSchedule;
  calendar: Calendar | null;
  calendarMode: CalendarMode;
  startAt: Date | null;
  endAt: Date | null;
}

/**
 * The instants a periodic task may run: its cron's instants, on the days its calendar allows, within
 * [start_at, end_at]. Misfire decisions run on this schedule, so a day the calendar refuses is never
 * counted as missed and `run_once` coalesces onto an allowed instant.
 */
export function effectiveSchedule(spec: ScheduleSpec): NextAfter {
  const startMs = spec.startAt?.getTime() ?? null;
  const endMs = spec.endAt?.getTime() ?? null;
  return {
    nextAfter(date: Date): Date | null {
      // nextAfter is strictly after: one millisecond before start_at lets start_at itself run.
      const from = startMs !== null && startMs - 1 > date.getTime() ? new Date(startMs - 1) : date;
      const next = nextAllowedRun(spec.cron, from, spec.calendar, spec.calendarMode);
      return next === null || (endMs !== null && next.getTime() > endMs) ? null : next;
    },
  };
}

/** How many more runs max_runs allows (Infinity without a limit). */
export function remainingRuns(maxRuns: number | null, totalRunCount: number): number {
  return maxRuns === null ? Infinity : Math.max(0, maxRuns - totalRunCount);
}

/**
 * next_run_at of a schedule that starts (or starts again) now: its first allowed instant after now, or
 * start_at when that is later. A start_at in the past is not back-filled, whatever the misfire policy:
 * catching up is for instants a scheduler missed while it was down, and a new schedule missed none.
 */
export function firstRunAt(schedule: NextAfter, now: Date): Date | null {
  return schedule.nextAfter(now);
}

/** A name within the 200 characters of a periodic task's, with room for a ` #12` that makes it unique. */
const DEFAULT_NAME_LENGTH = 190;

/** The name of a periodic task created without one (the seed's example): its task type and cron. */
export function defaultPeriodicTaskName(taskType: string, cronExpression: string): string {
  const name = `${taskType} (${cronExpression})`;
  return name.length <= DEFAULT_NAME_LENGTH ? name : `${name.slice(0, DEFAULT_NAME_LENGTH - 2)}…)`;
}

/** `base`, or the first of `base #2`, `base #3`, … that the brand does not use yet. */
export function firstFreeName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base} #${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export interface PlannedRun {
  scheduledFor: Date;
  status: PeriodicRunStatus;
  reason: PeriodicRunReason | null;
}

export interface FirePlanInput {
  schedule: NextAfter;
  /** The stored next_run_at: due, not fired yet. */
  dueAt: Date;
  /** The database clock. */
  now: Date;
  misfirePolicy: MisfirePolicy;
  overlapPolicy: OverlapPolicy;
  /** Whether the last task this schedule created is still pending, running or retrying. */
  lastTaskActive: boolean;
  maxRuns: number | null;
  totalRunCount: number;
  misfireCap: number;
  misfireGraceMs: number;
}

export interface FirePlan {
  /** Ascending by instant: the instants to fire, and those recorded as skipped or missed. */
  runs: PlannedRun[];
  /** The new next_run_at; null when the schedule has ended. */
  next: Date | null;
}

// A scheduler down for a month must not write a million history rows for a per-second schedule.
export const MAX_MISSED_RECORDED = 1000;

/** What one visit of the firing loop does with a due periodic task. */
export function planFiring(input: FirePlanInput): FirePlan {
  const decision = decideMisfire({
    schedule: input.schedule,
    lastScheduled: input.dueAt,
    now: input.now,
    policy: input.misfirePolicy,
    cap: input.misfireCap,
    graceMs: input.misfireGraceMs,
    maxMissedRecorded: MAX_MISSED_RECORDED,
  });
  const runs: PlannedRun[] = decision.missed.map((miss) => ({
    scheduledFor: miss.scheduledFor,
    status: 'missed',
    reason: miss.reason,
  }));
  let remaining = remainingRuns(input.maxRuns, input.totalRunCount);
  let active = input.lastTaskActive;
  for (const instant of decision.fire) {
    if (input.overlapPolicy === 'skip' && active) {
      runs.push({ scheduledFor: instant, status: 'skipped_overlap', reason: 'previous_run_active' });
    } else if (remaining > 0) {
      runs.push({ scheduledFor: instant, status: 'fired', reason: null });
      remaining -= 1;
      // The task just created is pending: later instants of this visit overlap with it.
      active = true;
    }
  }
  runs.sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime());
  return { runs, next: remaining === 0 ? null : decision.next };
}
