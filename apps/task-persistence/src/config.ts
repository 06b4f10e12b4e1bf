import { loadConfigOrExit, NatsSettings, portFor, ServiceEnv, validateEnv } from '@app/platform';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

class PersistenceEnv extends ServiceEnv {
  /**
   * How often the reconciler looks for jobs whose task creation or automatic resume did not complete
   * (a crash or a task-core outage in between); the event consumer normally does both at once.
   */
  @Type(() => Number) @IsInt() @Min(100) @Max(600_000) RECONCILE_INTERVAL_MS = 5000;
}

export function loadConfig(source: Record<string, string | undefined> = process.env) {
  const env = validateEnv(PersistenceEnv, source);
  return {
    service: 'persistence' as const,
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    httpPort: portFor('task-persistence', env.PORT_BASE, env.HTTP_PORT),
    version: env.APP_VERSION,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    nats: NatsSettings.fromEnv(env),
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, schema: 'task_persistence' },
    reconcileIntervalMs: env.RECONCILE_INTERVAL_MS,
  } as const;
}

export type PersistenceConfig = ReturnType<typeof loadConfig>;
export const PERSISTENCE_CONFIG = Symbol('PERSISTENCE_CONFIG');

export function loadConfigFromProcess(): PersistenceConfig {
  return loadConfigOrExit(() => loadConfig());
}
