import { createServiceDataSource } from '@app/platform';
import { DataSource } from 'typeorm';
import { CoreConfig } from '../config';
import { OutboxEntity, QueueItemEntity, TaskEntity, TaskSearchEntity } from '../task/task.entity';
import { CreateTask1764374400000 } from './migrations/1764374400000-CreateTask';
import { LeanQueue1796515200000 } from './migrations/1796515200000-LeanQueue';
import { RetryBudgetAndRequestFingerprint1796601600000 } from './migrations/1796601600000-RetryBudgetAndRequestFingerprint';

export const CORE_ENTITIES = [TaskEntity, OutboxEntity, QueueItemEntity, TaskSearchEntity];
export const CORE_MIGRATIONS = [CreateTask1764374400000, LeanQueue1796515200000, RetryBudgetAndRequestFingerprint1796601600000];

export function createCoreDataSource(config: CoreConfig): DataSource {
  return createServiceDataSource({
    url: config.database.url,
    schema: config.database.schema,
    entities: CORE_ENTITIES,
    migrations: CORE_MIGRATIONS,
    poolSize: config.database.poolSize,
    applicationName: 'megahub-task-core',
  });
}
