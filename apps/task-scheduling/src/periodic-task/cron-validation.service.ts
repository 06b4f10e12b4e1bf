import { Actor, ValidateCronBody, ValidateCronResponse } from '@app/contracts';
import { AppError } from '@app/platform';
import { brandOf } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { toCalendar } from '../calendar/calendar.mapper';
import { CalendarRepository } from '../calendar/calendar.repository';
import { compiledCron } from '../common/compiled-cron';
import { CronError, CronSchedule } from '../cron/cron-expression';
import { nextRunsWithCalendar } from '../cron/next-runs';

const DEFAULT_COUNT = 5;

/** `validate-cron/`: an invalid expression or zone is an answer (`valid: false`), not an error. */
@Injectable()
export class CronValidationService {
  constructor(private readonly calendars: CalendarRepository) {}

  async validate(actor: Actor, body: ValidateCronBody): Promise<ValidateCronResponse> {
    const timezone = body.timezone ?? 'UTC';
    const calendarRow =
      body.calendar === undefined ? null : await this.calendars.find(brandOf(actor), body.calendar);
    if (body.calendar !== undefined && !calendarRow) {
      throw AppError.validation({ calendar: [`Calendar ${body.calendar} not found`] });
    }
    let cron: CronSchedule;
    try {
      cron = compiledCron(body.cron_expression, timezone);
    } catch (error) {
      if (error instanceof CronError)
        return { valid: false, error: error.message, description: null, timezone, next_runs: [] };
      throw error;
    }
    const from = body.from ? new Date(body.from) : new Date();
    const calendar = calendarRow ? toCalendar(calendarRow) : null;
    const runs = nextRunsWithCalendar(
      cron,
      from,
      body.count ?? DEFAULT_COUNT,
      calendar,
      body.calendar_mode ?? 'exclude',
    );
    return {
      valid: true,
      error: null,
      description: cron.description,
      timezone,
      next_runs: runs.map((run) => run.toISOString()),
    };
  }
}
