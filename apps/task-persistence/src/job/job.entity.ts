import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The persistent_job table as the migrations create it. The service reads and writes it with hand-written
 * SQL (job.repository.ts); this entity exists so the drift check can compare it with the migrations.
 */
@Entity({ name: 'persistent_job' })
@Check(
  'persistent_job_status_check',
  `status IN ('pending','running','pausing','paused','retrying','interrupted','completed','failed','cancelled')`,
)
@Index('persistent_job_brand_idempotency_key', ['brandId', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
@Index('persistent_job_brand_created', ['brandId', 'createdAt', 'id'])
@Index('persistent_job_brand_status_created', ['brandId', 'status', 'createdAt'])
@Index('persistent_job_brand_task', ['brandId', 'taskPk'])
// Partial indexes of the reconciler: declared, not synchronized.
@Index('persistent_job_without_task', { synchronize: false })
@Index('persistent_job_auto_resume_due', { synchronize: false })
export class PersistentJobEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: number;
  @Column({ name: 'brand_id', type: 'integer' }) brandId!: number;
  @Column({ name: 'brand_name', type: 'varchar', length: 200 }) brandName!: string;
  @Column({ name: 'created_by_id', type: 'integer' }) createdById!: number;
  @Column({ name: 'created_by_username', type: 'varchar', length: 200 }) createdByUsername!: string;
  @Column({ name: 'task_type', type: 'varchar', length: 100 }) taskType!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ name: 'context_data', type: 'jsonb', default: {} }) contextData!: Record<string, unknown>;
  @Column({ type: 'varchar', length: 16, default: 'normal' }) priority!: string;
  @Column({ type: 'varchar', length: 64, default: 'default' }) queue!: string;
  @Column({ name: 'max_retries', type: 'integer', default: 3 }) maxRetries!: number;
  @Column({ name: 'timeout_seconds', type: 'integer', nullable: true }) timeoutSeconds!: number | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) tags!: string[];
  @Column({ name: 'auto_resume', type: 'boolean', default: true }) autoResume!: boolean;
  @Column({ name: 'max_resumes', type: 'integer', default: 3 }) maxResumes!: number;
  @Column({ name: 'checkpoint_retention', type: 'integer', default: 10 }) checkpointRetention!: number;
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true }) idempotencyKey!:
    string | null;
  @Column({ name: 'task_idempotency_key', type: 'varchar', length: 100 }) taskIdempotencyKey!: string;
  @Column({ type: 'varchar', length: 16, default: 'pending' }) status!: string;
  @Column({ name: 'pause_requested', type: 'boolean', default: false }) pauseRequested!: boolean;
  @Column({ name: 'task_pk', type: 'bigint', nullable: true }) taskPk!: number | null;
  @Column({ name: 'task_ref', type: 'varchar', length: 48, nullable: true }) taskRef!: string | null;
  @Column({ name: 'task_attempt', type: 'integer', default: 0 }) taskAttempt!: number;
  @Column({ name: 'task_event_at', type: 'timestamptz', nullable: true }) taskEventAt!: Date | null;
  @Column({ name: 'resume_count', type: 'integer', default: 0 }) resumeCount!: number;
  @Column({ name: 'checkpoint_count', type: 'integer', default: 0 }) checkpointCount!: number;
  @Column({ name: 'last_checkpoint_at', type: 'timestamptz', nullable: true }) lastCheckpointAt!: Date | null;
  @Column({ name: 'current_step', type: 'integer', nullable: true }) currentStep!: number | null;
  @Column({ name: 'total_steps', type: 'integer', nullable: true }) totalSteps!: number | null;
  @Column({ type: 'real', default: 0 }) percentage!: number;
  @Column({ name: 'progress_message', type: 'text', nullable: true }) progressMessage!: string | null;
  @Column({ name: 'items_processed', type: 'integer', nullable: true }) itemsProcessed!: number | null;
  @Column({ name: 'items_total', type: 'integer', nullable: true }) itemsTotal!: number | null;
  @Column({ name: 'progress_at', type: 'timestamptz', nullable: true }) progressAt!: Date | null;
  @Column({ name: 'progress_attempt', type: 'integer', nullable: true }) progressAttempt!: number | null;
  @Column({ name: 'progress_fraction', type: 'double precision', nullable: true }) progressFraction!:
    number | null;
  @Column({ name: 'progress_rate', type: 'double precision', nullable: true }) progressRate!: number | null;
  @Column({ name: 'result_data', type: 'jsonb', nullable: true }) resultData!: Record<string, unknown> | null;
  @Column({ type: 'jsonb', nullable: true }) error!: Record<string, unknown> | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
}

/** Task events already applied by the job consumer (idempotency by event id). */
@Entity({ name: 'processed_event' })
@Index('processed_event_processed_at', ['processedAt'])
export class ProcessedEventEntity {
  @Column({ name: 'event_id', type: 'uuid', primary: true }) eventId!: string;
  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' }) processedAt!: Date;
}
