import { MonitoringEvent } from '@app/contracts';
import { Sql, SqlExecutor } from '@app/platform';
import { BrandId } from '@app/tenancy';
import { Injectable } from '@nestjs/common';

export type WebhookDeliveryRow = {
  id: number;
  brand_id: number;
  alert_id: number;
  event: MonitoringEvent;
  url: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
};

/** How long a claimed delivery stays invisible to other replicas while one of them sends it. */
const CLAIM_LEASE_SECONDS = 60;

@Injectable()
export class WebhookDeliveryRepository {
  constructor(private readonly sql: Sql) {}

  /** Queues a delivery in the caller's transaction (with the alert change that caused it). */
  async enqueue(
    executor: SqlExecutor,
    brandId: BrandId,
    delivery: { alertId: number; event: MonitoringEvent; url: string; payload: object },
  ): Promise<void> {
    await this.sql.rows(
      `INSERT INTO task_monitoring.webhook_delivery (brand_id, alert_id, event, url, payload) VALUES ($1, $2, $3, $4, $5)`,
      [brandId, delivery.alertId, delivery.event, delivery.url, delivery.payload],
      executor,
    );
  }

  /**
   * Claims due deliveries across brands (a system path): each is pushed out of sight for the lease, so
   * replicas never send the same attempt twice at once, and one that crashed mid-send retries later.
   */
  async claimDue(limit: number): Promise<WebhookDeliveryRow[]> {
    return this.sql.rows<WebhookDeliveryRow>(
      `UPDATE task_monitoring.webhook_delivery d
       SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
       WHERE d.id IN (
         SELECT id FROM task_monitoring.webhook_delivery
         WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING d.*`,
      [limit, CLAIM_LEASE_SECONDS],
    );
  }

  async markDelivered(id: number, statusCode: number): Promise<void> {
    await this.sql.rows(
      `UPDATE task_monitoring.webhook_delivery SET status = 'delivered', delivered_at = now(), last_status_code = $2,
         last_error = NULL WHERE id = $1`,
      [id, statusCode],
    );
  }

  /** Records a failed attempt: retried after `retryInMs`, or given up when null. */
  async markFailed(id: number, result: { statusCode: number | null; error: string; retryInMs: number | null }): Promise<void> {
    await this.sql.rows(
      `UPDATE task_monitoring.webhook_delivery SET last_status_code = $2, last_error = left($3, 1000),
         status = CASE WHEN $4::int IS NULL THEN 'failed' ELSE 'pending' END,
         next_attempt_at = CASE WHEN $4::int IS NULL THEN next_attempt_at ELSE now() + make_interval(secs => $4::int / 1000.0) END
       WHERE id = $1`,
      [id, result.statusCode, result.error, result.retryInMs],
    );
  }

  async listForAlert(brandId: BrandId, alertId: number): Promise<WebhookDeliveryRow[]> {
    return this.sql.rows<WebhookDeliveryRow>(
      `SELECT * FROM task_monitoring.webhook_delivery WHERE brand_id = $1 AND alert_id = $2 ORDER BY id`,
      [brandId, alertId],
    );
  }
}
