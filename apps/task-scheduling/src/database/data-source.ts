import { createServiceDataSource } from '@app/platform';
import { DataSource } from 'typeorm';
import { CalendarEntity } from '../calendar/calendar.entity';
import { SchedulingConfig } from '../config';
import { CronJobEntity } from '../cron-job/cron-job.entity';
import {
  PeriodicTaskEntity,
  PeriodicTaskRunEntity,
  TaskStatusEntity,
} from '../periodic-task/periodic-task.entity';
import { CreateScheduling1764460800000 } from './migrations/1764460800000-CreateScheduling';
import { RunHistoryRetention1764979200000 } from './migrations/1764979200000-RunHistoryRetention';

export const SCHEDULING_ENTITIES: Function[] = [
  CalendarEntity,
  PeriodicTaskEntity,
  PeriodicTaskRunEntity,
  TaskStatusEntity,
  CronJobEntity,
];
export const SCHEDULING_MIGRATIONS: Function[] = [CreateScheduling1764460800000, RunHistoryRetention1764979200000];

export function createSchedulingDataSource(config: SchedulingConfig): DataSource {
  return createServiceDataSource({
    url: config.database.url,
    schema: config.database.schema,
    entities: SCHEDULING_ENTITIES,
    migrations: SCHEDULING_MIGRATIONS,
    poolSize: config.database.poolSize,
    applicationName: 'megahub-task-scheduling',
  });
}
