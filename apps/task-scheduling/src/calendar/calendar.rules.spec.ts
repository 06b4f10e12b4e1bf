import {
  allowsRun,
  Calendar,
  CalendarError,
  isCalendarDate,
  isCalendarDay,
  previewDays,
  validateCalendar,
} from './calendar.rules';

const calendar = (overrides: Partial<Calendar> = {}): Calendar => ({
  timezone: 'UTC',
  dates: [],
  ranges: [],
  weekdays: [],
  ...overrides,
});
const d = (text: string): Date => new Date(text);

// 2026-01-01 is a Thursday.
describe(isCalendarDay.name, () => {
  it('should match a listed date, a date inside a range and a listed weekday', () => {
    const holidays = calendar({
      dates: ['2026-01-01'],
      ranges: [{ start: '2026-01-06', end: '2026-01-07' }],
      weekdays: [0],
    });
    expect(isCalendarDay(holidays, d('2026-01-01T12:00:00Z'))).toBe(true);
    expect(isCalendarDay(holidays, d('2026-01-02T12:00:00Z'))).toBe(false);
    expect(isCalendarDay(holidays, d('2026-01-04T12:00:00Z'))).toBe(true); // Sunday
    expect(isCalendarDay(holidays, d('2026-01-05T23:59:59Z'))).toBe(false);
    expect(isCalendarDay(holidays, d('2026-01-06T00:00:00Z'))).toBe(true); // range start, inclusive
    expect(isCalendarDay(holidays, d('2026-01-07T23:59:59Z'))).toBe(true); // range end, inclusive
    expect(isCalendarDay(holidays, d('2026-01-08T00:00:00Z'))).toBe(false);
  });

  it('should read the day in the calendar time zone', () => {
    // 2026-12-24T23:30Z is already Christmas in Paris (00:30 CET), still Christmas Eve in UTC.
    const christmas = { dates: ['2026-12-25'] };
    expect(
      isCalendarDay(calendar({ ...christmas, timezone: 'Europe/Paris' }), d('2026-12-24T23:30:00Z')),
    ).toBe(true);
    expect(isCalendarDay(calendar(christmas), d('2026-12-24T23:30:00Z'))).toBe(false);
    // And the weekday too: Friday 2026-01-02 00:30 in Paris is Thursday 23:30 UTC.
    const fridays = { weekdays: [5] };
    expect(isCalendarDay(calendar({ ...fridays, timezone: 'Europe/Paris' }), d('2026-01-01T23:30:00Z'))).toBe(
      true,
    );
    expect(isCalendarDay(calendar(fridays), d('2026-01-01T23:30:00Z'))).toBe(false);
  });
});

describe(allowsRun.name, () => {
  const weekend = calendar({ weekdays: [0, 6] });
  const saturday = d('2026-01-03T09:00:00Z');
  const monday = d('2026-01-05T09:00:00Z');

  it('should allow everything without a calendar', () => {
    expect(allowsRun(null, 'exclude', saturday)).toBe(true);
    expect(allowsRun(null, 'only', saturday)).toBe(true);
  });

  it('should refuse the calendar days when exclude', () => {
    expect(allowsRun(weekend, 'exclude', saturday)).toBe(false);
    expect(allowsRun(weekend, 'exclude', monday)).toBe(true);
  });

  it('should allow only the calendar days when only', () => {
    expect(allowsRun(weekend, 'only', saturday)).toBe(true);
    expect(allowsRun(weekend, 'only', monday)).toBe(false);
  });

  it('should allow nothing with an empty calendar in only mode, everything in exclude mode', () => {
    expect(allowsRun(calendar(), 'only', monday)).toBe(false);
    expect(allowsRun(calendar(), 'exclude', monday)).toBe(true);
  });
});

