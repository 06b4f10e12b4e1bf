import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CalendarEntity } from '../calendar/calendar.entity';

/** The periodic task table as the migrations create it; the service uses hand-written SQL on it. */
@Entity({ name: 'periodic_task' })
@Check('periodic_task_priority_check', `priority IN ('low','normal','high','critical')`)
@Check('periodic_task_calendar_mode_check', `calendar_mode IN ('exclude','only')`)
@Check('periodic_task_misfire_policy_check', `misfire_policy IN ('skip','run_once','run_all')`)
@Check('periodic_task_overlap_policy_check', `overlap_policy IN ('allow','skip')`)
@Index('periodic_task_brand_name_key', ['brandId', 'name'], { unique: true })
@Index('periodic_task_brand_created', ['brandId', 'createdAt', 'id'])
@Index('periodic_task_brand_calendar', ['brandId', 'calendarId'], { where: 'calendar_id IS NOT NULL' })
@Index('periodic_task_due', ['nextRunAt'], { where: 'enabled AND next_run_at IS NOT NULL' })
export class PeriodicTaskEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'brand_id', type: 'integer' }) brandId!: number;
  @Column({ name: 'brand_name', type: 'varchar', length: 200 }) brandName!: string;
  @Column({ name: 'created_by_id', type: 'integer' }) createdById!: number;
  @Column({ name: 'created_by_username', type: 'varchar', length: 200 }) createdByUsername!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ name: 'task_type', type: 'varchar', length: 100 }) taskType!: string;
  @Column({ name: 'cron_expression', type: 'varchar', length: 200 }) cronExpression!: string;
  @Column({ type: 'varchar', length: 64, default: 'UTC' }) timezone!: string;
  @Column({ name: 'context_data', type: 'jsonb', default: {} }) contextData!: Record<string, unknown>;
  @Column({ type: 'varchar', length: 8, default: 'normal' }) priority!: string;
  @Column({ type: 'varchar', length: 64, default: 'default' }) queue!: string;
  @Column({ name: 'max_retries', type: 'integer', nullable: true }) maxRetries!: number | null;
  @Column({ name: 'timeout_seconds', type: 'integer', nullable: true }) timeoutSeconds!: number | null;
  @Column({ type: 'boolean', default: true }) enabled!: boolean;
  @Column({ name: 'start_at', type: 'timestamptz', nullable: true }) startAt!: Date | null;
  @Column({ name: 'end_at', type: 'timestamptz', nullable: true }) endAt!: Date | null;
  @Column({ name: 'max_runs', type: 'integer', nullable: true }) maxRuns!: number | null;
  @ForeignKey(() => CalendarEntity, { name: 'periodic_task_calendar_fkey', onDelete: 'RESTRICT' })
  @Column({ name: 'calendar_id', type: 'integer', nullable: true })
  calendarId!: number | null;
  @Column({ name: 'calendar_mode', type: 'varchar', length: 8, default: 'exclude' }) calendarMode!: string;
  @Column({ name: 'misfire_policy', type: 'varchar', length: 8, default: 'run_once' }) misfirePolicy!: string;
  @Column({ name: 'overlap_policy', type: 'varchar', length: 8, default: 'allow' }) overlapPolicy!: string;
  @Column({ name: 'next_run_at', type: 'timestamptz', nullable: true }) nextRunAt!: Date | null;
  @Column({ name: 'last_run_at', type: 'timestamptz', nullable: true }) lastRunAt!: Date | null;
  @Column({ name: 'total_run_count', type: 'integer', default: 0 }) totalRunCount!: number;
  @Column({ name: 'last_task_pk', type: 'bigint', nullable: true }) lastTaskPk!: number | null;
  @Column({ name: 'last_task_id', type: 'varchar', length: 48, nullable: true }) lastTaskId!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

@Entity({ name: 'periodic_task_run' })
@Check('periodic_task_run_trigger_check', `trigger IN ('schedule','manual')`)
@Check('periodic_task_run_status_check', `status IN ('fired','skipped_overlap','missed','failed')`)
@Index('periodic_task_run_instant_key', ['brandId', 'periodicTaskId', 'scheduledFor', 'trigger'], {
  unique: true,
})
@Index('periodic_task_run_scheduled', ['scheduledFor'])
export class PeriodicTaskRunEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: number;
  @Column({ name: 'brand_id', type: 'integer' }) brandId!: number;
  @Column({ name: 'periodic_task_id', type: 'integer' }) periodicTaskId!: number;
  @Column({ type: 'varchar', length: 8, default: 'schedule' }) trigger!: string;
  @Column({ name: 'scheduled_for', type: 'timestamptz' }) scheduledFor!: Date;
  @Column({ name: 'fired_at', type: 'timestamptz', nullable: true }) firedAt!: Date | null;
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ type: 'varchar', length: 32, nullable: true }) reason!: string | null;
  @Column({ name: 'task_pk', type: 'bigint', nullable: true }) taskPk!: number | null;
  @Column({ name: 'task_id', type: 'varchar', length: 48, nullable: true }) taskId!: string | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
}

/** Last status task-core reported for each task a periodic task created. */
@Entity({ name: 'task_status' })
@Index('task_status_status_at', ['statusAt'])
export class TaskStatusEntity {
  @PrimaryColumn({ name: 'brand_id', type: 'integer' }) brandId!: number;
  @PrimaryColumn({ name: 'task_pk', type: 'bigint' }) taskPk!: number;
  @Column({ name: 'periodic_task_id', type: 'integer' }) periodicTaskId!: number;
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ name: 'status_at', type: 'timestamptz' }) statusAt!: Date;
}
