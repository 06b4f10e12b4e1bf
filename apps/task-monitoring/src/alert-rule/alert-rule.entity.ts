import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An alert rule of a brand, as the migrations create it (read and written with hand-written SQL). */
@Entity({ name: 'alert_rule' })
@Check('alert_rule_operator_check', `operator IN ('gt','gte','lt','lte')`)
@Check('alert_rule_severity_check', `severity IN ('info','warning','critical')`)
@Check('alert_rule_state_check', `state IN ('ok','firing','unknown')`)
@Index('alert_rule_brand_name_key', ['brandId', 'name'], { unique: true })
@Index('alert_rule_due', ['nextEvaluationAt'], { where: 'enabled' })
export class AlertRuleEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ name: 'brand_id', type: 'integer' }) brandId!: number;
  @Column({ name: 'brand_name', type: 'varchar', length: 200 }) brandName!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'varchar', length: 40 }) metric!: string;
  @Column({ type: 'varchar', length: 4 }) operator!: string;
  @Column({ type: 'double precision' }) threshold!: number;
  @Column({ name: 'window_minutes', type: 'integer', default: 5 }) windowMinutes!: number;
  @Column({ name: 'task_type', type: 'varchar', length: 100, nullable: true }) taskType!: string | null;
  @Column({ type: 'varchar', length: 16, default: 'warning' }) severity!: string;
  @Column({ name: 'cooldown_minutes', type: 'integer', default: 15 }) cooldownMinutes!: number;
  @Column({ type: 'boolean', default: true }) enabled!: boolean;
  @Column({ name: 'webhook_url', type: 'varchar', length: 2000, nullable: true }) webhookUrl!: string | null;
  @Column({ name: 'evaluation_interval_seconds', type: 'integer' }) evaluationIntervalSeconds!: number;
  @Column({ type: 'varchar', length: 16, default: 'unknown' }) state!: string;
  @Column({ name: 'last_value', type: 'double precision', nullable: true }) lastValue!: number | null;
  @Column({ name: 'last_evaluated_at', type: 'timestamptz', nullable: true }) lastEvaluatedAt!: Date | null;
  @Column({ name: 'next_evaluation_at', type: 'timestamptz', default: () => 'now()' }) nextEvaluationAt!: Date;
  @Column({ name: 'last_triggered_at', type: 'timestamptz', nullable: true }) lastTriggeredAt!: Date | null;
  @Column({ name: 'created_by_id', type: 'integer' }) createdById!: number;
  @Column({ name: 'created_by_username', type: 'varchar', length: 200 }) createdByUsername!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
