import { parseCron } from './cron-expression';
import { decideMisfire, MisfireInput, MissedReason } from './misfire.rules';

const hourly = parseCron('0 * * * *', 'UTC');
const everySecond = parseCron('* * * * * *', 'UTC');
const d = (text: string): Date => new Date(text);
const iso = (dates: Date[]): string[] => dates.map((date) => date.toISOString());
const z = (...texts: string[]): string[] => texts.map((text) => d(text).toISOString());

// The scheduler was down from just before 10:00 to 13:30: 10:00, 11:00, 12:00 and 13:00 are due.
const outage = (overrides: Partial<MisfireInput>): MisfireInput => ({
  schedule: hourly,
  lastScheduled: d('2026-01-01T10:00:00Z'),
  now: d('2026-01-01T13:30:00Z'),
  policy: 'skip',
  ...overrides,
});

const missedOf = (input: MisfireInput): Array<[string, MissedReason]> =>
  decideMisfire(input).missed.map((miss) => [miss.scheduledFor.toISOString(), miss.reason]);

describe(decideMisfire.name, () => {
  it('should fire the due instant when it is within the grace period', () => {
    const decision = decideMisfire(
      outage({ lastScheduled: d('2026-01-01T13:00:00Z'), now: d('2026-01-01T13:00:05Z') }),
    );
    expect(iso(decision.fire)).toEqual(z('2026-01-01T13:00:00Z'));
    expect(decision.missed).toEqual([]);
    expect(decision.missedTruncated).toBe(false);
    expect(decision.next?.toISOString()).toBe('2026-01-01T14:00:00.000Z');
  });

  it('should fire nothing and keep next when the due instant is still ahead', () => {
    const decision = decideMisfire(outage({ lastScheduled: d('2026-01-01T14:00:00Z') }));
    expect(decision).toEqual({
      fire: [],
      missed: [],
      missedTruncated: false,
      next: d('2026-01-01T14:00:00Z'),
    });
  });

  describe('skip', () => {
    it('should record every late instant as skipped', () => {
      const decision = decideMisfire(outage({ policy: 'skip' }));
      expect(decision.fire).toEqual([]);
      expect(missedOf(outage({ policy: 'skip' }))).toEqual([
        ['2026-01-01T10:00:00.000Z', 'misfire_skipped'],
        ['2026-01-01T11:00:00.000Z', 'misfire_skipped'],
        ['2026-01-01T12:00:00.000Z', 'misfire_skipped'],
        ['2026-01-01T13:00:00.000Z', 'misfire_skipped'],
      ]);
      expect(decision.next?.toISOString()).toBe('2026-01-01T14:00:00.000Z');
    });

    it('should still fire an instant younger than the grace period', () => {
      const input = outage({ policy: 'skip', now: d('2026-01-01T13:00:30Z') });
      expect(iso(decideMisfire(input).fire)).toEqual(z('2026-01-01T13:00:00Z'));
      expect(missedOf(input).map(([at]) => at)).toEqual(
        z('2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z', '2026-01-01T12:00:00Z'),
      );
    });

    it('should count an instant exactly graceMs old as a misfire', () => {
      const input = outage({ policy: 'skip', now: d('2026-01-01T13:01:00Z'), graceMs: 60_000 });
      expect(decideMisfire(input).fire).toEqual([]);
      expect(missedOf(input)).toHaveLength(4);
    });

    it('should honour a custom grace period', () => {
      const input = outage({ policy: 'skip', graceMs: 3_600_000 });
      // 13:30 minus one hour is 12:30: 13:00 is on time, 10:00 … 12:00 are misfires.
      expect(iso(decideMisfire(input).fire)).toEqual(z('2026-01-01T13:00:00Z'));
      expect(missedOf(input)).toHaveLength(3);
    });
  });

  describe('run_once', () => {
    it('should fire the latest late instant once and coalesce the others', () => {
      const input = outage({ policy: 'run_once' });
      expect(iso(decideMisfire(input).fire)).toEqual(z('2026-01-01T13:00:00Z'));
      expect(missedOf(input)).toEqual([
        ['2026-01-01T10:00:00.000Z', 'misfire_coalesced'],
        ['2026-01-01T11:00:00.000Z', 'misfire_coalesced'],
        ['2026-01-01T12:00:00.000Z', 'misfire_coalesced'],
      ]);
    });

    it('should fire the on-time instant as well as one catch-up run', () => {
      const input = outage({ policy: 'run_once', now: d('2026-01-01T13:00:30Z') });
      expect(iso(decideMisfire(input).fire)).toEqual(z('2026-01-01T12:00:00Z', '2026-01-01T13:00:00Z'));
      expect(missedOf(input).map(([at]) => at)).toEqual(z('2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z'));
    });

    it('should fire a due instant that is not itself an occurrence (start_at)', () => {
      const input = outage({ policy: 'run_once', lastScheduled: d('2026-01-01T13:17:00Z') });
      expect(iso(decideMisfire(input).fire)).toEqual(z('2026-01-01T13:17:00Z'));
      expect(decideMisfire(input).missed).toEqual([]);
    });
  });

  describe('run_all', () => {
    it('should fire every late instant in order when under the cap', () => {
      const decision = decideMisfire(outage({ policy: 'run_all' }));
      expect(iso(decision.fire)).toEqual(
        z('2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z', '2026-01-01T12:00:00Z', '2026-01-01T13:00:00Z'),
      );
      expect(decision.missed).toEqual([]);
      expect(decision.missedTruncated).toBe(false);
    });

    it('should fire the most recent instants up to the cap and record the older ones', () => {
      const input = outage({ policy: 'run_all', cap: 2 });
      expect(iso(decideMisfire(input).fire)).toEqual(z('2026-01-01T12:00:00Z', '2026-01-01T13:00:00Z'));
      expect(missedOf(input)).toEqual([
        ['2026-01-01T10:00:00.000Z', 'misfire_cap_exceeded'],
        ['2026-01-01T11:00:00.000Z', 'misfire_cap_exceeded'],
      ]);
    });
  });

  describe('long outages', () => {
    const weekDown = (overrides: Partial<MisfireInput>): MisfireInput => ({
      schedule: everySecond,
      lastScheduled: d('2026-01-01T00:00:00Z'),
      now: d('2026-01-08T00:00:00Z'),
      policy: 'skip',
      ...overrides,
    });

    it('should fire the last minute and list only the latest misses when a per-second schedule was down a week', () => {
      const decision = decideMisfire(weekDown({ policy: 'skip', maxMissedRecorded: 5 }));
      // On time: 23:59:01 … 00:00:00 (younger than 60 s), 60 runs.
      expect(decision.fire).toHaveLength(60);
      expect(decision.fire[0].toISOString()).toBe('2026-01-07T23:59:01.000Z');
      expect(decision.fire[59].toISOString()).toBe('2026-01-08T00:00:00.000Z');
      expect(iso(decision.missed.map((miss) => miss.scheduledFor))).toEqual(
        z(
          '2026-01-07T23:58:56Z',
          '2026-01-07T23:58:57Z',
          '2026-01-07T23:58:58Z',
          '2026-01-07T23:58:59Z',
          '2026-01-07T23:59:00Z',
        ),
      );
      expect(decision.missedTruncated).toBe(true);
      expect(decision.next?.toISOString()).toBe('2026-01-08T00:00:01.000Z');
    });

    it('should cap on-time runs too and say why', () => {
      // Due: 23:58:00 … 00:00:00. On time: 23:59:01 … 00:00:00 (60); the cap keeps the last 10.
      const input = weekDown({ lastScheduled: d('2026-01-07T23:58:00Z'), cap: 10 });
      const decision = decideMisfire(input);
      expect(iso(decision.fire)).toEqual(iso(everySecond.nextRuns(d('2026-01-07T23:59:50Z'), 10)));
      const reasons = decision.missed.map((miss) => miss.reason);
      expect(reasons.filter((reason) => reason === 'misfire_skipped')).toHaveLength(61);
      expect(reasons.filter((reason) => reason === 'misfire_cap_exceeded')).toHaveLength(50);
      expect(decision.missed[0].scheduledFor.toISOString()).toBe('2026-01-07T23:58:00.000Z');
      expect(decision.missedTruncated).toBe(false);
    });

    it('should fire the hundred most recent runs when run_all and the backlog is huge', () => {
      const decision = decideMisfire(weekDown({ policy: 'run_all', maxMissedRecorded: 0 }));
      expect(decision.fire).toHaveLength(100);
      expect(decision.fire[0].toISOString()).toBe('2026-01-07T23:58:21.000Z');
      expect(decision.missed).toEqual([]);
      expect(decision.missedTruncated).toBe(true);
    });
  });

  it.each([
    [{ cap: 0 }, 'cap'],
    [{ cap: 1.5 }, 'cap'],
    [{ graceMs: -1 }, 'graceMs'],
    [{ maxMissedRecorded: -1 }, 'maxMissedRecorded'],
  ])('should refuse %j', (overrides, name) => {
    expect(() => decideMisfire(outage(overrides))).toThrow(
      new RangeError(`${name} must be an integer >= ${name === 'cap' ? 1 : 0}`),
    );
  });
});
