import { Module } from '@nestjs/common';
import { OutboxRelay } from '../outbox/outbox.relay';
import { WorkSignal } from '../queue/work-signal';
import { NotBeforeGate } from './not-before';
import { TaskController } from './task.controller';
import { TaskRepository } from './task.repository';
import { TaskService } from './task.service';

@Module({
  controllers: [TaskController],
  providers: [TaskService, TaskRepository, OutboxRelay, WorkSignal, NotBeforeGate],
  exports: [TaskRepository, OutboxRelay, WorkSignal],
})
export class TaskModule {}
