import {
  ByIdRequest,
  CreateCronJobRequest,
  ListCronJobsRequest,
  SchedulingSubject,
  UpdateCronJobRequest,
} from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CronJobService } from './cron-job.service';

/** NATS handlers of scheduled jobs: one line each. */
@Controller()
export class CronJobController {
  constructor(private readonly service: CronJobService) {}

  @MessagePattern(SchedulingSubject.CronJobCreate)
  create(@Payload() r: CreateCronJobRequest) {
    return this.service.create(r.actor, r.body);
  }

  @MessagePattern(SchedulingSubject.CronJobList)
  list(@Payload() r: ListCronJobsRequest) {
    return this.service.list(r.actor, r.query);
  }

  @MessagePattern(SchedulingSubject.CronJobGet)
  get(@Payload() r: ByIdRequest) {
    return this.service.get(r.actor, r.id);
  }

  @MessagePattern(SchedulingSubject.CronJobUpdate)
  update(@Payload() r: UpdateCronJobRequest) {
    return this.service.update(r.actor, r.id, r.body);
  }

  @MessagePattern(SchedulingSubject.CronJobDelete)
  delete(@Payload() r: ByIdRequest) {
    return this.service.delete(r.actor, r.id);
  }
}
