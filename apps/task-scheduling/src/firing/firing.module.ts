import { Module } from '@nestjs/common';
import { SharedModule } from '../common/shared.module';
import { CronJobFiring } from './cron-job-firing';
import { PeriodicFiring } from './periodic-firing';
import { SchedulerLoop } from './scheduler.loop';
import { TaskStatusConsumer } from './task-status.consumer';

@Module({
  imports: [SharedModule],
  providers: [PeriodicFiring, CronJobFiring, SchedulerLoop, TaskStatusConsumer],
  exports: [PeriodicFiring],
})
export class FiringModule {}
