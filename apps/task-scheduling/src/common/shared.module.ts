import { Module } from '@nestjs/common';
import { CalendarRepository } from '../calendar/calendar.repository';
import { CronJobRepository } from '../cron-job/cron-job.repository';
import { FiringSignal } from '../firing/firing-signal';
import { PeriodicRunRepository } from '../periodic-task/periodic-run.repository';
import { PeriodicTaskRepository } from '../periodic-task/periodic-task.repository';
import { ScheduleRecomputer } from '../periodic-task/schedule-recomputer';
import { TaskCreator } from './task-creator';

// Calendars change periodic tasks' next runs and the firing loop reads all three aggregates: their
// repositories live here, once, so the feature modules do not import each other in a circle.
const SHARED = [
  CalendarRepository,
  PeriodicTaskRepository,
  PeriodicRunRepository,
  CronJobRepository,
  ScheduleRecomputer,
  FiringSignal,
  TaskCreator,
];

@Module({ providers: SHARED, exports: SHARED })
export class SharedModule {}
