import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The scheduled job table as the migrations create it; the service uses hand-written SQL on it. */
@Entity({ name: 'cron_job' })
@Check('cron_job_priority_check', `priority IN ('low','normal','high','critical')`)
@Check('cron_job_schedule_type_check', `schedule_type IN ('once','interval')`)
@Check('cron_job_status_check', `status IN ('scheduled','fired','cancelled')`)
@Check(
  'cron_job_schedule_check',
  `(schedule_type = 'once' AND run_at IS NOT NULL) OR (schedule_type = 'interval' AND interval_seconds IS NOT NULL AND start_at IS NOT NULL)`,
)
@Index('cron_job_brand_created', ['brandId', 'createdAt', 'id'])
@Index('cron_job_due', ['nextRunAt'], { where: `status = 'scheduled' AND next_run_at IS NOT NULL` })
export class CronJobEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'brand_id', type: 'integer' }) brandId!: number;
  @Column({ name: 'brand_name', type: 'varchar', length: 200 }) brandName!: string;
  @Column({ name: 'created_by_id', type: 'integer' }) createdById!: number;
  @Column({ name: 'created_by_username', type: 'varchar', length: 200 }) createdByUsername!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ name: 'task_type', type: 'varchar', length: 100 }) taskType!: string;
  @Column({ name: 'context_data', type: 'jsonb', default: {} }) contextData!: Record<string, unknown>;
  @Column({ type: 'varchar', length: 8, default: 'normal' }) priority!: string;
  @Column({ type: 'varchar', length: 64, default: 'default' }) queue!: string;
  @Column({ name: 'schedule_type', type: 'varchar', length: 8 }) scheduleType!: string;
  @Column({ name: 'run_at', type: 'timestamptz', nullable: true }) runAt!: Date | null;
  @Column({ name: 'interval_seconds', type: 'integer', nullable: true }) intervalSeconds!: number | null;
  @Column({ name: 'start_at', type: 'timestamptz', nullable: true }) startAt!: Date | null;
  @Column({ type: 'varchar', length: 16, default: 'scheduled' }) status!: string;
  @Column({ name: 'next_run_at', type: 'timestamptz', nullable: true }) nextRunAt!: Date | null;
  @Column({ name: 'last_run_at', type: 'timestamptz', nullable: true }) lastRunAt!: Date | null;
  @Column({ name: 'total_run_count', type: 'integer', default: 0 }) totalRunCount!: number;
  @Column({ name: 'last_task_pk', type: 'bigint', nullable: true }) lastTaskPk!: number | null;
  @Column({ name: 'last_task_id', type: 'varchar', length: 48, nullable: true }) lastTaskId!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
