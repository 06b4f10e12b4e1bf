import { Sql, SqlExecutor } from '@app/platform';
import { BrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { Calendar } from '../calendar/calendar.rules';
import { compiledCron } from '../common/compiled-cron';
import { dbNow } from '../common/db-clock';
import { PeriodicTaskRepository, PeriodicTaskRow } from './periodic-task.repository';
import { effectiveSchedule, firstRunAt, remainingRuns } from './periodic-task.rules';

/** Moves the next run of schedules whose calendar changed (rows locked by the caller's transaction). */
@Injectable()
export class ScheduleRecomputer {
  constructor(
    private readonly sql: Sql,
    private readonly tasks: PeriodicTaskRepository,
  ) {}

  async recompute(
    brandId: BrandId,
    rows: PeriodicTaskRow[],
    calendar: Calendar,
    client: SqlExecutor,
  ): Promise<void> {
    const enabled = rows.filter((row) => row.enabled && remainingRuns(row.max_runs, row.total_run_count) > 0);
    if (enabled.length === 0) return;
    const now = await dbNow(this.sql, client);
    for (const row of enabled) {
      const schedule = effectiveSchedule({
        cron: compiledCron(row.cron_expression, row.timezone),
        calendar,
        calendarMode: row.calendar_mode,
        startAt: row.start_at,
        endAt: row.end_at,
      });
      await this.tasks.setNextRun(
        brandId,
        row.id,
        firstRunAt(schedule, now),
        client,
      );
    }
  }
}
