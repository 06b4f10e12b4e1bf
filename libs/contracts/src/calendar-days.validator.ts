import { FieldErrors } from './errors';

// The meaning of a calendar's days and zone, beyond their shape (the decorators check that): shared by
// the contract's body rules (every bad field in one answer) and task-scheduling's own checks.

const DAY_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Midnight UTC (ms) of a real `YYYY-MM-DD` day, or null: 2026-02-30 and 0099-01-01 are refused (the round
 * trip through Date catches overflowing days and two-digit-year remapping alike).
 */
export function parseCalendarDay(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = DAY_SHAPE.exec(value);
  if (!match) return null;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(time).toISOString().slice(0, 10) === value ? time : null;
}

/** An IANA zone name Intl knows. Newer ICU accepts "+01:00" as a zone: an offset has no DST rules, so not here. */
export function isIanaTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.trim() === '' || /^[+-]/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const notADay = (value: unknown): string => `${String(value)} is not a valid date (YYYY-MM-DD)`;

/** A calendar body's zone, dates and ranges, keyed `timezone`, `dates.2`, `ranges.0.end`; items of the wrong shape are left to the decorators. */
export function calendarDayErrors(body: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  const { timezone, dates, ranges } = body;
  if (timezone === '') add('timezone', 'is required');
  else if (typeof timezone === 'string' && !isIanaTimeZone(timezone)) add('timezone', `unknown time zone: ${timezone}`);
  if (Array.isArray(dates)) {
    dates.forEach((date, i) => {
      if (typeof date === 'string' && DAY_SHAPE.test(date) && parseCalendarDay(date) === null) add(`dates.${i}`, notADay(date));
    });
  }
  if (Array.isArray(ranges)) {
    ranges.forEach((range: unknown, i) => {
      if (typeof range !== 'object' || range === null) return;
      const { start, end } = range as Record<string, unknown>;
      for (const [name, value] of [['start', start], ['end', end]] as const) {
        if (typeof value === 'string' && DAY_SHAPE.test(value) && parseCalendarDay(value) === null) add(`ranges.${i}.${name}`, notADay(value));
      }
      const [startDay, endDay] = [parseCalendarDay(start), parseCalendarDay(end)];
      if (startDay !== null && endDay !== null && endDay < startDay) add(`ranges.${i}.end`, `end ${String(end)} is before start ${String(start)}`);
    });
  }
  return errors;
}

/** A preview's `from` and `to`: each a real day, `to` not before `from`. */
export function previewDayErrors(query: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  const { from, to } = query;
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (typeof value === 'string' && DAY_SHAPE.test(value) && parseCalendarDay(value) === null) errors[name] = [notADay(value)];
  }
  const [fromDay, toDay] = [parseCalendarDay(from), parseCalendarDay(to)];
  if (fromDay !== null && toDay !== null && toDay < fromDay) errors.to = [`${String(to)} is before from ${String(from)}`];
  return errors;
}
