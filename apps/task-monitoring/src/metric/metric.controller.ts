import { ByIdRequest, ListMetricsRequest, MonitoringSubject } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { MetricService } from './metric.service';

/** NATS handlers of execution metrics: one line each. */
@Controller()
export class MetricController {
  constructor(private readonly service: MetricService) {}

  @MessagePattern(MonitoringSubject.MetricList)
  list(@Payload() r: ListMetricsRequest) {
    return this.service.list(r.actor, r.query);
  }

  @MessagePattern(MonitoringSubject.MetricGet)
  get(@Payload() r: ByIdRequest) {
    return this.service.get(r.actor, r.id);
  }
}
