import { createServiceDataSource } from '@app/platform';
import { DataSource } from 'typeorm';
import { CheckpointEntity } from '../checkpoint/checkpoint.entity';
import { PersistenceConfig } from '../config';
import { PersistentJobEntity, ProcessedEventEntity } from '../job/job.entity';
import { CreatePersistentJob1764460800000 } from './migrations/1764460800000-CreatePersistentJob';

export const PERSISTENCE_ENTITIES: Function[] = [PersistentJobEntity, CheckpointEntity, ProcessedEventEntity];
export const PERSISTENCE_MIGRATIONS: Function[] = [CreatePersistentJob1764460800000];

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
