import { BaseEnv, EnvValidationError, loadConfigOrExit, NatsSettings, portFor, validateEnv } from '@app/platform';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

class WorkerEnv extends BaseEnv {
  /** Unset: PORT_BASE + 105. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) HTTP_PORT?: number;
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000) WORKER_CONCURRENCY = 16;
  /** Tasks claimed ahead while every slot is busy; default half the concurrency (the SDK's `prefetch`). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10_000) WORKER_PREFETCH?: number;
  /** Comma list; empty means every handler this worker has. */
  @IsOptional() @Matches(/^[a-z][a-z0-9_.:-]{0,99}(,[a-z][a-z0-9_.:-]{0,99})*$/) WORKER_TASK_TYPES?: string;
  @Matches(/^[a-z][a-z0-9_-]{0,63}(,[a-z][a-z0-9_-]{0,63})*$/) WORKER_QUEUES = 'default';
  @IsOptional() @Matches(/^[A-Za-z0-9_.:-]{1,128}$/) WORKER_ID?: string;
  @Type(() => Number) @IsInt() @Min(5) @Max(3600) WORKER_LEASE_SECONDS = 30;
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000) WORKER_HEARTBEAT_MS = 2000;
  @Type(() => Number) @IsInt() @Min(10) @Max(60_000) WORKER_POLL_MS = 1000;
  @IsString() APP_VERSION = '0.1.0';
}

export function loadConfig(source: Record<string, string | undefined> = process.env) {
  const env = validateEnv(WorkerEnv, source);
  if (env.WORKER_HEARTBEAT_MS * 3 > env.WORKER_LEASE_SECONDS * 1000) {
    throw new EnvValidationError([
      'WORKER_HEARTBEAT_MS: must be at most a third of WORKER_LEASE_SECONDS, or leases expire between heartbeats',
    ]);
  }
  return {
    logLevel: env.LOG_LEVEL,
    httpPort: portFor('worker', env.PORT_BASE, env.HTTP_PORT),
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    nats: NatsSettings.fromEnv(env),
    worker: {
      workerId: env.WORKER_ID,
      concurrency: env.WORKER_CONCURRENCY,
      prefetch: env.WORKER_PREFETCH,
      taskTypes: env.WORKER_TASK_TYPES ? env.WORKER_TASK_TYPES.split(',') : [],
      queues: env.WORKER_QUEUES.split(','),
      leaseSeconds: env.WORKER_LEASE_SECONDS,
      heartbeatMs: env.WORKER_HEARTBEAT_MS,
      pollMs: env.WORKER_POLL_MS,
      version: env.APP_VERSION,
    },
  } as const;
}

export type WorkerConfig = ReturnType<typeof loadConfig>;

export function loadConfigFromProcess(): WorkerConfig {
  return loadConfigOrExit(() => loadConfig());
}
