import { AppLogger } from '@app/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SCHEDULING_CONFIG, SchedulingConfig } from '../config';
import { CronJobRepository } from '../cron-job/cron-job.repository';
import { PeriodicTaskRepository } from '../periodic-task/periodic-task.repository';
import { CronJobFiring } from './cron-job-firing';
import { FiringSignal } from './firing-signal';
import { BatchOutcome, PeriodicFiring } from './periodic-firing';

// After task-core or the database failed, wait this long before the next pass.
const BACKOFF_MS = 1000;
// Something is due but this pass claimed none of it: another replica holds those rows (it is firing
// them). Look again after this long rather than querying in a tight loop until it commits.
const LOCKED_RECHECK_MS = 20;

/**
 * The firing loop of this replica. Each pass fires what is due (periodic tasks, then scheduled jobs);
 * then it sleeps until the nearest due instant by the database clock (for periodic tasks, until
 * SCHEDULER_CLAIM_AHEAD_MS before it), at most one tick, so a new schedule made on another replica is seen
 * within a tick and a per-second one fires on the second. Every replica runs it: the claims' SKIP
 * LOCKED makes them share the work, never duplicate it.
 */
@Injectable()
export class SchedulerLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new AppLogger(SchedulerLoop.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private woken = false;

  constructor(
    private readonly periodic: PeriodicFiring,
    private readonly cronJobs: CronJobFiring,
    private readonly periodicTasks: PeriodicTaskRepository,
    private readonly jobs: CronJobRepository,
    private readonly signal: FiringSignal,
    @Inject(SCHEDULING_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.signal.listen(() => {
      this.woken = true;
      this.wake?.();
    });
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let delay: number;
      try {
        const [periodic, jobs] = [await this.periodic.fireDue(this.config.scheduler.claimAheadMs), await this.cronJobs.fireDue()];
        if (
          isFull(periodic, this.config.scheduler.batchSize) ||
          isFull(jobs, this.config.scheduler.batchSize)
        )
          continue;
        delay =
          periodic.transientFailures + jobs.transientFailures > 0
            ? BACKOFF_MS
            : await this.untilNextDue(periodic.claimed > 0, jobs.claimed > 0);
      } catch (error) {
        this.logger.warn('firing pass failed, will retry', { err: error });
        delay = BACKOFF_MS;
      }
      if (this.running && !this.woken && delay > 0) await this.sleep(delay);
    }
  }

  private async untilNextDue(periodicClaimed: boolean, jobsClaimed: boolean): Promise<number> {
    const [periodic, jobs] = await Promise.all([
      this.periodicTasks.msUntilNextDue(),
      this.jobs.msUntilNextDue(),
    ]);
    const nearest = Math.min(
      wakeFor((periodic ?? Infinity) - this.config.scheduler.claimAheadMs, periodicClaimed),
      wakeFor(jobs ?? Infinity, jobsClaimed),
    );
    // Rounded up: waking a millisecond early would find nothing to claim and go round once more.
    return Math.max(0, Math.min(this.config.scheduler.tickMs, Math.ceil(nearest)));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => {
      this.wake = undefined;
    });
  }
}

/**
 * When to look again at one kind of schedule: when its next one can be claimed; at once if that time
 * has come and this pass did claim some (more fell due meanwhile); shortly if this pass claimed none,
 * because then those rows are locked by another replica.
 */
function wakeFor(msUntilClaimable: number, claimedSome: boolean): number {
  if (msUntilClaimable > 0) return msUntilClaimable;
  return claimedSome ? 0 : LOCKED_RECHECK_MS;
}

function isFull(outcome: BatchOutcome, batchSize: number): boolean {
  // A full batch without failures means more may be due right now: go again without sleeping.
  return outcome.claimed >= batchSize && outcome.transientFailures === 0;
}
