import { Module } from '@nestjs/common';
import { PrometheusModule } from '../prometheus/prometheus.module';
import { MetricController } from './metric.controller';
import { MetricIngestor } from './metric-ingestor';
import { MetricRepository } from './metric.repository';
import { MetricService } from './metric.service';

@Module({
  imports: [PrometheusModule],
  controllers: [MetricController],
  providers: [MetricRepository, MetricService, MetricIngestor],
  exports: [MetricRepository],
})
export class MetricModule {}
