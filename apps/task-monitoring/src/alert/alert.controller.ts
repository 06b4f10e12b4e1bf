import { ByIdRequest, ListAlertsRequest, MonitoringSubject } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AlertService } from './alert.service';

/** NATS handlers of alerts: one line each. */
@Controller()
export class AlertController {
  constructor(private readonly service: AlertService) {}

  @MessagePattern(MonitoringSubject.AlertList)
  list(@Payload() r: ListAlertsRequest) {
    return this.service.list(r.actor, r.query);
  }

  @MessagePattern(MonitoringSubject.AlertGet)
  get(@Payload() r: ByIdRequest) {
    return this.service.get(r.actor, r.id);
  }

  @MessagePattern(MonitoringSubject.AlertAcknowledge)
  acknowledge(@Payload() r: ByIdRequest) {
    return this.service.acknowledge(r.actor, r.id);
  }

  @MessagePattern(MonitoringSubject.AlertResolve)
  resolve(@Payload() r: ByIdRequest) {
    return this.service.resolve(r.actor, r.id);
  }
}
