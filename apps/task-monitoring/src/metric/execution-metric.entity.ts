import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One execution attempt of a task, as the migrations create it. Read and written with hand-written SQL
 * (metric.repository.ts); this entity exists so the drift check can compare it with the migrations.
 */
@Entity({ name: 'execution_metric' })
@Check(
  'execution_metric_status_check',
  `status IN ('running','completed','failed','retrying','cancelled','interrupted','paused')`,
)
@Index('execution_metric_attempt_key', ['brandId', 'taskPk', 'attempt'], { unique: true })
@Index('execution_metric_brand_recorded', ['brandId', 'recordedAt'])
@Index('execution_metric_brand_type_recorded', ['brandId', 'taskType', 'recordedAt'])
@Index('execution_metric_brand_worker_recorded', ['brandId', 'workerId', 'recordedAt'])
@Index('execution_metric_brand_task', ['brandId', 'taskId'])
@Index('execution_metric_brand_running', ['brandId', 'startedAt'], { where: `status = 'running'` })
@Index('execution_metric_recorded', ['recordedAt'])
// A GIN index is beyond what TypeORM models: declared, not synchronized.
@Index('execution_metric_flags', { synchronize: false })
export class ExecutionMetricEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: number;
  @Column({ name: 'brand_id', type: 'integer' }) brandId!: number;
  @Column({ name: 'task_pk', type: 'bigint' }) taskPk!: number;
  @Column({ name: 'task_id', type: 'varchar', length: 48 }) taskId!: string;
  @Column({ name: 'task_type', type: 'varchar', length: 100 }) taskType!: string;
  @Column({ type: 'varchar', length: 64 }) queue!: string;
  @Column({ type: 'integer' }) attempt!: number;
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ name: 'status_rank', type: 'smallint' }) statusRank!: number;
  @Column({ name: 'worker_id', type: 'varchar', length: 128, nullable: true }) workerId!: string | null;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  @Column({ name: 'execution_time_ms', type: 'integer', nullable: true }) executionTimeMs!: number | null;
  @Column({ name: 'queue_wait_ms', type: 'integer', nullable: true }) queueWaitMs!: number | null;
  @Column({ name: 'memory_usage_mb', type: 'real', nullable: true }) memoryUsageMb!: number | null;
  @Column({ name: 'cpu_time_ms', type: 'integer', nullable: true }) cpuTimeMs!: number | null;
  @Column({ name: 'cost_usd', type: 'double precision', nullable: true }) costUsd!: number | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) flags!: string[];
  @Column({ name: 'error_type', type: 'varchar', length: 200, nullable: true }) errorType!: string | null;
  @Column({ name: 'error_message', type: 'varchar', length: 1000, nullable: true }) errorMessage!: string | null;
  @Column({ name: 'next_ready_at', type: 'timestamptz', nullable: true }) nextReadyAt!: Date | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
}

/** Event ids already applied by the consumers (at-least-once delivery). */
@Entity({ name: 'processed_event' })
@Index('processed_event_processed_at', ['processedAt'])
export class ProcessedEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' }) processedAt!: Date;
}
