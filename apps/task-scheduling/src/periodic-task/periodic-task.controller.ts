import {
  ByIdRequest,
  CreatePeriodicTaskRequest,
  ListPeriodicRunsRequest,
  ListPeriodicTasksRequest,
  ListReadyPeriodicTasksRequest,
  SchedulingSubject,
  UpdatePeriodicTaskRequest,
  ValidateCronRequest,
} from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PeriodicFiring } from '../firing/periodic-firing';
import { CronValidationService } from './cron-validation.service';
import { PeriodicTaskService } from './periodic-task.service';

/** NATS handlers of periodic tasks: one line each. */
@Controller()
export class PeriodicTaskController {
  constructor(
    private readonly service: PeriodicTaskService,
    private readonly firing: PeriodicFiring,
    private readonly cron: CronValidationService,
  ) {}

  @MessagePattern(SchedulingSubject.PeriodicTaskCreate)
  create(@Payload() r: CreatePeriodicTaskRequest) {
    return this.service.create(r.actor, r.body);
  }

  @MessagePattern(SchedulingSubject.PeriodicTaskList)
  list(@Payload() r: ListPeriodicTasksRequest) {
    return this.service.list(r.actor, r.query);
  }

  @MessagePattern(SchedulingSubject.PeriodicTaskListReady)
  listReady(@Payload() r: ListReadyPeriodicTasksRequest) {
    return this.service.listReady(r.actor, r.query);
  }

  @MessagePattern(SchedulingSubject.PeriodicTaskGet)
  get(@Payload() r: ByIdRequest) {
    return this.service.get(r.actor, r.id);
  }

  @MessagePattern(SchedulingSubject.PeriodicTaskUpdate)
  update(@Payload() r: UpdatePeriodicTaskRequest) {
    return this.service.update(r.actor, r.id, r.body);
  }

  @MessagePattern(SchedulingSubject.PeriodicTaskDelete)
  delete(@Payload() r: ByIdRequest) {
    return this.service.delete(r.actor, r.id);
  }

  @MessagePattern(SchedulingSubject.PeriodicTaskRunNow)
  runNow(@Payload() r: ByIdRequest) {
    return this.firing.runNow(r.actor, r.id);
  }

  @MessagePattern(SchedulingSubject.PeriodicTaskPause)
  pause(@Payload() r: ByIdRequest) {
    return this.service.pause(r.actor, r.id);
  }

  @MessagePattern(SchedulingSubject.PeriodicTaskResume)
  resume(@Payload() r: ByIdRequest) {
    return this.service.resume(r.actor, r.id);
  }

  @MessagePattern(SchedulingSubject.PeriodicTaskListRuns)
  listRuns(@Payload() r: ListPeriodicRunsRequest) {
    return this.service.listRuns(r.actor, r.id, r.query);
  }

  @MessagePattern(SchedulingSubject.CronValidate)
  validateCron(@Payload() r: ValidateCronRequest) {
    return this.cron.validate(r.actor, r.body);
  }
}
