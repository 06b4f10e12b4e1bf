import { createServiceDataSource } from '@app/platform';
import { CORE_ENTITIES, CORE_MIGRATIONS } from '../../apps/task-core/src/database/data-source';
import { MONITORING_ENTITIES, MONITORING_MIGRATIONS } from '../../apps/task-monitoring/src/database/data-source';
import { PERSISTENCE_ENTITIES, PERSISTENCE_MIGRATIONS } from '../../apps/task-persistence/src/database/data-source';
import { SCHEDULING_ENTITIES, SCHEDULING_MIGRATIONS } from '../../apps/task-scheduling/src/database/data-source';
import { sharedStack } from './stack-file';

const services = [
  { schema: 'task_core', entities: CORE_ENTITIES, migrations: CORE_MIGRATIONS },
  { schema: 'task_monitoring', entities: MONITORING_ENTITIES, migrations: MONITORING_MIGRATIONS },
  { schema: 'task_persistence', entities: PERSISTENCE_ENTITIES, migrations: PERSISTENCE_MIGRATIONS },
  { schema: 'task_scheduling', entities: SCHEDULING_ENTITIES, migrations: SCHEDULING_MIGRATIONS },
];

describe('entities and migrations', () => {
  for (const service of services) {
    it(`should not drift in ${service.schema}`, async () => {
      const dataSource = createServiceDataSource({
        url: sharedStack().info.databaseUrl,
        schema: service.schema,
        entities: service.entities,
        migrations: service.migrations,
        poolSize: 2,
        applicationName: 'drift-check',
      });
      await dataSource.initialize();
      try {
        // What TypeORM would change to make the migrated schema match the entities: must be nothing.
        const sql = await dataSource.driver.createSchemaBuilder().log();
        expect(sql.upQueries.map((q) => q.query)).toEqual([]);
        await expect(dataSource.showMigrations()).resolves.toBe(false);
      } finally {
        await dataSource.destroy();
      }
    });
  }
});
