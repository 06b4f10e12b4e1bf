import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Monitoring's own events, committed with the alert change that caused them, then relayed to JetStream. */
@Entity({ name: 'outbox' })
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: number;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ type: 'varchar', length: 100 }) subject!: string;
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}
