import { createServiceDataSource } from '@app/platform';
import { DataSource } from 'typeorm';
import { SchedulingConfig } from '../config';

export const SCHEDULING_ENTITIES: Function[] = [];
export const SCHEDULING_MIGRATIONS: Function[] = [];

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
