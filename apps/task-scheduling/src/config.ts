import { loadConfigOrExit, NatsSettings, ServiceEnv, validateEnv } from '@app/platform';

class SchedulingEnv extends ServiceEnv {
  override HTTP_PORT = 3104;
}

export function loadConfig(source: Record<string, string | undefined> = process.env) {
  const env = validateEnv(SchedulingEnv, source);
  return {
    service: 'scheduling' as const,
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    httpPort: env.HTTP_PORT,
    version: env.APP_VERSION,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    nats: NatsSettings.fromEnv(env),
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, schema: 'task_scheduling' },
  } as const;
}

export type SchedulingConfig = ReturnType<typeof loadConfig>;
export const SCHEDULING_CONFIG = Symbol('SCHEDULING_CONFIG');

export function loadConfigFromProcess(): SchedulingConfig {
  return loadConfigOrExit(() => loadConfig());
}
