import { DataSource, EntitySchema, MixedList } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { connectWithRetry, OutageReporter } from '../logging/outage-reporter';

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
  const poolErrors = OutageReporter.for('postgres', options.url);
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
    // One line per outage (not one per pooled client, nor a stack): the pool reconnects by itself.
    poolErrorHandler: (error: unknown) => poolErrors.lost(error),
    extra: {
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      // Server-side cap so a stuck query cannot hold a pooled connection forever.
      statement_timeout: 30_000,
    },
  });
}

/**
 * Connects, retrying while Postgres is not reachable yet (containers start in any order): one log line
 * naming the address and the cause, not one per attempt; after `attempts` (about 5 minutes by default),
 * or at once when the credentials are refused, the error is that same line.
 */
export async function initializeWithRetry(
  dataSource: DataSource,
  options: { attempts?: number } = {},
): Promise<void> {
  const url = (dataSource.options as PostgresConnectionOptions).url ?? 'postgres://(no url)';
  await connectWithRetry(OutageReporter.for('postgres', url), () => dataSource.initialize(), {
    attempts: options.attempts ?? 60,
  });
}
