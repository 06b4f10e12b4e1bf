import { Module } from '@nestjs/common';
import { MetricModule } from '../metric/metric.module';
import { PrometheusModule } from '../prometheus/prometheus.module';
import { WorkerController } from './worker.controller';
import { WorkerGauges } from './worker.gauges';
import { WorkerIngestor } from './worker-ingestor';
import { WorkerRepository } from './worker.repository';
import { WorkerService } from './worker.service';

@Module({
  imports: [MetricModule, PrometheusModule],
  controllers: [WorkerController],
  providers: [WorkerRepository, WorkerService, WorkerIngestor, WorkerGauges],
  exports: [WorkerRepository, WorkerService],
})
export class WorkerModule {}
