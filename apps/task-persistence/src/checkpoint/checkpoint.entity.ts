import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The checkpoint table as the migrations create it (read and written with SQL in checkpoint.repository.ts). */
@Entity({ name: 'checkpoint' })
@Index('checkpoint_brand_job_sequence_key', ['brandId', 'jobId', 'sequence'], { unique: true })
@Index('checkpoint_brand_created', ['brandId', 'createdAt', 'id'])
@Index('checkpoint_brand_task', ['brandId', 'taskPk'])
export class CheckpointEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: number;
  @Column({ name: 'brand_id', type: 'integer' }) brandId!: number;
  @Column({ name: 'job_id', type: 'bigint' }) jobId!: number;
  @Column({ type: 'integer' }) sequence!: number;
  @Column({ name: 'task_pk', type: 'bigint' }) taskPk!: number;
  @Column({ name: 'task_ref', type: 'varchar', length: 48, nullable: true }) taskRef!: string | null;
  @Column({ type: 'integer' }) attempt!: number;
  @Column({ name: 'worker_id', type: 'varchar', length: 128 }) workerId!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) step!: string | null;
  @Column({ type: 'jsonb' }) state!: Record<string, unknown>;
  @Column({ type: 'jsonb', nullable: true }) progress!: Record<string, unknown> | null;
  @Column({ name: 'size_bytes', type: 'integer' }) sizeBytes!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}
