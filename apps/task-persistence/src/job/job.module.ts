import { Module } from '@nestjs/common';
import { TaskEventsConsumer } from '../events/task-events.consumer';
import { CoreTaskClient } from './core-task.client';
import { JobSyncService } from './job-sync.service';
import { JobController } from './job.controller';
import { JobReconciler } from './job.reconciler';
import { JobRepository } from './job.repository';
import { JobService } from './job.service';

@Module({
  controllers: [JobController],
  providers: [JobService, JobSyncService, JobRepository, CoreTaskClient, JobReconciler, TaskEventsConsumer],
  exports: [JobRepository, CoreTaskClient],
})
export class JobModule {}
