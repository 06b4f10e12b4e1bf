import { CronSchedule, parseCron } from '../cron/cron-expression';

// Schedules are parsed on every list, claim and fire; parsing validates field by field, so keep a few.
const MAX_CACHED = 5000;
const cache = new Map<string, CronSchedule>();

/** parseCron with a bounded cache; throws CronError like parseCron for an invalid expression or zone. */
export function compiledCron(expression: string, timezone: string): CronSchedule {
  const key = `${timezone}\u0000${expression}`;
  let schedule = cache.get(key);
  if (!schedule) {
    schedule = parseCron(expression, timezone);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, schedule);
  }
  return schedule;
}
