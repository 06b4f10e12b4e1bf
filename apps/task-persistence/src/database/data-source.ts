import { createServiceDataSource } from '@app/platform';
import { DataSource } from 'typeorm';
import { PersistenceConfig } from '../config';

export const PERSISTENCE_ENTITIES: Function[] = [];
export const PERSISTENCE_MIGRATIONS: Function[] = [];

export function createPersistenceDataSource(config: PersistenceConfig): DataSource {
  return createServiceDataSource({
    url: config.database.url,
    schema: config.database.schema,
    entities: PERSISTENCE_ENTITIES,
    migrations: PERSISTENCE_MIGRATIONS,
    poolSize: config.database.poolSize,
    applicationName: 'megahub-task-persistence',
  });
}
