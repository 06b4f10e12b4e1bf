import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AlertEntity } from '../alert/alert.entity';

/** One webhook call to make (and its retries), written in the transaction that changed the alert. */
@Entity({ name: 'webhook_delivery' })
@Check('webhook_delivery_status_check', `status IN ('pending','delivered','failed')`)
@Index('webhook_delivery_brand_alert', ['brandId', 'alertId'])
@Index('webhook_delivery_due', ['nextAttemptAt'], { where: `status = 'pending'` })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: number;
  @Column({ name: 'brand_id', type: 'integer' }) brandId!: number;
  @Column({ name: 'alert_id', type: 'bigint' }) alertId!: number;
  @ManyToOne(() => AlertEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'webhook_delivery_alert_id_fkey' })
  alert?: AlertEntity;
  @Column({ type: 'varchar', length: 40 }) event!: string;
  @Column({ type: 'varchar', length: 2000 }) url!: string;
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  @Column({ type: 'varchar', length: 16, default: 'pending' }) status!: string;
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' }) nextAttemptAt!: Date;
  @Column({ name: 'last_status_code', type: 'integer', nullable: true }) lastStatusCode!: number | null;
  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true }) lastError!: string | null;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}
