import { PlatformModule } from '@app/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { AlertModule } from './alert/alert.module';
import { AlertRuleModule } from './alert-rule/alert-rule.module';
import { MONITORING_CONFIG, MonitoringConfig } from './config';
import { DashboardModule } from './dashboard/dashboard.module';
import { createMonitoringDataSource } from './database/data-source';
import { EvaluationModule } from './evaluation/evaluation.module';
import { HealthController } from './health.controller';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { MetricModule } from './metric/metric.module';
import { WorkerModule } from './worker/worker.module';

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
        MetricModule,
        WorkerModule,
        AlertModule,
        AlertRuleModule,
        EvaluationModule,
        DashboardModule,
        MaintenanceModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: MONITORING_CONFIG, useValue: config }],
      exports: [MONITORING_CONFIG],
    };
  }
}
