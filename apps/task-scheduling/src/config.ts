import { loadConfigOrExit, NatsSettings, portFor, ServiceEnv, validateEnv } from '@app/platform';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

class SchedulingEnv extends ServiceEnv {
  /** Longest sleep of the firing loop; it also wakes exactly at the nearest due instant. */
  @Type(() => Number) @IsInt() @Min(20) @Max(10_000) SCHEDULER_TICK_MS = 200;
  /**
   * Due schedules claimed per transaction. Their tasks go to task-core in one bulk request, so a batch
   * costs little more than one schedule: large enough that a whole second's firings (hundreds of
   * per-second schedules) go in one claim instead of queueing behind each other.
   */
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) SCHEDULER_BATCH_SIZE = 500;
  /**
   * Periodic tasks are claimed, planned and sent to task-core this long before their instant; task-core
   * holds the insert until the instant (by the database clock). Long enough for a pass of a few hundred
   * schedules and its request to be done by then on a busy machine; short enough that an edit of a
   * schedule waits little for the rows a pass holds. Capped well below task-core's 5 s `not_before` limit.
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(1000) SCHEDULER_CLAIM_AHEAD_MS = 100;
  /** A due instant older than this when the scheduler gets to it is a misfire (its policy applies). */
  @Type(() => Number) @IsInt() @Min(0) @Max(86_400) MISFIRE_GRACE_SECONDS = 60;
  /** Most runs one `run_all` catch-up fires for one periodic task. */
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000) MISFIRE_MAX_CATCH_UP = 100;
  /** Run history (and the statuses of finished tasks) older than this is deleted. */
  @Type(() => Number) @IsInt() @Min(1) @Max(3650) RUN_HISTORY_RETENTION_DAYS = 30;
  /** How often the retention pass runs. */
  @Type(() => Number) @IsInt() @Min(1000) @Max(86_400_000) RUN_HISTORY_PRUNE_INTERVAL_MS = 3_600_000;
}

export function loadConfig(source: Record<string, string | undefined> = process.env) {
  const env = validateEnv(SchedulingEnv, source);
  return {
    service: 'scheduling' as const,
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    httpPort: portFor('task-scheduling', env.PORT_BASE, env.HTTP_PORT),
    version: env.APP_VERSION,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    nats: NatsSettings.fromEnv(env),
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, schema: 'task_scheduling' },
    scheduler: {
      tickMs: env.SCHEDULER_TICK_MS,
      batchSize: env.SCHEDULER_BATCH_SIZE,
      claimAheadMs: env.SCHEDULER_CLAIM_AHEAD_MS,
      misfireGraceMs: env.MISFIRE_GRACE_SECONDS * 1000,
      misfireCap: env.MISFIRE_MAX_CATCH_UP,
    },
    runHistory: { retentionDays: env.RUN_HISTORY_RETENTION_DAYS, pruneIntervalMs: env.RUN_HISTORY_PRUNE_INTERVAL_MS },
  } as const;
}

export type SchedulingConfig = ReturnType<typeof loadConfig>;
export const SCHEDULING_CONFIG = Symbol('SCHEDULING_CONFIG');

export function loadConfigFromProcess(): SchedulingConfig {
  return loadConfigOrExit(() => loadConfig());
}
