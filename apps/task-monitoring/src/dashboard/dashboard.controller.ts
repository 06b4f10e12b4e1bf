import { DashboardRequest, MonitoringSubject } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DashboardService } from './dashboard.service';

@Controller()
export class DashboardController {
  constructor(private readonly service: DashboardService) {}

  @MessagePattern(MonitoringSubject.MetricDashboard)
  get(@Payload() r: DashboardRequest) {
    return this.service.get(r.actor, r.query);
  }
}
