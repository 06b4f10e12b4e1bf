import { HealthCheckResponse, HealthSubject } from '@app/contracts';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { CORE_CONFIG, CoreConfig } from './config';

/** Answers the gateway's readiness probe once its database answers too. */
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
  ) {}

  @MessagePattern(HealthSubject.Core)
  async check(): Promise<HealthCheckResponse> {
    await this.dataSource.query('SELECT 1');
    return { service: 'task-core', status: 'ok', version: this.config.version };
  }
}
