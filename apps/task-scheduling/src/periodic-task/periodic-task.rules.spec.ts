import { parseCron } from '../cron/cron-expression';
import {
  defaultPeriodicTaskName,
  effectiveSchedule,
  FirePlanInput,
  firstFreeName,
  firstRunAt,
  planFiring,
  remainingRuns,
} from './periodic-task.rules';

const d = (text: string): Date => new Date(text);
const iso = (dates: Array<Date | null>): Array<string | null> =>
  dates.map((date) => date?.toISOString() ?? null);
const hourly = parseCron('0 * * * *', 'UTC');
const everySecond = parseCron('* * * * * *', 'UTC');
const plain = (cron = hourly) =>
  effectiveSchedule({ cron, calendar: null, calendarMode: 'exclude', startAt: null, endAt: null });

const runs = (input: Partial<FirePlanInput>) =>
  planFiring({
    schedule: plain(),
    dueAt: d('2026-01-01T10:00:00Z'),
    now: d('2026-01-01T10:00:00.150Z'),
    misfirePolicy: 'run_once',
    overlapPolicy: 'allow',
    lastTaskActive: false,
    maxRuns: null,
    totalRunCount: 0,
    misfireCap: 100,
    misfireGraceMs: 60_000,
    ...input,
  });
const summary = (input: Partial<FirePlanInput>) =>
  runs(input).runs.map((r) => [r.scheduledFor.toISOString(), r.status, r.reason]);

describe(effectiveSchedule.name, () => {
  it('should start at start_at itself when it is an instant of the cron', () => {
    const schedule = effectiveSchedule({
      cron: hourly,
      calendar: null,
      calendarMode: 'exclude',
      startAt: d('2026-01-01T10:00:00Z'),
      endAt: null,
    });
    expect(schedule.nextAfter(d('2025-06-01T00:00:00Z'))).toEqual(d('2026-01-01T10:00:00Z'));
    expect(schedule.nextAfter(d('2026-01-01T10:00:00Z'))).toEqual(d('2026-01-01T11:00:00Z'));
  });

  it('should not run before a start_at that falls between instants', () => {
    const schedule = effectiveSchedule({
      cron: everySecond,
      calendar: null,
      calendarMode: 'exclude',
      startAt: d('2026-01-01T10:00:00.500Z'),
      endAt: null,
    });
    expect(schedule.nextAfter(d('2026-01-01T09:00:00Z'))).toEqual(d('2026-01-01T10:00:01Z'));
  });

  it('should end at end_at, inclusive', () => {
    const schedule = effectiveSchedule({
      cron: hourly,
      calendar: null,
      calendarMode: 'exclude',
      startAt: null,
      endAt: d('2026-01-01T12:00:00Z'),
    });
    expect(schedule.nextAfter(d('2026-01-01T11:30:00Z'))).toEqual(d('2026-01-01T12:00:00Z'));
    expect(schedule.nextAfter(d('2026-01-01T12:00:00Z'))).toBeNull();
  });

  it('should skip the days a calendar excludes, in the calendar zone', () => {
    // 2026-01-03 and 04 are a weekend; 23:00 UTC on Friday the 2nd is already Saturday in Tokyo.
    const calendar = { timezone: 'Asia/Tokyo', dates: [], ranges: [], weekdays: [0, 6] };
    const schedule = effectiveSchedule({
      cron: parseCron('0 23 * * *', 'UTC'),
      calendar,
      calendarMode: 'exclude',
      startAt: null,
      endAt: null,
    });
    expect(schedule.nextAfter(d('2026-01-01T12:00:00Z'))).toEqual(d('2026-01-01T23:00:00Z'));
    expect(schedule.nextAfter(d('2026-01-01T23:00:00Z'))).toEqual(d('2026-01-04T23:00:00Z'));
  });
});

describe(firstRunAt.name, () => {
  const schedule = effectiveSchedule({
    cron: hourly,
    calendar: null,
    calendarMode: 'exclude',
    startAt: d('2026-01-01T08:00:00Z'),
    endAt: null,
  });

  it('should start from now, not back-fill the instants since a past start_at (a new schedule missed none)', () => {
    expect(firstRunAt(schedule, d('2026-01-01T10:20:00Z'))).toEqual(d('2026-01-01T11:00:00Z'));
  });

  it('should wait for a start_at in the future', () => {
    expect(firstRunAt(schedule, d('2026-01-01T06:20:00Z'))).toEqual(d('2026-01-01T08:00:00Z'));
  });
});

describe(defaultPeriodicTaskName.name, () => {
  it("should name a task from its type and cron, as the seed's example body gives no name", () => {
    expect(defaultPeriodicTaskName('daily_seo_report', '0 9 * * 1-5')).toBe('daily_seo_report (0 9 * * 1-5)');
  });

  it('should stay within the length of a name, with room for a number', () => {
    const name = defaultPeriodicTaskName('t'.repeat(100), `0 0 1 1 ${'1,'.repeat(90)}1`);
    expect(name.length).toBe(190);
    expect(name.endsWith('…)')).toBe(true);
  });
});

describe(firstFreeName.name, () => {
  it('should number a name the brand already uses, from #2, filling gaps', () => {
    expect(firstFreeName('report', new Set())).toBe('report');
    expect(firstFreeName('report', new Set(['report']))).toBe('report #2');
    expect(firstFreeName('report', new Set(['report', 'report #2', 'report #4']))).toBe('report #3');
  });
});

