import { Module } from '@nestjs/common';
import { AlertModule } from '../alert/alert.module';
import { MetricModule } from '../metric/metric.module';
import { WorkerModule } from '../worker/worker.module';
import { Retention } from './retention';

@Module({ imports: [MetricModule, AlertModule, WorkerModule], providers: [Retention] })
export class MaintenanceModule {}
