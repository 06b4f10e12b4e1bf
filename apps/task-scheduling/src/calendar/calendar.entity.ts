import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A brand's named calendar, as the migrations create it (read and written with hand-written SQL). */
@Entity({ name: 'calendar' })
@Index('calendar_brand_name_key', ['brandId', 'name'], { unique: true })
export class CalendarEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'brand_id', type: 'integer' }) brandId!: number;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ type: 'varchar', length: 64, default: 'UTC' }) timezone!: string;
  @Column({ type: 'jsonb', default: [] }) dates!: string[];
  @Column({ type: 'jsonb', default: [] }) ranges!: Array<{ start: string; end: string }>;
  @Column({ type: 'jsonb', default: [] }) weekdays!: number[];
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
