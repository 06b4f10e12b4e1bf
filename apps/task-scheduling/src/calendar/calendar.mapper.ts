import { CalendarDto } from '@app/contracts';
import { toIso } from '../common/sql-values';
import { Calendar } from './calendar.rules';
import { CalendarRow } from './calendar.repository';

export function toCalendarDto(row: CalendarRow): CalendarDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    timezone: row.timezone,
    dates: row.dates,
    ranges: row.ranges,
    weekdays: row.weekdays,
    created_at: toIso(row.created_at) as string,
    updated_at: toIso(row.updated_at) as string,
  };
}

/** The calendar as the scheduling rules read it. */
export function toCalendar(row: CalendarRow): Calendar {
  return { timezone: row.timezone, dates: row.dates, ranges: row.ranges, weekdays: row.weekdays };
}
