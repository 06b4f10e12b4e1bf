import { ListWorkersRequest, MonitoringSubject, WorkerOverviewRequest, WorkerRefRequest } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { WorkerService } from './worker.service';

/** NATS handlers of the worker registry: one line each. */
@Controller()
export class WorkerController {
  constructor(private readonly service: WorkerService) {}

  @MessagePattern(MonitoringSubject.WorkerList)
  list(@Payload() r: ListWorkersRequest) {
    return this.service.list(r.actor, r.query);
  }

  @MessagePattern(MonitoringSubject.WorkerGet)
  get(@Payload() r: WorkerRefRequest) {
    return this.service.get(r.actor, r.worker_id);
  }

  @MessagePattern(MonitoringSubject.WorkerOverview)
  overview(@Payload() r: WorkerOverviewRequest) {
    return this.service.overview(r.actor);
  }
}
