import { Calendar } from '../calendar/calendar.rules';
import { CronSchedule, parseCron } from './cron-expression';
import { nextAllowedRun, nextRunsWithCalendar } from './next-runs';

const d = (text: string): Date => new Date(text);
const iso = (dates: Date[]): string[] => dates.map((date) => date.toISOString());
const z = (...texts: string[]): string[] => texts.map((text) => d(text).toISOString());
const calendar = (overrides: Partial<Calendar>): Calendar => ({
  timezone: 'UTC',
  dates: [],
  ranges: [],
  weekdays: [],
  ...overrides,
});

function counting(schedule: CronSchedule): CronSchedule & { calls: number } {
  const counter = {
    ...schedule,
    calls: 0,
    nextAfter(date: Date): Date | null {
      counter.calls++;
      return schedule.nextAfter(date);
    },
    nextRuns: (from: Date, count: number) => schedule.nextRuns(from, count),
  };
  return counter;
}

describe(nextRunsWithCalendar.name, () => {
  const dailyNine = parseCron('0 9 * * *', 'Europe/Paris');

  it('should equal nextRuns without a calendar', () => {
    const from = d('2026-01-09T10:00:00Z');
    expect(nextRunsWithCalendar(dailyNine, from, 3)).toEqual(dailyNine.nextRuns(from, 3));
    expect(nextRunsWithCalendar(dailyNine, from, 3, null, 'only')).toEqual(dailyNine.nextRuns(from, 3));
  });

  it('should skip the weekend when it is excluded', () => {
    // From Friday 2026-01-09 11:00 CET: Sat 10 and Sun 11 are skipped, then Mon 12 … Wed 14 at 08:00Z.
    const weekend = calendar({ timezone: 'Europe/Paris', weekdays: [0, 6] });
    expect(iso(nextRunsWithCalendar(dailyNine, d('2026-01-09T10:00:00Z'), 3, weekend, 'exclude'))).toEqual(
      z('2026-01-12T08:00:00Z', '2026-01-13T08:00:00Z', '2026-01-14T08:00:00Z'),
    );
  });

  it('should run on the weekend alone when only', () => {
    const weekend = calendar({ timezone: 'Europe/Paris', weekdays: [0, 6] });
    expect(iso(nextRunsWithCalendar(dailyNine, d('2026-01-09T10:00:00Z'), 3, weekend, 'only'))).toEqual(
      z('2026-01-10T08:00:00Z', '2026-01-11T08:00:00Z', '2026-01-17T08:00:00Z'),
    );
  });

  it('should default to exclude', () => {
    const weekend = calendar({ timezone: 'Europe/Paris', weekdays: [0, 6] });
    expect(nextRunsWithCalendar(dailyNine, d('2026-01-09T10:00:00Z'), 1, weekend)).toEqual([
      d('2026-01-12T08:00:00Z'),
    ]);
  });

  it('should judge days in the calendar zone, not the schedule zone', () => {
    // UTC midnight runs; the calendar (Tokyo, UTC+9) excludes 2 January, and 2026-01-02T00:00Z is
    // 09:00 on 2 January in Tokyo.
    const schedule = parseCron('0 0 * * *', 'UTC');
    const tokyo = calendar({ timezone: 'Asia/Tokyo', dates: ['2026-01-02'] });
    expect(iso(nextRunsWithCalendar(schedule, d('2025-12-31T12:00:00Z'), 3, tokyo, 'exclude'))).toEqual(
      z('2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z', '2026-01-04T00:00:00Z'),
    );
  });

  it('should jump whole days so a per-second schedule finds a far-away allowed day', () => {
    // Christmas in Paris starts 2026-12-24T23:00Z; each refused day costs one candidate, not 86,400.
    const schedule = counting(parseCron('* * * * * *', 'Europe/Paris'));
    const christmas = calendar({ timezone: 'Europe/Paris', dates: ['2026-12-25'] });
    expect(iso(nextRunsWithCalendar(schedule, d('2026-01-01T00:00:00Z'), 3, christmas, 'only'))).toEqual(
      z('2026-12-24T23:00:00Z', '2026-12-24T23:00:01Z', '2026-12-24T23:00:02Z'),
    );
    expect(schedule.calls).toBeLessThan(400);
  });

  it('should resume at the first run of the next day after an excluded evening', () => {
    // 23:30 Paris runs; 1 January excluded: from 2026-01-01T00:00Z the 1st's run (22:30Z) is refused,
    // the 2nd's (2026-01-02T22:30Z) is allowed.
    const schedule = parseCron('30 23 * * *', 'Europe/Paris');
    const newYear = calendar({ timezone: 'Europe/Paris', dates: ['2026-01-01'] });
    expect(iso(nextRunsWithCalendar(schedule, d('2026-01-01T00:00:00Z'), 1, newYear))).toEqual(
      z('2026-01-02T22:30:00Z'),
    );
  });

  it('should give up after the scan budget and return what it found', () => {
    const schedule = counting(parseCron('0 9 * * *', 'UTC'));
    // `only` with an empty calendar allows nothing, ever.
    expect(
      nextRunsWithCalendar(schedule, d('2026-01-01T00:00:00Z'), 3, calendar({}), 'only', { maxScan: 50 }),
    ).toEqual([]);
    expect(schedule.calls).toBe(50);
  });

  it('should return fewer runs when the schedule ends', () => {
    const ending: CronSchedule = {
      ...dailyNine,
      nextAfter: (date) => (date < d('2026-01-02T00:00:00Z') ? d('2026-01-02T00:00:00Z') : null),
      nextRuns: () => [],
    };
    expect(nextRunsWithCalendar(ending, d('2026-01-01T00:00:00Z'), 3, calendar({}), 'exclude')).toEqual([
      d('2026-01-02T00:00:00Z'),
    ]);
  });

  it('should refuse a bad count', () => {
    expect(() => nextRunsWithCalendar(dailyNine, new Date(), -1, calendar({}))).toThrow(RangeError);
    expect(() => nextRunsWithCalendar(dailyNine, new Date(), 1001, null)).toThrow(RangeError);
  });
});

describe(nextAllowedRun.name, () => {
  it('should give the first allowed run, or null when none is found', () => {
    const schedule = parseCron('0 9 * * *', 'UTC');
    const weekend = calendar({ weekdays: [0, 6] });
    expect(nextAllowedRun(schedule, d('2026-01-02T10:00:00Z'), weekend, 'exclude')).toEqual(
      d('2026-01-05T09:00:00Z'),
    );
    expect(
      nextAllowedRun(schedule, d('2026-01-02T10:00:00Z'), calendar({}), 'only', { maxScan: 10 }),
    ).toBeNull();
  });
});
