import { AppLogger, Sql } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { Creation, TaskCreator } from '../common/task-creator';
import { SCHEDULING_CONFIG, SchedulingConfig } from '../config';
import { CronJobFired, CronJobRepository, CronJobRow } from '../cron-job/cron-job.repository';
import { fireCronJob } from '../cron-job/cron-job.rules';
import { BatchOutcome } from './periodic-firing';
import { fireLagSeconds, scheduledRunsTotal } from './scheduler.metrics';

type Outcome =
  | { kind: 'fired'; fired: CronJobFired }
  | { kind: 'refused'; id: number; next: Date | null }
  | { kind: 'transient' };

/**
 * Fires due scheduled jobs the same way as periodic tasks: claimed with SKIP LOCKED, created in one bulk
 * request (per owner) with the idempotency key `cronjob:<id>:<instant>`, advanced in the claiming
 * transaction.
 */
@Injectable()
export class CronJobFiring {
  private readonly logger = new AppLogger(CronJobFiring.name);

  constructor(
    private readonly sql: Sql,
    private readonly jobs: CronJobRepository,
    private readonly creator: TaskCreator,
    @Inject(SCHEDULING_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  async fireDue(): Promise<BatchOutcome> {
    return this.sql.transaction(async (client) => {
      const rows = await this.jobs.claimDue(this.config.scheduler.batchSize, client);
      if (rows.length === 0) return { claimed: 0, transientFailures: 0 };
      const plans = rows.map((row) => ({
        row,
        ...fireCronJob(timingOf(row), row.next_run_at as Date, row.db_now),
      }));
      const creations = await this.creator.createMany(
        plans.map(({ row, instant }) => ({
          owner: row,
          task: {
            task_type: row.task_type,
            context_data: row.context_data,
            priority: row.priority,
            queue: row.queue,
            description: `Scheduled job "${row.name}" for ${instant.toISOString()}`,
            idempotency_key: `cronjob:${row.id}:${instant.toISOString()}`,
          },
        })),
      );
      const outcomes = plans.map(({ row, instant, next }, i) =>
        this.outcome(row, instant, next, creations[i]),
      );
      await this.jobs.applyFirings(
        outcomes.flatMap((o) => (o.kind === 'fired' ? [o.fired] : [])),
        client,
      );
      for (const o of outcomes) if (o.kind === 'refused') await this.jobs.skipRefused(o.id, o.next, client);
      return {
        claimed: rows.length,
        transientFailures: outcomes.filter((o) => o.kind === 'transient').length,
      };
    });
  }

  private outcome(row: CronJobRow, instant: Date, next: Date | null, creation: Creation): Outcome {
    if (creation.ok) {
      const task = creation.task;
      scheduledRunsTotal.inc({ kind: 'cron_job', status: 'fired' });
      fireLagSeconds.observe(
        { kind: 'cron_job' },
        Math.max(0, Date.parse(task.created_at) - instant.getTime()) / 1000,
      );
      const fired: CronJobFired = {
        id: row.id,
        next_run_at: next?.toISOString() ?? null,
        status: next === null ? 'fired' : 'scheduled',
        last_run_at: task.created_at,
        last_task_pk: task.id,
        last_task_id: task.task_id,
      };
      return { kind: 'fired', fired };
    }
    this.logger.warn('scheduled job could not create its task', {
      cron_job_id: row.id,
      brand_id: row.brand_id,
      transient: creation.transient,
      err: creation.cause,
    });
    if (creation.transient) return { kind: 'transient' };
    scheduledRunsTotal.inc({ kind: 'cron_job', status: 'failed' });
    this.logger.error('scheduled job refused by task-core', {
      cron_job_id: row.id,
      brand_id: row.brand_id,
      error: creation.error,
    });
    return { kind: 'refused', id: row.id, next };
  }
}

function timingOf(row: CronJobRow) {
  return {
    scheduleType: row.schedule_type,
    runAt: row.run_at,
    intervalSeconds: row.interval_seconds,
    startAt: row.start_at,
  };
}
