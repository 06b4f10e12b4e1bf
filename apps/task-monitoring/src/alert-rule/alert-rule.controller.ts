import { ByIdRequest, CreateAlertRuleRequest, ListAlertRulesRequest, MonitoringSubject, UpdateAlertRuleRequest } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AlertRuleService } from './alert-rule.service';

/** NATS handlers of alert rules: one line each. */
@Controller()
export class AlertRuleController {
  constructor(private readonly service: AlertRuleService) {}

  @MessagePattern(MonitoringSubject.AlertRuleCreate)
  create(@Payload() r: CreateAlertRuleRequest) {
    return this.service.create(r.actor, r.rule);
  }

  @MessagePattern(MonitoringSubject.AlertRuleList)
  list(@Payload() r: ListAlertRulesRequest) {
    return this.service.list(r.actor, r.query);
  }

  @MessagePattern(MonitoringSubject.AlertRuleGet)
  get(@Payload() r: ByIdRequest) {
    return this.service.get(r.actor, r.id);
  }

  @MessagePattern(MonitoringSubject.AlertRuleUpdate)
  update(@Payload() r: UpdateAlertRuleRequest) {
    return this.service.update(r.actor, r.id, r.changes);
  }

  @MessagePattern(MonitoringSubject.AlertRuleDelete)
  delete(@Payload() r: ByIdRequest) {
    return this.service.delete(r.actor, r.id);
  }
}
