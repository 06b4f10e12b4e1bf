import { PlatformModule } from '@app/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { SCHEDULING_CONFIG, SchedulingConfig } from './config';
import { createSchedulingDataSource } from './database/data-source';
import { HealthController } from './health.controller';

@Module({})
export class AppModule {
  static forRoot(config: SchedulingConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        PlatformModule.forRoot({
          service: config.service,
          nats: config.nats,
          dataSource: createSchedulingDataSource(config),
          withHealthController: true,
        }),
      ],
      controllers: [HealthController],
      providers: [{ provide: SCHEDULING_CONFIG, useValue: config }],
      exports: [SCHEDULING_CONFIG],
    };
  }
}
