import {
  BulkCreateTasksRequest,
  CoreSubject,
  CreateTaskRequest,
  ListTasksRequest,
  QueueDepthRequest,
  QueueStatsRequest,
  TaskRefRequest,
} from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { TaskService } from './task.service';

/** NATS handlers of the task resource: one line each. */
@Controller()
export class TaskController {
  constructor(private readonly service: TaskService) {}

  @MessagePattern(CoreSubject.TaskCreate)
  create(@Payload() r: CreateTaskRequest) {
    return this.service.create(r.actor, r.task, r.origin);
  }

  @MessagePattern(CoreSubject.TaskBulkCreate)
  bulkCreate(@Payload() r: BulkCreateTasksRequest) {
    return this.service.bulkCreate(r.actor, r.body.tasks, { origins: r.origins, notBefore: r.not_before, answer: r.answer });
  }

  @MessagePattern(CoreSubject.TaskGet)
  get(@Payload() r: TaskRefRequest) {
    return this.service.get(r.actor, r.ref);
  }

  @MessagePattern(CoreSubject.TaskList)
  list(@Payload() r: ListTasksRequest) {
    return this.service.list(r.actor, r.query);
  }

  @MessagePattern(CoreSubject.TaskRetry)
  retry(@Payload() r: TaskRefRequest) {
    return this.service.retry(r.actor, r.ref);
  }

  @MessagePattern(CoreSubject.TaskCancel)
  cancel(@Payload() r: TaskRefRequest) {
    return this.service.cancel(r.actor, r.ref);
  }

  @MessagePattern(CoreSubject.TaskPause)
  pause(@Payload() r: TaskRefRequest) {
    return this.service.pause(r.actor, r.ref);
  }

  @MessagePattern(CoreSubject.TaskResume)
  resume(@Payload() r: TaskRefRequest) {
    return this.service.resume(r.actor, r.ref);
  }

  @MessagePattern(CoreSubject.QueueStats)
  queueStats(@Payload() r: QueueStatsRequest) {
    return this.service.queueStats(r.actor);
  }

  @MessagePattern(CoreSubject.QueueDepth)
  queueDepth(@Payload() r: QueueDepthRequest) {
    return this.service.queueDepth(r.actor, r.task_type);
  }
}
