import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppLogger } from '../logging/logger';

/**
 * Creates the service's schema and runs its pending migrations under a Postgres advisory lock, so two
 * migrators started at once (two replicas, two CI jobs) run them once: the second waits, then finds
 * nothing to do.
 */
export async function migrateSchema(dataSource: DataSource, schema: string): Promise<string[]> {
  const logger = new AppLogger('Migrate');
  const lockKey = advisoryLockKey(`megahub:migrate:${schema}`);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [lockKey]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const names = applied.map((m) => m.name);
    logger.info('migrations applied', { schema, applied: names });
    return names;
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [lockKey]).catch(() => undefined);
    await runner.release();
  }
}

function advisoryLockKey(name: string): string {
  // pg advisory locks take a bigint: the first 8 bytes of a hash of the name, as a signed decimal.
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}
