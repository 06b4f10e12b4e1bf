import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The task table as the migrations create it. task-core reads and writes it with hand-written SQL on
 * the hot paths (see task.repository.ts, queue.repository.ts); this entity exists so the drift check
 * can compare it with the migrations.
 */
@Entity({ name: 'task' })
@Check('task_status_check', `status IN ('pending','running','completed','failed','retrying','cancelled','interrupted','paused')`)
@Check('task_priority_check', `priority BETWEEN 0 AND 3`)
@Index('task_task_id_key', ['taskId'], { unique: true })
@Index('task_brand_idempotency_key', ['brandId', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@Index('task_brand_created', ['brandId', 'createdAt', 'id'])
@Index('task_brand_status_created', ['brandId', 'status', 'createdAt'])
@Index('task_brand_type_created', ['brandId', 'taskType', 'createdAt'])
@Index('task_brand_completed', ['brandId', 'completedAt'], { where: 'completed_at IS NOT NULL' })
@Index('task_brand_periodic', ['brandId', 'periodicTaskId', 'createdAt'], { where: 'is_periodic' })
export class TaskEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: number;
  @Column({ name: 'task_id', type: 'varchar', length: 48 }) taskId!: string;
  @Column({ name: 'brand_id', type: 'integer' }) brandId!: number;
  @Column({ name: 'brand_name', type: 'varchar', length: 200 }) brandName!: string;
  @Column({ name: 'created_by_id', type: 'integer' }) createdById!: number;
  @Column({ name: 'created_by_username', type: 'varchar', length: 200 }) createdByUsername!: string;
  @Column({ name: 'task_type', type: 'varchar', length: 100 }) taskType!: string;
  @Column({ type: 'varchar', length: 64, default: 'default' }) queue!: string;
  @Column({ type: 'varchar', length: 16, default: 'pending' }) status!: string;
  @Column({ type: 'smallint', default: 1 }) priority!: number;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ name: 'context_data', type: 'jsonb', default: {} }) contextData!: Record<string, unknown>;
  @Column({ name: 'result_data', type: 'jsonb', nullable: true }) resultData!: Record<string, unknown> | null;
  @Column({ type: 'jsonb', nullable: true }) error!: Record<string, unknown> | null;
  @Column({ name: 'progress_percentage', type: 'real', default: 0 }) progressPercentage!: number;
  @Column({ name: 'progress_message', type: 'text', nullable: true }) progressMessage!: string | null;
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @Column({ name: 'max_retries', type: 'integer', default: 3 }) maxRetries!: number;
  @Column({ name: 'retry_delay_seconds', type: 'real', nullable: true }) retryDelaySeconds!: number | null;
  @Column({ name: 'retry_delay_max_seconds', type: 'real', nullable: true }) retryDelayMaxSeconds!: number | null;
  @Column({ name: 'timeout_seconds', type: 'integer', nullable: true }) timeoutSeconds!: number | null;
  @Column({ name: 'is_resumable', type: 'boolean', default: false }) isResumable!: boolean;
  @Column({ name: 'is_periodic', type: 'boolean', default: false }) isPeriodic!: boolean;
  @Column({ name: 'periodic_task_id', type: 'integer', nullable: true }) periodicTaskId!: number | null;
  @Column({ name: 'persistent_job_id', type: 'integer', nullable: true }) persistentJobId!: number | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) tags!: string[];
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true }) idempotencyKey!: string | null;
  @Column({ name: 'scheduled_for', type: 'timestamptz', nullable: true }) scheduledFor!: Date | null;
  @Column({ name: 'run_at', type: 'timestamptz', default: () => 'now()' }) runAt!: Date;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ name: 'worker_id', type: 'varchar', length: 128, nullable: true }) workerId!: string | null;
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true }) leaseExpiresAt!: Date | null;
  @Column({ name: 'cancel_requested', type: 'boolean', default: false }) cancelRequested!: boolean;
  @Column({ name: 'pause_requested', type: 'boolean', default: false }) pauseRequested!: boolean;
  @Column({ name: 'execution_time_ms', type: 'integer', nullable: true }) executionTimeMs!: number | null;
  @Column({ name: 'cpu_time_ms', type: 'integer', nullable: true }) cpuTimeMs!: number | null;
  @Column({ name: 'memory_usage_mb', type: 'real', nullable: true }) memoryUsageMb!: number | null;
  @Column({ name: 'cost_usd', type: 'double precision', nullable: true }) costUsd!: number | null;
  @Column({ name: 'retry_base', type: 'integer', default: 0 }) retryBase!: number;
  @Column({ name: 'request_fingerprint', type: 'varchar', length: 64, nullable: true }) requestFingerprint!: string | null;
}

@Entity({ name: 'outbox' })
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: number;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ type: 'varchar', length: 100 }) subject!: string;
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}

/** Waiting and leased tasks: the queue's hot table (1796515200000-LeanQueue). */
@Entity({ name: 'queue_item' })
// Partial indexes with DESC keys are beyond what TypeORM models: declared, not synchronized.
@Index('queue_item_claimable', { synchronize: false })
@Index('queue_item_leased', { synchronize: false })
export class QueueItemEntity {
  @PrimaryColumn({ name: 'task_pk', type: 'bigint' }) taskPk!: number;
  @Column({ name: 'brand_id', type: 'integer' }) brandId!: number;
  @Column({ type: 'varchar', length: 64 }) queue!: string;
  @Column({ name: 'task_type', type: 'varchar', length: 100 }) taskType!: string;
  @Column({ type: 'smallint' }) priority!: number;
  @Column({ name: 'run_at', type: 'timestamptz' }) runAt!: Date;
  @Column({ type: 'integer', default: 0 }) attempt!: number;
  @Column({ name: 'worker_id', type: 'varchar', length: 128, nullable: true }) workerId!: string | null;
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true }) leaseExpiresAt!: Date | null;
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true }) claimedAt!: Date | null;
  @Column({ type: 'boolean', default: true }) recorded!: boolean;
  @Column({ name: 'cancel_requested', type: 'boolean', default: false }) cancelRequested!: boolean;
  @Column({ name: 'pause_requested', type: 'boolean', default: false }) pauseRequested!: boolean;
}

/** What `search=` matches, written once at creation (1796515200000-LeanQueue). */
@Entity({ name: 'task_search' })
// A trigram GIN index is beyond what TypeORM models: declared, not synchronized.
@Index('task_search_document_trgm', { synchronize: false })
export class TaskSearchEntity {
  @PrimaryColumn({ name: 'task_pk', type: 'bigint' }) taskPk!: number;
  @Column({ name: 'brand_id', type: 'integer' }) brandId!: number;
  @Column({ type: 'text' }) document!: string;
}
