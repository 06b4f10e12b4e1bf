import { HealthCheckResponse, HealthSubject } from '@app/contracts';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { SCHEDULING_CONFIG, SchedulingConfig } from './config';

/** Answers the gateway's readiness probe once its database answers too. */
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SCHEDULING_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  @MessagePattern(HealthSubject.Scheduling)
  async check(): Promise<HealthCheckResponse> {
    await this.dataSource.query('SELECT 1');
    return { service: 'task-scheduling', status: 'ok', version: this.config.version };
  }
}
