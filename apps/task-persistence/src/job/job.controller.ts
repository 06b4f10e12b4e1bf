import { ByIdRequest, CreateJobRequest, ListJobsRequest, PersistenceSubject } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { JobService } from './job.service';

/** NATS handlers of persistent jobs: one line each. */
@Controller()
export class JobController {
  constructor(private readonly service: JobService) {}

  @MessagePattern(PersistenceSubject.JobCreate)
  create(@Payload() r: CreateJobRequest) {
    return this.service.create(r.actor, r.job);
  }

  @MessagePattern(PersistenceSubject.JobGet)
  get(@Payload() r: ByIdRequest) {
    return this.service.get(r.actor, r.id);
  }

  @MessagePattern(PersistenceSubject.JobList)
  list(@Payload() r: ListJobsRequest) {
    return this.service.list(r.actor, r.query);
  }

  @MessagePattern(PersistenceSubject.JobListResumable)
  listResumable(@Payload() r: ListJobsRequest) {
    return this.service.list(r.actor, r.query, { resumableOnly: true });
  }

  @MessagePattern(PersistenceSubject.JobPause)
  pause(@Payload() r: ByIdRequest) {
    return this.service.pause(r.actor, r.id);
  }

  @MessagePattern(PersistenceSubject.JobResume)
  resume(@Payload() r: ByIdRequest) {
    return this.service.resume(r.actor, r.id);
  }

  @MessagePattern(PersistenceSubject.JobCancel)
  cancel(@Payload() r: ByIdRequest) {
    return this.service.cancel(r.actor, r.id);
  }
}
