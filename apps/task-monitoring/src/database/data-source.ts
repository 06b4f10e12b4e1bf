import { createServiceDataSource } from '@app/platform';
import { DataSource } from 'typeorm';
import { AlertEntity } from '../alert/alert.entity';
import { AlertRuleEntity } from '../alert-rule/alert-rule.entity';
import { MonitoringConfig } from '../config';
import { ExecutionMetricEntity, ProcessedEventEntity } from '../metric/execution-metric.entity';
import { OutboxEntity } from '../outbox/outbox.entity';
import { WebhookDeliveryEntity } from '../webhook/webhook-delivery.entity';
import { WorkerEntity } from '../worker/worker.entity';
import { CreateMonitoring1764547200000 } from './migrations/1764547200000-CreateMonitoring';

export const MONITORING_ENTITIES: Function[] = [
  ExecutionMetricEntity,
  ProcessedEventEntity,
  WorkerEntity,
  AlertRuleEntity,
  AlertEntity,
  WebhookDeliveryEntity,
  OutboxEntity,
];
export const MONITORING_MIGRATIONS: Function[] = [CreateMonitoring1764547200000];

export function createMonitoringDataSource(config: MonitoringConfig): DataSource {
  return createServiceDataSource({
    url: config.database.url,
    schema: config.database.schema,
    entities: MONITORING_ENTITIES,
    migrations: MONITORING_MIGRATIONS,
    poolSize: config.database.poolSize,
    applicationName: 'megahub-task-monitoring',
  });
}
