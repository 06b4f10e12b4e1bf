import { loadConfigOrExit, NatsSettings, ServiceEnv, validateEnv } from '@app/platform';

class PersistenceEnv extends ServiceEnv {
  override HTTP_PORT = 3103;
}

export function loadConfig(source: Record<string, string | undefined> = process.env) {
  const env = validateEnv(PersistenceEnv, source);
  return {
    service: 'persistence' as const,
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    httpPort: env.HTTP_PORT,
    version: env.APP_VERSION,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    nats: NatsSettings.fromEnv(env),
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, schema: 'task_persistence' },
  } as const;
}

export type PersistenceConfig = ReturnType<typeof loadConfig>;
export const PERSISTENCE_CONFIG = Symbol('PERSISTENCE_CONFIG');

export function loadConfigFromProcess(): PersistenceConfig {
  return loadConfigOrExit(() => loadConfig());
}
