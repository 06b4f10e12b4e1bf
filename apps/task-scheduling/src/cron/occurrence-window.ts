import { CronSchedule } from './cron-expression';

export type NextAfter = Pick<CronSchedule, 'nextAfter'>;

export interface LatestOccurrences {
  // Ascending, at most the `count` latest.
  items: Date[];
  // False when older occurrences exist that `items` leaves out.
  complete: boolean;
}

// A window's occurrences are enumerated forward in at most this many steps per probe, so a
// per-second schedule stopped for a week costs a few thousand steps, not six hundred thousand.
const budgetFor = (count: number): number => 4 * count + 16;

interface Enumeration {
  items: Date[];
  overflow: boolean;
}

function enumerate(schedule: NextAfter, afterMs: number, untilMs: number, budget: number): Enumeration {
  const items: Date[] = [];
  let next = schedule.nextAfter(new Date(afterMs));
  while (next !== null && next.getTime() <= untilMs) {
    if (items.length === budget) {
      return { items, overflow: true };
    }
    items.push(next);
    next = schedule.nextAfter(next);
  }
  return { items, overflow: false };
}

// The latest `count` occurrences in (after, until]. Cron has no "previous run", so windows ending
// at `until` are widened (doubling, then bisecting if one gets too dense) until one holds enough.
export function latestOccurrences(
  schedule: NextAfter,
  after: Date,
  until: Date,
  count: number,
): LatestOccurrences {
  const afterMs = after.getTime();
  const untilMs = until.getTime();
  const budget = budgetFor(count);
  let narrow = 0;
  let wide = Math.max(1000, count * 1000);
  for (;;) {
    const startMs = Math.max(afterMs, untilMs - wide);
    const window = enumerate(schedule, startMs, untilMs, budget);
    if (!window.overflow && (window.items.length >= count || startMs === afterMs)) {
      return settle(schedule, window.items, count, afterMs, startMs);
    }
    if (window.overflow) {
      return bisect(schedule, { afterMs, untilMs, count, budget }, narrow, wide);
    }
    narrow = wide;
    wide *= 2;
  }
}

interface Bounds {
  afterMs: number;
  untilMs: number;
  count: number;
  budget: number;
}

// Occurrences are whole distinct seconds, so one second more window adds at most one: somewhere
// between a too-sparse and a too-dense width lies one holding between `count` and the budget.
function bisect(schedule: NextAfter, bounds: Bounds, narrowMs: number, wideMs: number): LatestOccurrences {
  let [narrow, wide] = [narrowMs, wideMs];
  while (wide - narrow > 1000) {
    const middle = narrow + Math.max(1000, Math.floor((wide - narrow) / 2000) * 1000);
    const startMs = Math.max(bounds.afterMs, bounds.untilMs - middle);
    const window = enumerate(schedule, startMs, bounds.untilMs, bounds.budget);
    if (window.overflow) {
      wide = middle;
    } else if (window.items.length < bounds.count && startMs > bounds.afterMs) {
      narrow = middle;
    } else {
      return settle(schedule, window.items, bounds.count, bounds.afterMs, startMs);
    }
  }
  // Only reachable with occurrences that are not whole seconds; the sparse side is still correct.
  const startMs = Math.max(bounds.afterMs, bounds.untilMs - narrow);
  return settle(
    schedule,
    enumerate(schedule, startMs, bounds.untilMs, bounds.budget).items,
    bounds.count,
    bounds.afterMs,
    startMs,
  );
}

function settle(
  schedule: NextAfter,
  items: Date[],
  count: number,
  afterMs: number,
  startMs: number,
): LatestOccurrences {
  const latest = count === 0 ? [] : items.slice(-count);
  if (items.length > count) {
    return { items: latest, complete: false };
  }
  if (startMs === afterMs) {
    return { items: latest, complete: true };
  }
  const oldest = schedule.nextAfter(new Date(afterMs));
  return { items: latest, complete: oldest === null || oldest.getTime() > startMs };
}

// Like latestOccurrences, with `first` itself (a due instant, not necessarily an occurrence)
// heading the set: { first } ∪ occurrences in (first, until].
export function latestFrom(schedule: NextAfter, first: Date, until: Date, count: number): LatestOccurrences {
  const rest = latestOccurrences(schedule, first, until, count);
  if (rest.complete && rest.items.length < count) {
    return { items: [first, ...rest.items], complete: true };
  }
  return { items: rest.items, complete: false };
}
