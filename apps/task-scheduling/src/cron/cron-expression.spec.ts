import { CronError, parseCron } from './cron-expression';

// Every expected instant below was worked out by hand from the calendar and the zone rules,
// never by running this code. Reference facts used:
// - 2026-01-01 is a Thursday; 2026-02-01 a Sunday; 2026-07-01 a Wednesday.
// - Europe/Paris: CET = UTC+1, CEST = UTC+2; 2026 DST from 2026-03-29 01:00Z (02:00 → 03:00 local)
//   to 2026-10-25 01:00Z (03:00 → 02:00 local).
// - America/New_York: EST = UTC-5, EDT = UTC-4; 2026 DST from 2026-03-08 07:00Z (02:00 → 03:00)
//   to 2026-11-01 06:00Z (02:00 → 01:00).
const runs = (expression: string, timezone: string, from: string, count: number): string[] =>
  parseCron(expression, timezone)
    .nextRuns(new Date(from), count)
    .map((date) => date.toISOString());

const iso = (...instants: string[]): string[] => instants.map((instant) => new Date(instant).toISOString());

describe(parseCron.name, () => {
  describe('five fields', () => {
    it('should skip the weekend when weekdays only start from a Friday afternoon in Paris', () => {
      // Friday 2026-01-09 11:00 CET is past 09:00, so the next is Monday 12th 09:00 CET = 08:00Z.
      expect(runs('0 9 * * 1-5', 'Europe/Paris', '2026-01-09T10:00:00Z', 3)).toEqual(
        iso('2026-01-12T08:00:00Z', '2026-01-13T08:00:00Z', '2026-01-14T08:00:00Z'),
      );
    });

    it('should fire the same Friday when it starts before 09:00 local', () => {
      // 07:00Z is 08:00 CET on Friday 2026-01-09; then Monday 12th.
      expect(runs('0 9 * * 1-5', 'Europe/Paris', '2026-01-09T07:00:00Z', 2)).toEqual(
        iso('2026-01-09T08:00:00Z', '2026-01-12T08:00:00Z'),
      );
    });

    it('should follow the local clock across the spring change when weekdays at 09:00', () => {
      // Friday 2026-03-27 09:00 CET is past; Monday 30th 09:00 CEST = 07:00Z.
      expect(runs('0 9 * * 1-5', 'Europe/Paris', '2026-03-27T12:00:00Z', 1)).toEqual(
        iso('2026-03-30T07:00:00Z'),
      );
    });

    it('should fire on the 13th OR on Fridays when both day fields are restricted (Vixie)', () => {
      // January 2026 Fridays: 2, 9, 16, 23, 30; the 13th is a Tuesday. February: Fridays 6, 13 (also
      // the 13th: one run), 20.
      expect(runs('0 0 13 * 5', 'UTC', '2026-01-01T00:00:00Z', 9)).toEqual(
        iso(
          '2026-01-02T00:00:00Z',
          '2026-01-09T00:00:00Z',
          '2026-01-13T00:00:00Z',
          '2026-01-16T00:00:00Z',
          '2026-01-23T00:00:00Z',
          '2026-01-30T00:00:00Z',
          '2026-02-06T00:00:00Z',
          '2026-02-13T00:00:00Z',
          '2026-02-20T00:00:00Z',
        ),
      );
    });

    it('should AND the day fields when day-of-month starts with * (Vixie DOM_STAR)', () => {
      // Odd days that are Mondays: January Mondays 5, 12, 19, 26 → 5, 19; February 2, 9, 16, 23 → 9, 23.
      expect(runs('0 0 */2 * 1', 'UTC', '2026-01-01T00:00:00Z', 4)).toEqual(
        iso('2026-01-05T00:00:00Z', '2026-01-19T00:00:00Z', '2026-02-09T00:00:00Z', '2026-02-23T00:00:00Z'),
      );
    });

    it('should treat ? in a day field as no restriction', () => {
      // Mondays of January 2026: 5, 12.
      expect(runs('0 0 ? * MON', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual(
        iso('2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z'),
      );
    });

    it('should accept month and weekday names in any case', () => {
      // Thursday 2026-01-29 noon → Friday 30th; then nothing until July: Wed 1, Thu 2, Fri 3, Mon 6.
      const expected = iso(
        '2026-01-30T00:00:00Z',
        '2026-07-01T00:00:00Z',
        '2026-07-02T00:00:00Z',
        '2026-07-03T00:00:00Z',
        '2026-07-06T00:00:00Z',
      );
      expect(runs('0 0 * JAN,JUL MON-FRI', 'UTC', '2026-01-29T12:00:00Z', 5)).toEqual(expected);
      expect(runs('0 0 * jan,Jul mon-fri', 'UTC', '2026-01-29T12:00:00Z', 5)).toEqual(expected);
    });

    it('should read a range ending on SUN as ending on Sunday', () => {
      // Thursday 2026-01-01 → Friday 2, Saturday 3, Sunday 4, then Friday 9.
      expect(runs('0 0 * * FRI-SUN', 'UTC', '2026-01-01T00:00:00Z', 4)).toEqual(
        iso('2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z', '2026-01-04T00:00:00Z', '2026-01-09T00:00:00Z'),
      );
    });

    it('should treat day-of-week 7 as Sunday', () => {
      expect(runs('0 0 * * 7', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual(iso('2026-01-04T00:00:00Z'));
    });

    it('should honour steps on a range and lists', () => {
      // Minutes 10, 25, 40 of hours 8 and 17.
      expect(runs('10-40/15 8,17 * * *', 'UTC', '2026-01-01T08:30:00Z', 4)).toEqual(
        iso('2026-01-01T08:40:00Z', '2026-01-01T17:10:00Z', '2026-01-01T17:25:00Z', '2026-01-01T17:40:00Z'),
      );
    });
  });

  describe('last day and nth weekday', () => {
    it('should fire on 29 February in a leap year when L is the day', () => {
      expect(runs('0 0 L * *', 'UTC', '2028-01-15T00:00:00Z', 3)).toEqual(
        iso('2028-01-31T00:00:00Z', '2028-02-29T00:00:00Z', '2028-03-31T00:00:00Z'),
      );
    });

    it('should fire on 28 February in a common year when L is the day', () => {
      expect(runs('0 0 L * *', 'UTC', '2027-01-15T00:00:00Z', 3)).toEqual(
        iso('2027-01-31T00:00:00Z', '2027-02-28T00:00:00Z', '2027-03-31T00:00:00Z'),
      );
    });

    it('should take the last day in the schedule time zone', () => {
      // 2028-02-29 00:00 CET is 2028-02-28 23:00Z.
      expect(runs('0 0 L * *', 'Europe/Paris', '2028-02-01T00:00:00Z', 1)).toEqual(
        iso('2028-02-28T23:00:00Z'),
      );
    });

    it('should fire on the last Friday when 5L', () => {
      // Last Fridays: 2026-01-30, 2026-02-27, 2026-03-27.
      const expected = iso('2026-01-30T00:00:00Z', '2026-02-27T00:00:00Z', '2026-03-27T00:00:00Z');
      expect(runs('0 0 * * 5L', 'UTC', '2026-01-01T00:00:00Z', 3)).toEqual(expected);
      expect(runs('0 0 * * FRI#L', 'UTC', '2026-01-01T00:00:00Z', 3)).toEqual(expected);
    });

    it('should fire on the second Friday when 5#2', () => {
      expect(runs('0 0 * * 5#2', 'UTC', '2026-01-01T00:00:00Z', 3)).toEqual(
        iso('2026-01-09T00:00:00Z', '2026-02-13T00:00:00Z', '2026-03-13T00:00:00Z'),
      );
    });

    it('should skip months without the day when day 31', () => {
      expect(runs('0 0 31 * *', 'UTC', '2026-01-01T00:00:00Z', 4)).toEqual(
        iso('2026-01-31T00:00:00Z', '2026-03-31T00:00:00Z', '2026-05-31T00:00:00Z', '2026-07-31T00:00:00Z'),
      );
    });

    it('should wait for leap years when 29 February', () => {
      expect(runs('0 0 29 2 *', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual(
        iso('2028-02-29T00:00:00Z', '2032-02-29T00:00:00Z'),
      );
    });
  });

  describe('six fields and macros', () => {
    it('should fire every 15 seconds when a seconds field is given', () => {
      const schedule = parseCron('*/15 * * * * *', 'UTC');
      expect(schedule.hasSeconds).toBe(true);
      expect(schedule.nextRuns(new Date('2026-01-01T00:00:00Z'), 4).map((d) => d.toISOString())).toEqual(
        iso('2026-01-01T00:00:15Z', '2026-01-01T00:00:30Z', '2026-01-01T00:00:45Z', '2026-01-01T00:01:00Z'),
      );
    });

    it('should be strictly after a start that has milliseconds', () => {
      expect(runs('*/15 * * * * *', 'UTC', '2026-01-01T00:00:15.500Z', 1)).toEqual(
        iso('2026-01-01T00:00:30Z'),
      );
      expect(runs('*/15 * * * * *', 'UTC', '2026-01-01T00:00:14.999Z', 1)).toEqual(
        iso('2026-01-01T00:00:15Z'),
      );
    });

    it('should fire at second 0 when five fields', () => {
      const schedule = parseCron('* * * * *', 'UTC');
      expect(schedule.hasSeconds).toBe(false);
      expect(schedule.nextAfter(new Date('2026-01-01T00:00:00Z'))?.toISOString()).toBe(
        '2026-01-01T00:01:00.000Z',
      );
    });

    it('should fire at the top of each hour when @hourly', () => {
      expect(runs('@hourly', 'UTC', '2026-01-01T10:20:00Z', 2)).toEqual(
        iso('2026-01-01T11:00:00Z', '2026-01-01T12:00:00Z'),
      );
    });

    it('should fire on Sunday midnight when @weekly', () => {
      expect(runs('@weekly', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual(
        iso('2026-01-04T00:00:00Z', '2026-01-11T00:00:00Z'),
      );
    });

    it.each([
      ['@yearly', '2027-01-01T00:00:00Z'],
      ['@annually', '2027-01-01T00:00:00Z'],
      ['@monthly', '2026-02-01T00:00:00Z'],
      ['@daily', '2026-01-02T00:00:00Z'],
      ['@midnight', '2026-01-02T00:00:00Z'],
      ['@DAILY', '2026-01-02T00:00:00Z'],
    ])('should expand %s', (macro, expected) => {
      expect(runs(macro, 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual(iso(expected));
    });
  });

  describe('daylight saving time', () => {
    it('should fire once at the shifted instant when the local time is skipped (Paris, spring)', () => {
      // 28th 02:30 CET = 01:30Z; 29th 02:30 does not exist → 03:30 CEST = 01:30Z; 30th 02:30 CEST = 00:30Z.
      expect(runs('30 2 * * *', 'Europe/Paris', '2026-03-27T12:00:00Z', 3)).toEqual(
        iso('2026-03-28T01:30:00Z', '2026-03-29T01:30:00Z', '2026-03-30T00:30:00Z'),
      );
    });

    it('should still fire the shifted run when asked from inside the hour after the jump', () => {
      // 01:10Z is 03:10 CEST, before the shifted 03:30 CEST run (croner alone jumps to the 30th).
      expect(runs('30 2 * * *', 'Europe/Paris', '2026-03-29T01:10:00Z', 1)).toEqual(
        iso('2026-03-29T01:30:00Z'),
      );
    });

    it('should fire once, at the first occurrence, when the local time repeats (Paris, autumn)', () => {
      // 24th 02:30 CEST = 00:30Z; 25th 02:30 happens at 00:30Z (CEST) and 01:30Z (CET): first only;
      // 26th 02:30 CET = 01:30Z.
      expect(runs('30 2 * * *', 'Europe/Paris', '2026-10-23T12:00:00Z', 3)).toEqual(
        iso('2026-10-24T00:30:00Z', '2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z'),
      );
    });

    it('should not fire the repeated occurrence when asked from between the two', () => {
      expect(runs('30 2 * * *', 'Europe/Paris', '2026-10-25T00:45:00Z', 1)).toEqual(
        iso('2026-10-26T01:30:00Z'),
      );
    });

    it('should fire 01:00 New York across both changes', () => {
      // 01:00 is before the 02:00 spring jump: 7th and 8th at EST (06:00Z), 9th at EDT (05:00Z).
      expect(runs('0 1 * * *', 'America/New_York', '2026-03-07T00:00:00Z', 3)).toEqual(
        iso('2026-03-07T06:00:00Z', '2026-03-08T06:00:00Z', '2026-03-09T05:00:00Z'),
      );
      // 1 November 01:00 happens at 05:00Z (EDT) then 06:00Z (EST): the first only; 2nd at EST.
      expect(runs('0 1 * * *', 'America/New_York', '2026-10-31T00:00:00Z', 3)).toEqual(
        iso('2026-10-31T05:00:00Z', '2026-11-01T05:00:00Z', '2026-11-02T06:00:00Z'),
      );
      expect(runs('0 1 * * *', 'America/New_York', '2026-11-01T05:30:00Z', 1)).toEqual(
        iso('2026-11-02T06:00:00Z'),
      );
    });

    it('should shift 02:30 New York to 03:30 EDT on the spring day', () => {
      // 7th 02:30 EST = 07:30Z; 8th 02:30 missing → 03:30 EDT = 07:30Z; 9th 02:30 EDT = 06:30Z.
      expect(runs('30 2 * * *', 'America/New_York', '2026-03-07T00:00:00Z', 3)).toEqual(
        iso('2026-03-07T07:30:00Z', '2026-03-08T07:30:00Z', '2026-03-09T06:30:00Z'),
      );
    });

    it('should fire hourly without a duplicate when the 02:00 hour is skipped', () => {
      // 01:00 CET = 00:00Z; 02:00 is missing and shifts onto 03:00 CEST = 01:00Z (one run); 04:00 = 02:00Z.
      expect(runs('0 * * * *', 'Europe/Paris', '2026-03-28T23:30:00Z', 3)).toEqual(
        iso('2026-03-29T00:00:00Z', '2026-03-29T01:00:00Z', '2026-03-29T02:00:00Z'),
      );
    });

    it('should fire each repeated local hour once in autumn', () => {
      // 01:00 CEST = 23:00Z, 02:00 CEST = 00:00Z, (02:00 CET = 01:00Z is the repeat), 03:00 CET = 02:00Z.
      expect(runs('0 * * * *', 'Europe/Paris', '2026-10-24T22:30:00Z', 4)).toEqual(
        iso('2026-10-24T23:00:00Z', '2026-10-25T00:00:00Z', '2026-10-25T02:00:00Z', '2026-10-25T03:00:00Z'),
      );
    });

    it('should merge shifted half hours with the real ones after the jump', () => {
      // 02:00 → 03:00 CEST (01:00Z), 02:30 → 03:30 CEST (01:30Z), then 04:00 CEST (02:00Z).
      expect(runs('*/30 * * * *', 'Europe/Paris', '2026-03-29T00:40:00Z', 3)).toEqual(
        iso('2026-03-29T01:00:00Z', '2026-03-29T01:30:00Z', '2026-03-29T02:00:00Z'),
      );
    });

    it('should resume after the repeated hour when asked during its second pass', () => {
      // 01:10Z is 02:10 CET (second pass): 02:15 … 02:45 already ran in CEST; next is 03:00 CET = 02:00Z.
      expect(runs('*/15 * * * *', 'Europe/Paris', '2026-10-25T01:10:00Z', 2)).toEqual(
        iso('2026-10-25T02:00:00Z', '2026-10-25T02:15:00Z'),
      );
      expect(runs('* * * * * *', 'Europe/Paris', '2026-10-25T01:10:00Z', 1)).toEqual(
        iso('2026-10-25T02:00:00Z'),
      );
    });

    it('should run every second straight through the spring jump', () => {
      expect(runs('* * * * * *', 'Europe/Paris', '2026-03-29T00:59:58Z', 3)).toEqual(
        iso('2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', '2026-03-29T01:00:01Z'),
      );
    });

    it('should start the day at the shifted instant where midnight is skipped (Santiago)', () => {
      // Chile springs forward at 00:00 on 2026-09-06 (UTC-4 → UTC-3): midnight becomes 01:00 -03 = 04:00Z.
      expect(runs('0 0 * * *', 'America/Santiago', '2026-09-04T00:00:00Z', 4)).toEqual(
        iso('2026-09-04T04:00:00Z', '2026-09-05T04:00:00Z', '2026-09-06T04:00:00Z', '2026-09-07T03:00:00Z'),
      );
    });

    it('should shift by half an hour where the jump is half an hour (Lord Howe)', () => {
      // 2026-10-04 02:00 → 02:30 (UTC+10:30 → +11): 02:00 becomes 02:30 +11 = 15:30Z on the 3rd.
      expect(runs('0 2 * * *', 'Australia/Lord_Howe', '2026-10-03T00:00:00Z', 2)).toEqual(
        iso('2026-10-03T15:30:00Z', '2026-10-04T15:00:00Z'),
      );
    });

    it('should interleave shifted and real runs when the gap is shorter than the shift pattern', () => {
      // Lord Howe 2026-10-04: 02:00 → 02:30 (+10:30 → +11). 02:00 and 02:20 are skipped and shift
      // 30 min to 02:30 (15:30Z) and 02:50 (15:50Z); 02:40 is real (15:40Z) and sits between them.
      expect(runs('0,20,40 2 * * *', 'Australia/Lord_Howe', '2026-10-03T12:00:00Z', 4)).toEqual(
        iso('2026-10-03T15:30:00Z', '2026-10-03T15:40:00Z', '2026-10-03T15:50:00Z', '2026-10-04T15:00:00Z'),
      );
    });

    it.each(['Europe/Paris', 'America/New_York', 'Asia/Tokyo'])(
      'should give the same instants when the host runs in %s',
      (hostZone) => {
        // Croner is only fed offset-0 wall times, so the host's own zone (and its DST) must not leak in.
        const original = process.env.TZ;
        process.env.TZ = hostZone;
        try {
          expect(runs('30 2 * * *', 'Europe/Paris', '2026-03-27T12:00:00Z', 3)).toEqual(
            iso('2026-03-28T01:30:00Z', '2026-03-29T01:30:00Z', '2026-03-30T00:30:00Z'),
          );
          expect(runs('0 1 * * *', 'America/New_York', '2026-10-31T00:00:00Z', 3)).toEqual(
            iso('2026-10-31T05:00:00Z', '2026-11-01T05:00:00Z', '2026-11-02T06:00:00Z'),
          );
        } finally {
          if (original === undefined) {
            delete process.env.TZ;
          } else {
            process.env.TZ = original;
          }
        }
      },
    );
  });

  describe('description', () => {
    it.each([
      ['0 9 * * 1-5', 'At 09:00, Monday through Friday'],
      ['*/15 * * * * *', 'Every 15 seconds'],
      ['0 0 L * *', 'At 00:00, on the last day of the month'],
      ['0 0 * * 5L', 'At 00:00, on the last Friday of the month'],
      ['@hourly', 'Every hour'],
      ['0 0 13 * 5', 'At 00:00, on day 13 of the month, and on Friday'],
      ['0 0 */2 * 1', 'At 00:00, every 2 days in a month, only on Monday'],
      ['0 0 * JAN,JUL MON-FRI', 'At 00:00, Monday through Friday, only in January and July'],
    ])('should describe %s in English', (expression, description) => {
      expect(parseCron(expression, 'UTC').description).toBe(description);
    });
  });

  describe('schedule', () => {
    it('should keep the expression and time zone it was parsed with', () => {
      const schedule = parseCron('  0 9 * * 1-5 ', 'Europe/Paris');
      expect(schedule.expression).toBe('0 9 * * 1-5');
      expect(schedule.timezone).toBe('Europe/Paris');
    });

    it('should return an empty list when count is 0 and refuse a bad count', () => {
      const schedule = parseCron('* * * * *', 'UTC');
      expect(schedule.nextRuns(new Date(), 0)).toEqual([]);
      expect(() => schedule.nextRuns(new Date(), -1)).toThrow(RangeError);
      expect(() => schedule.nextRuns(new Date(), 1.5)).toThrow(RangeError);
      expect(() => schedule.nextRuns(new Date(), 1001)).toThrow(RangeError);
    });

    it('should refuse an invalid start date', () => {
      expect(() => parseCron('* * * * *', 'UTC').nextAfter(new Date('nope'))).toThrow(RangeError);
    });
  });

  describe('errors', () => {
    it('should name the time zone when it is unknown', () => {
      expect(() => parseCron('0 0 * * *', 'Mars/Olympus_Mons')).toThrow(
        new CronError('unknown time zone: Mars/Olympus_Mons'),
      );
    });

    it.each(['', 'Europe/Pariss', '+01:00', 'UTC+1'])('should reject time zone %j', (timezone) => {
      expect(() => parseCron('0 0 * * *', timezone)).toThrow(CronError);
    });

    it('should report the expression error before the time zone', () => {
      expect(() => parseCron('0 0 * *', 'Nowhere/Else')).toThrow('expected 5 or 6 fields, got 4');
    });

    it('should tag errors with the failing part', () => {
      expect.assertions(2);
      try {
        parseCron('0 24 * * *', 'UTC');
      } catch (error) {
        expect(error).toBeInstanceOf(CronError);
        expect((error as CronError).subject).toBe('hour');
      }
    });
  });
});