describe(remainingRuns.name, () => {
  it('should count down to zero, and be unlimited without max_runs', () => {
    expect(remainingRuns(3, 1)).toBe(2);
    expect(remainingRuns(3, 5)).toBe(0);
    expect(remainingRuns(null, 5)).toBe(Infinity);
  });
});

describe(planFiring.name, () => {
  it('should fire the due instant and move to the next', () => {
    const plan = runs({});
    expect(summary({})).toEqual([['2026-01-01T10:00:00.000Z', 'fired', null]]);
    expect(plan.next).toEqual(d('2026-01-01T11:00:00Z'));
  });

  it('should fire nothing before the due instant', () => {
    expect(runs({ now: d('2026-01-01T09:59:59.900Z') })).toEqual({
      runs: [],
      next: d('2026-01-01T10:00:00Z'),
    });
  });

  it('should fire every instant of a late per-second schedule that is still within the grace period', () => {
    const plan = runs({
      schedule: plain(everySecond),
      dueAt: d('2026-01-01T10:00:00Z'),
      now: d('2026-01-01T10:00:02.300Z'),
    });
    expect(iso(plan.runs.map((r) => r.scheduledFor))).toEqual([
      '2026-01-01T10:00:00.000Z',
      '2026-01-01T10:00:01.000Z',
      '2026-01-01T10:00:02.000Z',
    ]);
    expect(plan.runs.every((r) => r.status === 'fired')).toBe(true);
    expect(plan.next).toEqual(d('2026-01-01T10:00:03Z'));
  });

  describe('after downtime', () => {
    const outage = { dueAt: d('2026-01-01T10:00:00Z'), now: d('2026-01-01T13:30:00Z') };

    it('should record every missed instant with skip', () => {
      expect(summary({ ...outage, misfirePolicy: 'skip' })).toEqual([
        ['2026-01-01T10:00:00.000Z', 'missed', 'misfire_skipped'],
        ['2026-01-01T11:00:00.000Z', 'missed', 'misfire_skipped'],
        ['2026-01-01T12:00:00.000Z', 'missed', 'misfire_skipped'],
        ['2026-01-01T13:00:00.000Z', 'missed', 'misfire_skipped'],
      ]);
    });

    it('should fire the latest and coalesce the rest with run_once', () => {
      expect(summary({ ...outage, misfirePolicy: 'run_once' })).toEqual([
        ['2026-01-01T10:00:00.000Z', 'missed', 'misfire_coalesced'],
        ['2026-01-01T11:00:00.000Z', 'missed', 'misfire_coalesced'],
        ['2026-01-01T12:00:00.000Z', 'missed', 'misfire_coalesced'],
        ['2026-01-01T13:00:00.000Z', 'fired', null],
      ]);
    });

    it('should fire them all with run_all, the most recent when the cap bites', () => {
      expect(summary({ ...outage, misfirePolicy: 'run_all' }).map(([, status]) => status)).toEqual([
        'fired',
        'fired',
        'fired',
        'fired',
      ]);
      expect(summary({ ...outage, misfirePolicy: 'run_all', misfireCap: 2 })).toEqual([
        ['2026-01-01T10:00:00.000Z', 'missed', 'misfire_cap_exceeded'],
        ['2026-01-01T11:00:00.000Z', 'missed', 'misfire_cap_exceeded'],
        ['2026-01-01T12:00:00.000Z', 'fired', null],
        ['2026-01-01T13:00:00.000Z', 'fired', null],
      ]);
    });
  });

  describe('overlap', () => {
    it('should skip while the last task is active with overlap skip, and fire with allow', () => {
      expect(summary({ overlapPolicy: 'skip', lastTaskActive: true })).toEqual([
        ['2026-01-01T10:00:00.000Z', 'skipped_overlap', 'previous_run_active'],
      ]);
      expect(summary({ overlapPolicy: 'allow', lastTaskActive: true })).toEqual([
        ['2026-01-01T10:00:00.000Z', 'fired', null],
      ]);
    });

    it('should let only the first of several due instants fire with overlap skip', () => {
      const statuses = summary({
        misfirePolicy: 'run_all',
        overlapPolicy: 'skip',
        dueAt: d('2026-01-01T10:00:00Z'),
        now: d('2026-01-01T12:30:00Z'),
        misfireGraceMs: 0,
      });
      expect(statuses.map(([, status]) => status)).toEqual(['fired', 'skipped_overlap', 'skipped_overlap']);
    });
  });

  describe('max_runs', () => {
    it('should stop the schedule on its last allowed run', () => {
      const plan = runs({ maxRuns: 3, totalRunCount: 2 });
      expect(plan.runs.map((r) => r.status)).toEqual(['fired']);
      expect(plan.next).toBeNull();
    });

    it('should fire only the runs left, earliest first, when several are due', () => {
      const plan = runs({
        misfirePolicy: 'run_all',
        dueAt: d('2026-01-01T10:00:00Z'),
        now: d('2026-01-01T13:30:00Z'),
        maxRuns: 2,
        totalRunCount: 0,
      });
      expect(plan.runs.map((r) => [r.scheduledFor.toISOString(), r.status])).toEqual([
        ['2026-01-01T10:00:00.000Z', 'fired'],
        ['2026-01-01T11:00:00.000Z', 'fired'],
      ]);
      expect(plan.next).toBeNull();
    });

    it('should keep going when an instant was skipped for overlap rather than fired', () => {
      expect(
        runs({ overlapPolicy: 'skip', lastTaskActive: true, maxRuns: 1, totalRunCount: 0 }).next,
      ).toEqual(d('2026-01-01T11:00:00Z'));
    });
  });
});
