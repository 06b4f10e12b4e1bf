import { Module } from '@nestjs/common';
import { MonitoringMetrics } from './monitoring-metrics';

@Module({ providers: [MonitoringMetrics], exports: [MonitoringMetrics] })
export class PrometheusModule {}
