import { createServiceDataSource } from '@app/platform';
import { DataSource } from 'typeorm';
import { MonitoringConfig } from '../config';

export const MONITORING_ENTITIES: Function[] = [];
export const MONITORING_MIGRATIONS: Function[] = [];

export function createMonitoringDataSource(config: MonitoringConfig): DataSource {
  return createServiceDataSource({
    url: config.database.url,
    schema: config.database.schema,
    entities: MONITORING_ENTITIES,
    migrations: MONITORING_MIGRATIONS,
    poolSize: config.database.poolSize,
    applicationName: 'megahub-task-monitoring',
  });
}
