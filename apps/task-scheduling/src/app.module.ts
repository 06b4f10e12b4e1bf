import { PlatformModule } from '@app/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { SCHEDULING_CONFIG, SchedulingConfig } from './config';
import { createSchedulingDataSource } from './database/data-source';
import { CalendarModule } from './calendar/calendar.module';
import { CronJobModule } from './cron-job/cron-job.module';
import { FiringModule } from './firing/firing.module';
import { HealthController } from './health.controller';
import { PeriodicTaskModule } from './periodic-task/periodic-task.module';

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
        PeriodicTaskModule,
        CronJobModule,
        CalendarModule,
        FiringModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: SCHEDULING_CONFIG, useValue: config }],
      exports: [SCHEDULING_CONFIG],
    };
  }
}
