import { loadConfigOrExit, NatsSettings, ServiceEnv, validateEnv } from '@app/platform';

class MonitoringEnv extends ServiceEnv {
  override HTTP_PORT = 3102;
}

export function loadConfig(source: Record<string, string | undefined> = process.env) {
  const env = validateEnv(MonitoringEnv, source);
  return {
    service: 'monitoring' as const,
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    httpPort: env.HTTP_PORT,
    version: env.APP_VERSION,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    nats: NatsSettings.fromEnv(env),
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, schema: 'task_monitoring' },
  } as const;
}

export type MonitoringConfig = ReturnType<typeof loadConfig>;
export const MONITORING_CONFIG = Symbol('MONITORING_CONFIG');

export function loadConfigFromProcess(): MonitoringConfig {
  return loadConfigOrExit(() => loadConfig());
}
