import { PlatformModule } from '@app/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { MONITORING_CONFIG, MonitoringConfig } from './config';
import { createMonitoringDataSource } from './database/data-source';
import { HealthController } from './health.controller';

@Module({})
export class AppModule {
  static forRoot(config: MonitoringConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        PlatformModule.forRoot({
          service: config.service,
          nats: config.nats,
          dataSource: createMonitoringDataSource(config),
          withHealthController: true,
        }),
      ],
      controllers: [HealthController],
      providers: [{ provide: MONITORING_CONFIG, useValue: config }],
      exports: [MONITORING_CONFIG],
    };
  }
}
