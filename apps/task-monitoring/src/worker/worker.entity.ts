import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The worker registry, built from heartbeats. Workers serve every brand: this table has no brand. */
@Entity({ name: 'worker' })
@Check('worker_state_check', `state IN ('running','stopping','stopped')`)
@Index('worker_last_seen', ['lastSeen'])
export class WorkerEntity {
  @PrimaryColumn({ name: 'worker_id', type: 'varchar', length: 128 }) workerId!: string;
  @Column({ type: 'varchar', length: 255 }) hostname!: string;
  @Column({ type: 'integer' }) pid!: number;
  @Column({ type: 'varchar', length: 64 }) version!: string;
  @Column({ name: 'task_types', type: 'text', array: true, default: () => "'{}'" }) taskTypes!: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) queues!: string[];
  @Column({ type: 'integer' }) concurrency!: number;
  @Column({ name: 'busy_slots', type: 'integer' }) busySlots!: number;
  @Column({ type: 'bigint', default: 0 }) processed!: number;
  @Column({ type: 'bigint', default: 0 }) failed!: number;
  @Column({ name: 'memory_mb', type: 'real' }) memoryMb!: number;
  @Column({ type: 'varchar', length: 16, default: 'running' }) state!: string;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'first_seen', type: 'timestamptz', default: () => 'now()' }) firstSeen!: Date;
  @Column({ name: 'last_seen', type: 'timestamptz' }) lastSeen!: Date;
  @Column({ name: 'last_active_at', type: 'timestamptz', nullable: true }) lastActiveAt!: Date | null;
}
