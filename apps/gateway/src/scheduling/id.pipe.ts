import { ErrorCode } from '@app/contracts';
import { AppError } from '@app/platform';
import { Injectable, PipeTransform } from '@nestjs/common';

const MAX_ID = 2_147_483_647;

/** `{id}` of a scheduling path: a positive integer, else it cannot name anything and answers that resource's 404. */
@Injectable()
export class SchedulingIdPipe implements PipeTransform<string, number> {
  constructor(
    private readonly code: ErrorCode,
    private readonly what: string,
  ) {}

  transform(value: string): number {
    const id = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!(id >= 1 && id <= MAX_ID)) throw new AppError(this.code, `${this.what} not found or access denied`);
    return id;
  }
}

export const PeriodicTaskId = new SchedulingIdPipe(ErrorCode.PeriodicTaskNotFound, 'Periodic task');
export const CronJobId = new SchedulingIdPipe(ErrorCode.CronJobNotFound, 'Scheduled job');
export const CalendarId = new SchedulingIdPipe(ErrorCode.CalendarNotFound, 'Calendar');
