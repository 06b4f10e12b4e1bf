import { Module } from '@nestjs/common';
import { SharedModule } from '../common/shared.module';
import { RunHistoryRetention } from '../periodic-task/run-history.retention';
import { CronJobFiring } from './cron-job-firing';
import { PeriodicFiring } from './periodic-firing';
import { SchedulerLoop } from './scheduler.loop';
import { TaskStatusConsumer } from './task-status.consumer';

@Module({
  imports: [SharedModule],
  providers: [PeriodicFiring, CronJobFiring, SchedulerLoop, TaskStatusConsumer, RunHistoryRetention],
  exports: [PeriodicFiring],
})
export class FiringModule {}
