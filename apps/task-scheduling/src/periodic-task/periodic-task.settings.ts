import { ErrorCode, FieldErrors, UpdatePeriodicTaskBody } from '@app/contracts';
import { AppError } from '@app/platform';
import { compiledCron } from '../common/compiled-cron';
import { addFieldError } from '../common/sql-values';
import { CronError, CronSchedule } from '../cron/cron-expression';
import { PeriodicTaskRow, PeriodicTaskValues } from './periodic-task.repository';

// How a request's fields become a periodic task's stored values, and what is wrong with them.

/** Parses the cron expression in its zone and checks the dates; returns the schedule when all is well. */
export function checkSettings(values: PeriodicTaskValues, errors: FieldErrors): CronSchedule | null {
  let cron: CronSchedule | null = null;
  try {
    cron = compiledCron(values.cron_expression, values.timezone);
  } catch (error) {
    if (!(error instanceof CronError)) throw error;
    addFieldError(errors, error.subject === 'timezone' ? 'timezone' : 'cron_expression', error.message);
  }
  if (values.start_at && values.end_at && values.end_at.getTime() <= values.start_at.getTime()) {
    addFieldError(errors, 'end_at', 'end_at must be after start_at');
  }
  if (Object.keys(errors).length > 0) throw settingsError(errors);
  return cron;
}

// An expression or a zone alone at fault is INVALID_CRON (still a 400 with field errors).
export function settingsError(errors: FieldErrors): AppError {
  const fields = Object.keys(errors);
  if (fields.every((field) => field === 'cron_expression' || field === 'timezone')) {
    return new AppError(ErrorCode.InvalidCron, Object.values(errors).flat().join('; '), errors);
  }
  return AppError.validation(errors);
}

export function mergeUpdate(current: PeriodicTaskRow, body: UpdatePeriodicTaskBody): PeriodicTaskValues {
  const pick = <K extends keyof UpdatePeriodicTaskBody>(
    key: K,
    fallback: NonNullable<UpdatePeriodicTaskBody[K]>,
  ) => (body[key] ?? fallback) as NonNullable<UpdatePeriodicTaskBody[K]>;
  // undefined keeps the stored value; null clears a nullable field.
  const nullable = <T>(value: T | null | undefined, stored: T | null): T | null =>
    value === undefined ? stored : value;
  const date = (value: string | null | undefined, stored: Date | null): Date | null =>
    value === undefined ? stored : value === null ? null : new Date(value);
  return {
    name: pick('name', current.name),
    task_type: pick('task_type', current.task_type),
    cron_expression: pick('cron_expression', current.cron_expression).trim(),
    timezone: pick('timezone', current.timezone),
    context_data: pick('context_data', current.context_data),
    priority: pick('priority', current.priority),
    queue: pick('queue', current.queue),
    max_retries: nullable(body.max_retries, current.max_retries),
    timeout_seconds: nullable(body.timeout_seconds, current.timeout_seconds),
    enabled: pick('enabled', current.enabled),
    start_at: date(body.start_at, current.start_at),
    end_at: date(body.end_at, current.end_at),
    max_runs: nullable(body.max_runs, current.max_runs),
    calendar_id: nullable(body.calendar, current.calendar_id),
    calendar_mode: pick('calendar_mode', current.calendar_mode),
    misfire_policy: pick('misfire_policy', current.misfire_policy),
    overlap_policy: pick('overlap_policy', current.overlap_policy),
    next_run_at: current.next_run_at,
  };
}
