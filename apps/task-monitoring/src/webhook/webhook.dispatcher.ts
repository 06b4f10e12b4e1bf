import { AppLogger, WakeableLoop } from '@app/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MONITORING_CONFIG, MonitoringConfig } from '../config';
import { MonitoringMetrics } from '../prometheus/monitoring-metrics';
import { WebhookDeliveryRepository, WebhookDeliveryRow } from './webhook-delivery.repository';
import { isRetryableStatus, webhookRetryDelayMs } from './webhook.rules';
import { sendWebhook } from './webhook.sender';

const BATCH = 10;

/**
 * Sends queued alert webhooks with retries (backoff with jitter, up to ALERT_WEBHOOK_MAX_ATTEMPTS). Any
 * replica may send any delivery; a claim hides it from the others while it is being sent.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new AppLogger(WebhookDispatcher.name);
  private readonly loop: WakeableLoop;

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly prom: MonitoringMetrics,
    @Inject(MONITORING_CONFIG) private readonly config: MonitoringConfig,
  ) {
    this.loop = new WakeableLoop(WebhookDispatcher.name, () => this.dispatchDue(), config.alerts.tickMs);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** A delivery was queued: send it now instead of at the next tick. */
  notify(): void {
    this.loop.notify();
  }

  private async dispatchDue(): Promise<void> {
    for (;;) {
      const due = await this.deliveries.claimDue(BATCH);
      await Promise.all(due.map((d) => this.deliver(d)));
      if (due.length < BATCH || !this.loop.isRunning) return;
    }
  }

  private async deliver(d: WebhookDeliveryRow): Promise<void> {
    const { secret, allowPrivate, timeoutMs, maxAttempts } = this.config.alerts.webhook;
    const result = await sendWebhook(d.url, d.event, Number(d.id), JSON.stringify(d.payload), { secret, allowPrivate, timeoutMs });
    if (result.kind === 'delivered') {
      await this.deliveries.markDelivered(d.id, result.statusCode);
      this.prom.webhooks.inc({ outcome: 'delivered' });
      return;
    }
    const statusCode = result.kind === 'http_error' ? result.statusCode : null;
    const error = result.kind === 'http_error' ? `HTTP ${result.statusCode}` : result.error;
    const retryable = result.kind === 'network_error' || (result.kind === 'http_error' && isRetryableStatus(result.statusCode));
    const retryInMs = retryable && d.attempts < maxAttempts ? webhookRetryDelayMs(d.attempts) : null;
    await this.deliveries.markFailed(d.id, { statusCode, error, retryInMs });
    this.prom.webhooks.inc({ outcome: result.kind === 'refused' ? 'refused' : retryInMs === null ? 'failed' : 'retry' });
    this.logger.warn('webhook delivery failed', {
      delivery_id: d.id,
      alert_id: d.alert_id,
      brand_id: d.brand_id,
      attempt: d.attempts,
      error,
      will_retry: retryInMs !== null,
    });
  }
}
