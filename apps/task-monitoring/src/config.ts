import { EnvValidationError, loadConfigOrExit, NatsSettings, portFor, ServiceEnv, validateEnv } from '@app/platform';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';

/** The secret webhooks are signed with outside production; production refuses to start with it. */
export const DEV_WEBHOOK_SECRET = 'megahub-dev-webhook-secret-do-not-use-in-production';

class MonitoringEnv extends ServiceEnv {
  // Flags of an execution attempt.
  @Type(() => Number) @IsNumber() @Min(0) METRICS_HIGH_MEMORY_MB = 512;
  @Type(() => Number) @IsInt() @Min(0) METRICS_SLOW_MS = 30_000;
  @Type(() => Number) @IsNumber() @Min(0) METRICS_EXPENSIVE_USD = 1;
  /** Execution rows older than this are pruned, in small batches. */
  @Type(() => Number) @IsInt() @Min(1) @Max(3650) METRICS_RETENTION_DAYS = 30;

  // Worker liveness from the time since the last heartbeat.
  @Type(() => Number) @IsInt() @Min(1) @Max(86_400) WORKER_STALE_SECONDS = 15;
  @Type(() => Number) @IsInt() @Min(2) @Max(86_400) WORKER_OFFLINE_SECONDS = 60;
  /** An online worker without work for this long while work of its types waits is `idle_with_backlog`. */
  @Type(() => Number) @IsInt() @Min(1) @Max(86_400) WORKER_IDLE_SECONDS = 30;
  /** Offline workers are forgotten after this many hours. */
  @Type(() => Number) @IsInt() @Min(1) @Max(8760) WORKER_RETENTION_HOURS = 24;

  // Alert rules.
  @Type(() => Number) @IsInt() @Min(5) @Max(3600) ALERT_EVALUATION_INTERVAL_SECONDS = 30;
  /** How often each replica looks for rules due for evaluation and webhooks due for delivery. */
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000) ALERT_TICK_MS = 1000;
  @IsOptional() @IsString() ALERT_WEBHOOK_SECRET?: string;
  /** Allow webhooks to private, loopback and link-local addresses (tests, on-premise receivers). */
  @IsIn(['true', 'false']) ALERT_WEBHOOK_ALLOW_PRIVATE = 'false';
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000) ALERT_WEBHOOK_TIMEOUT_MS = 5000;
  @Type(() => Number) @IsInt() @Min(1) @Max(20) ALERT_WEBHOOK_MAX_ATTEMPTS = 6;

  /** How often retention pruning runs. */
  @Type(() => Number) @IsInt() @Min(1000) @Max(86_400_000) MAINTENANCE_INTERVAL_MS = 60_000;
}

export function loadConfig(source: Record<string, string | undefined> = process.env) {
  const env = validateEnv(MonitoringEnv, source);
  const problems: string[] = [];
  if (env.WORKER_OFFLINE_SECONDS <= env.WORKER_STALE_SECONDS) {
    problems.push('WORKER_OFFLINE_SECONDS: must be greater than WORKER_STALE_SECONDS');
  }
  const webhookSecret = env.ALERT_WEBHOOK_SECRET ?? (env.NODE_ENV === 'production' ? undefined : DEV_WEBHOOK_SECRET);
  if (!webhookSecret) problems.push('ALERT_WEBHOOK_SECRET: required in production (signs alert webhooks)');
  if (env.NODE_ENV === 'production' && webhookSecret === DEV_WEBHOOK_SECRET) {
    problems.push('ALERT_WEBHOOK_SECRET: production refuses the development secret');
  }
  if (env.NODE_ENV === 'production' && webhookSecret && webhookSecret.length < 32) {
    problems.push('ALERT_WEBHOOK_SECRET: must be at least 32 characters in production');
  }
  if (problems.length > 0) throw new EnvValidationError(problems);
  return {
    service: 'monitoring' as const,
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    httpPort: portFor('task-monitoring', env.PORT_BASE, env.HTTP_PORT),
    version: env.APP_VERSION,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    nats: NatsSettings.fromEnv(env),
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, schema: 'task_monitoring' },
    metrics: {
      thresholds: {
        highMemoryMb: env.METRICS_HIGH_MEMORY_MB,
        slowMs: env.METRICS_SLOW_MS,
        expensiveUsd: env.METRICS_EXPENSIVE_USD,
      },
      retentionDays: env.METRICS_RETENTION_DAYS,
    },
    workers: {
      staleAfterSeconds: env.WORKER_STALE_SECONDS,
      offlineAfterSeconds: env.WORKER_OFFLINE_SECONDS,
      idleAfterSeconds: env.WORKER_IDLE_SECONDS,
      retentionHours: env.WORKER_RETENTION_HOURS,
    },
    alerts: {
      evaluationIntervalSeconds: env.ALERT_EVALUATION_INTERVAL_SECONDS,
      tickMs: env.ALERT_TICK_MS,
      webhook: {
        secret: webhookSecret as string,
        allowPrivate: env.ALERT_WEBHOOK_ALLOW_PRIVATE === 'true',
        timeoutMs: env.ALERT_WEBHOOK_TIMEOUT_MS,
        maxAttempts: env.ALERT_WEBHOOK_MAX_ATTEMPTS,
      },
    },
    maintenanceIntervalMs: env.MAINTENANCE_INTERVAL_MS,
  } as const;
}

export type MonitoringConfig = ReturnType<typeof loadConfig>;
export const MONITORING_CONFIG = Symbol('MONITORING_CONFIG');

export function loadConfigFromProcess(): MonitoringConfig {
  return loadConfigOrExit(() => loadConfig());
}
