import { Module } from '@nestjs/common';
import { AlertModule } from '../alert/alert.module';
import { AlertRuleModule } from '../alert-rule/alert-rule.module';
import { PrometheusModule } from '../prometheus/prometheus.module';
import { WorkerModule } from '../worker/worker.module';
import { AlertEvaluator } from './alert-evaluator';
import { RuleMetricSource } from './rule-metric.source';

@Module({
  imports: [AlertModule, AlertRuleModule, WorkerModule, PrometheusModule],
  providers: [RuleMetricSource, AlertEvaluator],
})
export class EvaluationModule {}