describe(previewDays.name, () => {
  it('should list the days that are on, in order', () => {
    const holidays = calendar({
      dates: ['2026-01-01', '2026-01-07', '2025-12-31'],
      ranges: [{ start: '2026-01-06', end: '2026-01-07' }],
      weekdays: [0],
    });
    expect(previewDays(holidays, '2026-01-01', '2026-01-10')).toEqual([
      '2026-01-01',
      '2026-01-04',
      '2026-01-06',
      '2026-01-07',
    ]);
  });

  it('should include both ends', () => {
    expect(previewDays(calendar({ weekdays: [4] }), '2026-01-01', '2026-01-08')).toEqual([
      '2026-01-01',
      '2026-01-08',
    ]);
    expect(previewDays(calendar({ weekdays: [4] }), '2026-01-01', '2026-01-01')).toEqual(['2026-01-01']);
  });

  it('should accept a span of 366 days and refuse 367', () => {
    // 2026 has 365 days, so 2026-01-01 … 2027-01-01 is 366 days.
    expect(
      previewDays(calendar({ weekdays: [0, 1, 2, 3, 4, 5, 6] }), '2026-01-01', '2027-01-01'),
    ).toHaveLength(366);
    expect(previewDays(calendar({ weekdays: [1] }), '2028-01-01', '2028-12-31')).toHaveLength(52);
    expect(() => previewDays(calendar(), '2026-01-01', '2027-01-02')).toThrow(
      new CalendarError('to: a preview covers at most 366 days, got 367', 'to'),
    );
  });

  it('should refuse bad or reversed bounds, naming the field', () => {
    expect(() => previewDays(calendar(), '2026-02-30', '2026-03-01')).toThrow(
      'from: 2026-02-30 is not a valid date',
    );
    expect(() => previewDays(calendar(), '2026-01-01', 'soon')).toThrow('to: soon is not a valid date');
    expect(() => previewDays(calendar(), '2026-01-02', '2026-01-01')).toThrow(
      'to: 2026-01-01 is before from 2026-01-02',
    );
    try {
      previewDays(calendar(), '2026-01-02', '2026-01-01');
    } catch (error) {
      expect((error as CalendarError).field).toBe('to');
    }
  });
});

describe(isCalendarDate.name, () => {
  it.each(['2026-01-01', '2028-02-29', '2026-12-31', '1999-06-15'])('should accept %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each([
    '2026-02-29',
    '2026-02-30',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-1-05',
    '26-01-05',
    '0099-01-01',
    '2026-01-01T00:00:00Z',
    '',
    20260101,
  ])('should refuse %j', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe(validateCalendar.name, () => {
  it('should accept a good calendar', () => {
    expect(
      validateCalendar({
        timezone: 'Europe/Paris',
        dates: ['2026-12-25', '2028-02-29'],
        ranges: [
          { start: '2026-08-01', end: '2026-08-31' },
          { start: '2026-05-01', end: '2026-05-01' },
        ],
        weekdays: [0, 6],
      }),
    ).toEqual({});
  });

  it('should treat missing lists as empty', () => {
    expect(validateCalendar({ timezone: 'UTC' })).toEqual({});
  });

  it('should report each bad field by its path', () => {
    expect(
      validateCalendar({
        timezone: 'Mars/Olympus',
        dates: ['2026-12-25', '2026-02-30', 7],
        ranges: [{ start: '2026-08-31', end: '2026-08-01' }, { start: '2026-02-29', end: 'later' }, 'summer'],
        weekdays: [1, 7, -1, 2.5, '3'],
      }),
    ).toEqual({
      timezone: ['unknown time zone: Mars/Olympus'],
      'dates[1]': ['2026-02-30 is not a valid date (YYYY-MM-DD)'],
      'dates[2]': ['7 is not a valid date (YYYY-MM-DD)'],
      'ranges[0].end': ['end 2026-08-01 is before start 2026-08-31'],
      'ranges[1].start': ['2026-02-29 is not a valid date (YYYY-MM-DD)'],
      'ranges[1].end': ['later is not a valid date (YYYY-MM-DD)'],
      'ranges[2]': ['must be an object with start and end'],
      'weekdays[1]': ['7 is not a weekday (0 = Sunday … 6 = Saturday)'],
      'weekdays[2]': ['-1 is not a weekday (0 = Sunday … 6 = Saturday)'],
      'weekdays[3]': ['2.5 is not a weekday (0 = Sunday … 6 = Saturday)'],
      'weekdays[4]': ['3 is not a weekday (0 = Sunday … 6 = Saturday)'],
    });
  });

  it('should require a time zone and lists', () => {
    expect(validateCalendar({ dates: '2026-01-01', ranges: {}, weekdays: 1 })).toEqual({
      timezone: ['is required'],
      dates: ['must be a list'],
      ranges: ['must be a list'],
      weekdays: ['must be a list'],
    });
  });

  it('should refuse too many items', () => {
    const dates = Array.from({ length: 5001 }, () => '2026-01-01');
    expect(validateCalendar({ timezone: 'UTC', dates })).toEqual({ dates: ['at most 5000 items, got 5001'] });
  });

  it.each([null, 'calendar', [], 42])('should refuse a non-object %j', (input) => {
    expect(validateCalendar(input)).toEqual({ non_field_errors: ['a calendar must be an object'] });
  });
});
