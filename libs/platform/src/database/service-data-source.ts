import { DataSource, EntitySchema, MixedList } from 'typeorm';
import { AppLogger } from '../logging/logger';

export type ServiceDataSourceOptions = {
  url: string;
  /** The one Postgres schema this service owns (`task_core`, …). */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  poolSize: number;
  applicationName: string;
};

/**
 * One DataSource per service, pinned to its schema, with its own migrations table inside that schema
 * and no `synchronize`: the schema only ever changes through reviewed migrations.
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  const logger = new AppLogger('Postgres');
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    parseInt8: true,
    poolSize: options.poolSize,
    applicationName: options.applicationName,
    // A Postgres restart errors idle clients; without a listener that error would kill the process.
    poolErrorHandler: (error: unknown) => logger.warn('postgres pool error (will reconnect)', { err: error }),
    extra: {
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      // Server-side cap so a stuck query cannot hold a pooled connection forever.
      statement_timeout: 30_000,
    },
  });
}

/** Connects, retrying while Postgres is not reachable yet (containers start in any order). */
export async function initializeWithRetry(dataSource: DataSource, options: { attempts?: number } = {}): Promise<void> {
  const logger = new AppLogger('Postgres');
  const attempts = options.attempts ?? 60;
  for (let attempt = 1; ; attempt++) {
    try {
      await dataSource.initialize();
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      logger.warn('postgres not reachable, retrying', { attempt, err: error });
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * attempt)));
    }
  }
}
