import { AlertDto, AlertEvent, MonitoringEvent } from '@app/contracts';
import { Sql, SqlExecutor } from '@app/platform';
import { BrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OutboxRelay, writeOutbox } from '../outbox/outbox.relay';
import { WebhookDeliveryRepository } from '../webhook/webhook-delivery.repository';
import { WebhookDispatcher } from '../webhook/webhook.dispatcher';
import { toAlertDto } from './alert.mapper';
import { AlertRepository, OpeningRule } from './alert.repository';

export type Resolution = { resolution: 'auto' | 'manual' | 'rule_disabled' | 'rule_deleted'; value?: number | null; by?: { id: number; username: string } };

/**
 * Opening and closing alerts, with their consequences in the same transaction: the
 * `monitoring.alert.triggered` / `.resolved` event (outbox) and the rule's webhook delivery. The caller
 * owns the transaction and calls `flush()` after it commits.
 */
@Injectable()
export class AlertLifecycle {
  constructor(
    private readonly sql: Sql,
    private readonly alerts: AlertRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly relay: OutboxRelay,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  /** Null when the rule already has an open alert (another replica, or an earlier tick, opened it). */
  async open(
    executor: SqlExecutor,
    brandId: BrandId,
    rule: OpeningRule & { webhook_url: string | null },
    value: number | null,
    message: string,
  ): Promise<AlertDto | null> {
    const row = await this.alerts.insertOpen(executor, brandId, rule, value, message);
    if (!row) return null;
    const alert = toAlertDto(row);
    await this.announce(executor, brandId, MonitoringEvent.AlertTriggered, alert, rule.webhook_url);
    return alert;
  }

  /** Null when the alert was already resolved. */
  async close(executor: SqlExecutor, brandId: BrandId, alertId: number, how: Resolution, webhookUrl: string | null): Promise<AlertDto | null> {
    const row = await this.alerts.markResolved(executor, brandId, alertId, how);
    if (!row) return null;
    const alert = toAlertDto(row);
    await this.announce(executor, brandId, MonitoringEvent.AlertResolved, alert, webhookUrl);
    return alert;
  }

  /** After the commit: relay the events and send the webhooks now rather than at the next tick. */
  flush(): void {
    this.relay.notify();
    this.dispatcher.notify();
  }

  private async announce(executor: SqlExecutor, brandId: BrandId, subject: MonitoringEvent, alert: AlertDto, webhookUrl: string | null): Promise<void> {
    const event: AlertEvent = { event_id: randomUUID(), occurred_at: new Date().toISOString(), brand_id: brandId, alert };
    await writeOutbox(this.sql, executor, subject, event);
    if (webhookUrl) {
      await this.deliveries.enqueue(executor, brandId, { alertId: alert.id, event: subject, url: webhookUrl, payload: { event: subject, ...event } });
    }
  }
}
