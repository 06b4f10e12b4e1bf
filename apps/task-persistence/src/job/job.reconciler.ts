import { AppLogger } from '@app/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PERSISTENCE_CONFIG, PersistenceConfig } from '../config';
import { JobSyncService } from './job-sync.service';
import { JobRepository } from './job.repository';

/** How long the normal path (the create call, the event consumer) gets before the reconciler steps in. */
const GRACE_SECONDS = 5;
const BATCH = 100;

/**
 * The safety net behind the fast paths: creates the task of a job whose creation was cut short (crash,
 * task-core outage) and resumes interrupted jobs whose automatic resume did not go through. Both are
 * idempotent, so replicas may run it at the same time.
 */
@Injectable()
export class JobReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new AppLogger(JobReconciler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly jobs: JobRepository,
    private readonly sync: JobSyncService,
    @Inject(PERSISTENCE_CONFIG) private readonly config: PersistenceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = undefined));
    }, this.config.reconcileIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async tick(): Promise<void> {
    try {
      for (const job of await this.jobs.findWithoutTask(GRACE_SECONDS, BATCH)) {
        await this.sync
          .ensureTask(job)
          .catch((error: unknown) =>
            this.logger.warn('task creation failed', { job_id: job.id, err: error }),
          );
      }
      for (const job of await this.jobs.findAutoResumeDue(GRACE_SECONDS, BATCH))
        await this.sync.autoResume(job);
      await this.jobs.pruneProcessedEvents();
    } catch (error) {
      this.logger.warn('reconciler pass failed', { err: error });
    }
  }
}
