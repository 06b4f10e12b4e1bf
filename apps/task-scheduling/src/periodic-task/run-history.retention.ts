import { TERMINAL_STATUSES } from '@app/contracts';
import { AppLogger, Sql, WakeableLoop } from '@app/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SCHEDULING_CONFIG, SchedulingConfig } from '../config';

// Rows deleted per statement: short locks and small WAL bursts, whatever the backlog.
const BATCH = 5000;

/**
 * Deletes run history older than RUN_HISTORY_RETENTION_DAYS, and the last known status of tasks that
 * finished that long ago. A per-second schedule writes 86,400 runs a day: without this the table only
 * grows. Nothing depends on old rows: a schedule's next instant, last run and last task are on the
 * schedule itself, the idempotency of past instants is task-core's (their keys), and the overlap policy
 * reads only the statuses of unfinished tasks, which are never deleted. A maintenance path across
 * brands, by age only (as monitoring's retention); safe on every replica at once.
 */
@Injectable()
export class RunHistoryRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new AppLogger(RunHistoryRetention.name);
  private readonly loop: WakeableLoop;

  constructor(
    private readonly sql: Sql,
    @Inject(SCHEDULING_CONFIG) private readonly config: SchedulingConfig,
  ) {
    this.loop = new WakeableLoop(RunHistoryRetention.name, () => this.prune(), config.runHistory.pruneIntervalMs, 'after-idle');
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  private async prune(): Promise<void> {
    const days = this.config.runHistory.retentionDays;
    const runs = await this.drain(
      `DELETE FROM task_scheduling.periodic_task_run WHERE id IN (
         SELECT id FROM task_scheduling.periodic_task_run
         WHERE scheduled_for < now() - make_interval(days => $1) LIMIT ${BATCH})`,
      [days],
    );
    const statuses = await this.drain(
      `DELETE FROM task_scheduling.task_status WHERE (brand_id, task_pk) IN (
         SELECT brand_id, task_pk FROM task_scheduling.task_status
         WHERE status_at < now() - make_interval(days => $1) AND status = ANY($2::text[]) LIMIT ${BATCH})`,
      [days, TERMINAL_STATUSES],
    );
    if (runs + statuses > 0) this.logger.info('run history pruned', { runs, task_statuses: statuses, retention_days: days });
  }

  private async drain(statement: string, params: unknown[]): Promise<number> {
    let total = 0;
    while (this.loop.isRunning) {
      const deleted = await this.sql.execute(statement, params);
      total += deleted;
      if (deleted < BATCH) break;
    }
    return total;
  }
}
