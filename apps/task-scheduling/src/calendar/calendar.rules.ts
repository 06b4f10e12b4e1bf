import { parseCalendarDay as parseDay } from '@app/contracts';
import { isValidTimeZone, localDayOf } from '../cron/time-zone';

export interface CalendarRange {
  // Inclusive YYYY-MM-DD bounds.
  start: string;
  end: string;
}

export interface Calendar {
  // Days are read in this zone: a run at 23:30 UTC is on the next day in Europe/Paris.
  timezone: string;
  dates: string[];
  ranges: CalendarRange[];
  // 0 = Sunday … 6 = Saturday.
  weekdays: number[];
}

// exclude: the calendar's days are off; only: they are the only days on.
export type CalendarMode = 'exclude' | 'only';

export type CalendarFieldErrors = Record<string, string[]>;

export const MAX_PREVIEW_DAYS = 366;
export const MAX_CALENDAR_DATES = 5000;
export const MAX_CALENDAR_RANGES = 500;

const DAY_MS = 86_400_000;

export class CalendarError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}

export function isCalendarDate(value: unknown): value is string {
  return parseDay(value) !== null;
}

type DayTest = (date: string, weekday: number) => boolean;

// Built once per calendar so scanning thousands of candidate runs stays a set lookup.
function dayTest(calendar: Calendar): DayTest {
  const dates = new Set(calendar.dates);
  const weekdays = new Set(calendar.weekdays);
  const ranges = calendar.ranges;
  // YYYY-MM-DD strings sort like the dates they name.
  return (date, weekday) =>
    dates.has(date) ||
    weekdays.has(weekday) ||
    ranges.some((range) => range.start <= date && date <= range.end);
}

export function isCalendarDay(calendar: Calendar, instant: Date): boolean {
  const day = localDayOf(calendar.timezone, instant);
  return dayTest(calendar)(day.date, day.weekday);
}

export function runFilter(calendar: Calendar | null, mode: CalendarMode): (instant: Date) => boolean {
  if (!calendar) {
    return () => true;
  }
  const test = dayTest(calendar);
  return (instant) => {
    const day = localDayOf(calendar.timezone, instant);
    return test(day.date, day.weekday) === (mode === 'only');
  };
}

export function allowsRun(calendar: Calendar | null, mode: CalendarMode, instant: Date): boolean {
  return runFilter(calendar, mode)(instant);
}

export function previewDays(calendar: Calendar, from: string, to: string): string[] {
  const start = parseDay(from);
  const end = parseDay(to);
  if (start === null) {
    throw new CalendarError(`from: ${from} is not a valid date (YYYY-MM-DD)`, 'from');
  }
  if (end === null) {
    throw new CalendarError(`to: ${to} is not a valid date (YYYY-MM-DD)`, 'to');
  }
  if (end < start) {
    throw new CalendarError(`to: ${to} is before from ${from}`, 'to');
  }
  const span = (end - start) / DAY_MS + 1;
  if (span > MAX_PREVIEW_DAYS) {
    throw new CalendarError(`to: a preview covers at most ${MAX_PREVIEW_DAYS} days, got ${span}`, 'to');
  }
  const test = dayTest(calendar);
  const days: string[] = [];
  for (let day = start; day <= end; day += DAY_MS) {
    const date = new Date(day);
    const text = date.toISOString().slice(0, 10);
    if (test(text, date.getUTCDay())) {
      days.push(text);
    }
  }
  return days;
}

function addError(errors: CalendarFieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

function listOf(errors: CalendarFieldErrors, field: string, value: unknown, max: number): unknown[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    addError(errors, field, 'must be a list');
    return [];
  }
  if (value.length > max) {
    addError(errors, field, `at most ${max} items, got ${value.length}`);
    return [];
  }
  return value;
}

function validateRange(errors: CalendarFieldErrors, field: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    addError(errors, field, 'must be an object with start and end');
    return;
  }
  const { start, end } = value as Record<string, unknown>;
  const startDay = parseDay(start);
  const endDay = parseDay(end);
  if (startDay === null) {
    addError(errors, `${field}.start`, `${String(start)} is not a valid date (YYYY-MM-DD)`);
  }
  if (endDay === null) {
    addError(errors, `${field}.end`, `${String(end)} is not a valid date (YYYY-MM-DD)`);
  }
  if (startDay !== null && endDay !== null && endDay < startDay) {
    addError(errors, `${field}.end`, `end ${String(end)} is before start ${String(start)}`);
  }
}

// Field errors keyed like `dates[2]` or `ranges[0].end`; an empty object means valid.
export function validateCalendar(input: unknown): CalendarFieldErrors {
  const errors: CalendarFieldErrors = {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    addError(errors, 'non_field_errors', 'a calendar must be an object');
    return errors;
  }
  const calendar = input as Record<string, unknown>;
  if (typeof calendar.timezone !== 'string' || calendar.timezone === '') {
    addError(errors, 'timezone', 'is required');
  } else if (!isValidTimeZone(calendar.timezone)) {
    addError(errors, 'timezone', `unknown time zone: ${calendar.timezone}`);
  }
  listOf(errors, 'dates', calendar.dates, MAX_CALENDAR_DATES).forEach((date, index) => {
    if (!isCalendarDate(date)) {
      addError(errors, `dates[${index}]`, `${String(date)} is not a valid date (YYYY-MM-DD)`);
    }
  });
  listOf(errors, 'ranges', calendar.ranges, MAX_CALENDAR_RANGES).forEach((range, index) =>
    validateRange(errors, `ranges[${index}]`, range),
  );
  listOf(errors, 'weekdays', calendar.weekdays, 7).forEach((weekday, index) => {
    if (typeof weekday !== 'number' || !Number.isInteger(weekday) || weekday < 0 || weekday > 6) {
      addError(
        errors,
        `weekdays[${index}]`,
        `${String(weekday)} is not a weekday (0 = Sunday … 6 = Saturday)`,
      );
    }
  });
  return errors;
}
