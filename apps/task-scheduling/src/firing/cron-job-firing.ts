import { AppLogger, Sql } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { mapLimit } from '../common/map-limit';
import { TaskCreator } from '../common/task-creator';
import { SCHEDULING_CONFIG, SchedulingConfig } from '../config';
import { CronJobFired, CronJobRepository, CronJobRow } from '../cron-job/cron-job.repository';
import { fireCronJob } from '../cron-job/cron-job.rules';
import { errorMessage, isTransient } from './fire-errors';
import { BatchOutcome } from './periodic-firing';
import { fireLagSeconds, scheduledRunsTotal } from './scheduler.metrics';

const CREATE_CONCURRENCY = 32;

type Outcome =
  | { kind: 'fired'; fired: CronJobFired }
  | { kind: 'refused'; id: number; next: Date | null }
  | { kind: 'transient' };

/**
 * Fires due scheduled jobs the same way as periodic tasks: claimed with SKIP LOCKED, created with the
 * idempotency key `cronjob:<id>:<instant>`, advanced in the claiming transaction.
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
      const outcomes = await mapLimit(rows, CREATE_CONCURRENCY, (row) => this.fire(row, row.db_now));
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

  private async fire(row: CronJobRow, now: Date): Promise<Outcome> {
    const timing = {
      scheduleType: row.schedule_type,
      runAt: row.run_at,
      intervalSeconds: row.interval_seconds,
      startAt: row.start_at,
    };
    const { instant, next } = fireCronJob(timing, row.next_run_at as Date, now);
    try {
      const { task } = await this.creator.create(row, {
        task_type: row.task_type,
        context_data: row.context_data,
        priority: row.priority,
        queue: row.queue,
        description: `Scheduled job "${row.name}" for ${instant.toISOString()}`,
        idempotency_key: `cronjob:${row.id}:${instant.toISOString()}`,
      });
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
    } catch (error) {
      const transient = isTransient(error);
      this.logger.warn('scheduled job could not create its task', {
        cron_job_id: row.id,
        brand_id: row.brand_id,
        transient,
        err: error,
      });
      if (transient) return { kind: 'transient' };
      scheduledRunsTotal.inc({ kind: 'cron_job', status: 'failed' });
      this.logger.error('scheduled job refused by task-core', {
        cron_job_id: row.id,
        brand_id: row.brand_id,
        error: errorMessage(error),
      });
      return { kind: 'refused', id: row.id, next };
    }
  }
}
