import { calendarDayErrors, isIanaTimeZone, parseCalendarDay, previewDayErrors } from './calendar-days.validator';

describe('calendar day rules', () => {
  it('should accept real days only', () => {
    expect(parseCalendarDay('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    for (const bad of ['2026-02-30', '2026-13-01', '0099-01-01', '2026-1-1', 20260101, null]) expect(parseCalendarDay(bad)).toBeNull();
  });

  it('should accept IANA zones, not offsets', () => {
    expect(isIanaTimeZone('Europe/Paris')).toBe(true);
    expect(isIanaTimeZone('UTC')).toBe(true);
    for (const bad of ['+01:00', 'Mars/Base', '', 42]) expect(isIanaTimeZone(bad)).toBe(false);
  });

  it('should name every bad zone, day and range of a calendar, in dotted paths', () => {
    expect(
      calendarDayErrors({
        timezone: 'Nowhere/Else',
        dates: ['2026-01-01', '2026-02-30'],
        ranges: [{ start: '2026-03-10', end: '2026-03-01' }, { start: '2026-02-29', end: '2026-04-31' }],
      }),
    ).toEqual({
      timezone: ['unknown time zone: Nowhere/Else'],
      'dates.1': ['2026-02-30 is not a valid date (YYYY-MM-DD)'],
      'ranges.0.end': ['end 2026-03-01 is before start 2026-03-10'],
      'ranges.1.start': ['2026-02-29 is not a valid date (YYYY-MM-DD)'],
      'ranges.1.end': ['2026-04-31 is not a valid date (YYYY-MM-DD)'],
    });
  });

  it('should leave values of the wrong shape to the field decorators', () => {
    expect(calendarDayErrors({ timezone: 5, dates: ['tomorrow', 7], ranges: [null, 'x', { start: 'soon' }] })).toEqual({});
    expect(calendarDayErrors({ dates: 'x', ranges: {} })).toEqual({});
  });

  it('should check both ends of a preview, and their order', () => {
    expect(previewDayErrors({ from: '2026-02-30', to: '2026-13-01' })).toEqual({
      from: ['2026-02-30 is not a valid date (YYYY-MM-DD)'],
      to: ['2026-13-01 is not a valid date (YYYY-MM-DD)'],
    });
    expect(previewDayErrors({ from: '2026-08-08', to: '2026-08-01' })).toEqual({ to: ['2026-08-01 is before from 2026-08-08'] });
    expect(previewDayErrors({ from: '2026-08-01' })).toEqual({});
  });
});
