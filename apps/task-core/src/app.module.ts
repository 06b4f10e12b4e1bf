import { PlatformModule } from '@app/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { CORE_CONFIG, CoreConfig } from './config';
import { createCoreDataSource } from './database/data-source';
import { HealthController } from './health.controller';
import { QueueModule } from './queue/queue.module';
import { TaskModule } from './task/task.module';

@Module({})
export class AppModule {
  static forRoot(config: CoreConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        PlatformModule.forRoot({
          service: config.service,
          nats: config.nats,
          dataSource: createCoreDataSource(config),
          withHealthController: true,
        }),
        TaskModule,
        QueueModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: CORE_CONFIG, useValue: config }],
      exports: [CORE_CONFIG],
    };
  }
}
