import { HealthCheckResponse, HealthSubject } from '@app/contracts';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { PERSISTENCE_CONFIG, PersistenceConfig } from './config';

/** Answers the gateway's readiness probe once its database answers too. */
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PERSISTENCE_CONFIG) private readonly config: PersistenceConfig,
  ) {}

  @MessagePattern(HealthSubject.Persistence)
  async check(): Promise<HealthCheckResponse> {
    await this.dataSource.query('SELECT 1');
    return { service: 'task-persistence', status: 'ok', version: this.config.version };
  }
}
