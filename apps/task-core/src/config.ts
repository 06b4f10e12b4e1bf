import { loadConfigOrExit, NatsSettings, portFor, ServiceEnv, validateEnv } from '@app/platform';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

class CoreEnv extends ServiceEnv {
  /** How long a claimed task stays leased without a heartbeat before the sweeper takes it back. */
  @Type(() => Number) @IsInt() @Min(5) @Max(3600) LEASE_SECONDS = 30;
  /** How often the sweeper looks for expired leases and how often the relay polls the outbox as a safety net. */
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000) SWEEP_INTERVAL_MS = 2000;
  @Type(() => Number) @IsInt() @Min(10) @Max(60_000) OUTBOX_POLL_MS = 1000;
  /** A claimed attempt shows as `running` in the API at most twice this after its claim (RunningRecorder). */
  @Type(() => Number) @IsInt() @Min(10) @Max(5000) RUNNING_RECORD_MS = 250;
}

export function loadConfig(source: Record<string, string | undefined> = process.env) {
  const env = validateEnv(CoreEnv, source);
  return {
    service: 'core' as const,
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    httpPort: portFor('task-core', env.PORT_BASE, env.HTTP_PORT),
    version: env.APP_VERSION,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    nats: NatsSettings.fromEnv(env),
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, schema: 'task_core' },
    queue: {
      leaseSeconds: env.LEASE_SECONDS,
      sweepIntervalMs: env.SWEEP_INTERVAL_MS,
      outboxPollMs: env.OUTBOX_POLL_MS,
      runningRecordMs: env.RUNNING_RECORD_MS,
    },
  } as const;
}

export type CoreConfig = ReturnType<typeof loadConfig>;
export const CORE_CONFIG = Symbol('CORE_CONFIG');

export function loadConfigFromProcess(): CoreConfig {
  return loadConfigOrExit(() => loadConfig());
}
