import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AlertRuleEntity } from '../alert-rule/alert-rule.entity';

/** An alert raised by a rule. It keeps a copy of the rule's condition: rules change, history does not. */
@Entity({ name: 'alert' })
@Check('alert_status_check', `status IN ('active','acknowledged','resolved')`)
@Index('alert_one_open_per_rule', ['brandId', 'ruleId'], { unique: true, where: `status <> 'resolved'` })
@Index('alert_brand_status_triggered', ['brandId', 'status', 'triggeredAt'])
@Index('alert_brand_triggered', ['brandId', 'triggeredAt'])
@Index('alert_rule_id', ['ruleId'])
export class AlertEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: number;
  @Column({ name: 'brand_id', type: 'integer' }) brandId!: number;
  @Column({ name: 'rule_id', type: 'integer', nullable: true }) ruleId!: number | null;
  @ManyToOne(() => AlertRuleEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'rule_id', foreignKeyConstraintName: 'alert_rule_id_fkey' })
  rule?: AlertRuleEntity | null;
  @Column({ name: 'rule_name', type: 'varchar', length: 200 }) ruleName!: string;
  @Column({ type: 'varchar', length: 40 }) metric!: string;
  @Column({ type: 'varchar', length: 4 }) operator!: string;
  @Column({ type: 'double precision' }) threshold!: number;
  @Column({ name: 'window_minutes', type: 'integer' }) windowMinutes!: number;
  @Column({ name: 'task_type', type: 'varchar', length: 100, nullable: true }) taskType!: string | null;
  @Column({ type: 'varchar', length: 16 }) severity!: string;
  @Column({ type: 'varchar', length: 16, default: 'active' }) status!: string;
  @Column({ type: 'double precision', nullable: true }) value!: number | null;
  @Column({ name: 'current_value', type: 'double precision', nullable: true }) currentValue!: number | null;
  @Column({ type: 'varchar', length: 1000 }) message!: string;
  @Column({ name: 'triggered_at', type: 'timestamptz', default: () => 'now()' }) triggeredAt!: Date;
  @Column({ name: 'last_evaluated_at', type: 'timestamptz', default: () => 'now()' }) lastEvaluatedAt!: Date;
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true }) acknowledgedAt!: Date | null;
  @Column({ name: 'acknowledged_by_id', type: 'integer', nullable: true }) acknowledgedById!: number | null;
  @Column({ name: 'acknowledged_by_username', type: 'varchar', length: 200, nullable: true })
  acknowledgedByUsername!: string | null;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @Column({ name: 'resolved_by_id', type: 'integer', nullable: true }) resolvedById!: number | null;
  @Column({ name: 'resolved_by_username', type: 'varchar', length: 200, nullable: true }) resolvedByUsername!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) resolution!: string | null;
}
