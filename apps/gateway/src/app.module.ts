import { PlatformModule } from '@app/platform';
import { BrandGuard, JwtAuthGuard, JwtSettings, JwtStrategy } from '@app/tenancy';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ApiRootsController } from './api-roots/api-roots.controller';
import { GATEWAY_CONFIG, GatewayConfig } from './config';
import { ReadinessProbe } from './health/readiness';
import { RateLimitGuard, TokenBucketLimiter } from './http/rate-limit';
import { AlertRulesController } from './monitoring/alert-rules.controller';
import { AlertsController } from './monitoring/alerts.controller';
import { MetricsController } from './monitoring/metrics.controller';
import { WorkersController } from './monitoring/workers.controller';
import { CheckpointsController } from './persistence/checkpoints.controller';
import { PersistentJobsController } from './persistence/persistent-jobs.controller';
import { CalendarsController } from './scheduling/calendars.controller';
import { CronJobsController } from './scheduling/cron-jobs.controller';
import { PeriodicTasksController } from './scheduling/periodic-tasks.controller';
import { TaskEventsHub } from './tasks/task-events.hub';
import { TasksController } from './tasks/tasks.controller';
import { UiModule } from './ui/ui.module';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ service: 'gateway', nats: config.nats }), PassportModule, UiModule],
      controllers: [
        ApiRootsController,
        TasksController,
        PersistentJobsController,
        CheckpointsController,
        PeriodicTasksController,
        CronJobsController,
        CalendarsController,
        MetricsController,
        WorkersController,
        AlertRulesController,
        AlertsController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: JwtSettings, useValue: config.jwt },
        JwtStrategy,
        TaskEventsHub,
        ReadinessProbe,
        // Order matters: authenticate, then select the brand and check the role, then count the brand's request.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: BrandGuard },
        ...(config.rateLimitPerMinute > 0
          ? [{ provide: APP_GUARD, useFactory: () => new RateLimitGuard(new TokenBucketLimiter(config.rateLimitPerMinute)) }]
          : []),
      ],
    };
  }
}
