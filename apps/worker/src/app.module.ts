import { AppLogger } from '@app/platform';
import { WorkerModule } from '@app/worker-sdk';
import { DynamicModule, Module } from '@nestjs/common';
import { WorkerConfig } from './config';
import { ReferenceHandlers } from './handlers/reference.handlers';
import { HealthController } from './health.controller';

@Module({})
export class AppModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        WorkerModule.forRoot({
          ...config.worker,
          servers: config.nats.servers,
          namespace: config.nats.namespace,
          requestTimeoutMs: config.nats.requestTimeoutMs,
          shutdownGraceMs: config.shutdownGraceMs,
          logger: new AppLogger('Worker'),
        }),
      ],
      controllers: [HealthController],
      providers: [ReferenceHandlers],
    };
  }
}
