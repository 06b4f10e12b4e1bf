import { Calendar, CalendarMode, runFilter } from '../calendar/calendar.rules';
import { CronSchedule, MAX_NEXT_RUNS } from './cron-expression';
import { startOfNextLocalDay } from './time-zone';

export interface NextRunsOptions {
  // Candidate instants examined before giving up; a calendar may allow no day at all.
  maxScan?: number;
}

export const DEFAULT_MAX_SCAN = 10_000;

// The next `count` instants after `from` that the calendar allows. A refused instant means its
// whole local day (in the calendar's zone) is refused, so the search resumes at the next day:
// a per-second schedule with `only` Christmas costs one candidate per day, not 86,400.
// Returns fewer than `count` when the schedule ends or the scan budget runs out.
export function nextRunsWithCalendar(
  schedule: Pick<CronSchedule, 'nextAfter' | 'nextRuns'>,
  from: Date,
  count: number,
  calendar?: Calendar | null,
  mode: CalendarMode = 'exclude',
  options: NextRunsOptions = {},
): Date[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_NEXT_RUNS) {
    throw new RangeError(`count must be an integer between 0 and ${MAX_NEXT_RUNS}`);
  }
  if (!calendar) {
    return schedule.nextRuns(from, count);
  }
  const maxScan = options.maxScan ?? DEFAULT_MAX_SCAN;
  const allowed = runFilter(calendar, mode);
  const runs: Date[] = [];
  let cursor = from;
  for (let scanned = 0; runs.length < count && scanned < maxScan; scanned++) {
    const candidate = schedule.nextAfter(cursor);
    if (candidate === null) {
      break;
    }
    if (allowed(candidate)) {
      runs.push(candidate);
      cursor = candidate;
    } else {
      // One millisecond before the next local midnight: nextAfter is strictly after its argument.
      cursor = new Date(startOfNextLocalDay(calendar.timezone, candidate.getTime()) - 1);
    }
  }
  return runs;
}

// The next allowed run after `from`, or null when none is found within the scan budget.
export function nextAllowedRun(
  schedule: Pick<CronSchedule, 'nextAfter' | 'nextRuns'>,
  from: Date,
  calendar?: Calendar | null,
  mode: CalendarMode = 'exclude',
  options: NextRunsOptions = {},
): Date | null {
  return nextRunsWithCalendar(schedule, from, 1, calendar, mode, options)[0] ?? null;
}
