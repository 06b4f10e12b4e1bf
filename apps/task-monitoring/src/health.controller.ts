import { HealthCheckResponse, HealthSubject } from '@app/contracts';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { MONITORING_CONFIG, MonitoringConfig } from './config';

/** Answers the gateway's readiness probe once its database answers too. */
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(MONITORING_CONFIG) private readonly config: MonitoringConfig,
  ) {}

  @MessagePattern(HealthSubject.Monitoring)
  async check(): Promise<HealthCheckResponse> {
    await this.dataSource.query('SELECT 1');
    return { service: 'task-monitoring', status: 'ok', version: this.config.version };
  }
}
