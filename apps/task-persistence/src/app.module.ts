import { PlatformModule } from '@app/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { CheckpointModule } from './checkpoint/checkpoint.module';
import { PERSISTENCE_CONFIG, PersistenceConfig } from './config';
import { createPersistenceDataSource } from './database/data-source';
import { HealthController } from './health.controller';
import { JobModule } from './job/job.module';

@Module({})
export class AppModule {
  static forRoot(config: PersistenceConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        PlatformModule.forRoot({
          service: config.service,
          nats: config.nats,
          dataSource: createPersistenceDataSource(config),
          withHealthController: true,
        }),
        JobModule,
        CheckpointModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: PERSISTENCE_CONFIG, useValue: config }],
      exports: [PERSISTENCE_CONFIG],
    };
  }
}
