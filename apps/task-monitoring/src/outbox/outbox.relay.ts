import { AlertEvent, MonitoringEvent } from '@app/contracts';
import { EventStream, Sql, SqlExecutor, WakeableLoop } from '@app/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MONITORING_CONFIG, MonitoringConfig } from '../config';

type OutboxRow = { id: number; event_id: string; subject: MonitoringEvent; payload: AlertEvent };

const BATCH = 200;

/** Writes an event in the caller's transaction: it exists if and only if the change that caused it commits. */
export async function writeOutbox(sql: Sql, executor: SqlExecutor, subject: MonitoringEvent, event: AlertEvent): Promise<void> {
  await sql.rows(`INSERT INTO task_monitoring.outbox (event_id, subject, payload) VALUES ($1, $2, $3)`, [event.event_id, subject, event], executor);
}

/**
 * Relays monitoring's outbox to JetStream, oldest first, as task-core does: rows are deleted in the
 * transaction that locked them, after JetStream acknowledged them; a crash in between publishes them
 * again with the same message id, which the stream's duplicate window drops.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: WakeableLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventStream,
    @Inject(MONITORING_CONFIG) config: MonitoringConfig,
  ) {
    this.loop = new WakeableLoop(OutboxRelay.name, () => this.drain(), config.alerts.tickMs);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** After a commit that wrote events: relay them now instead of at the next poll. */
  notify(): void {
    this.loop.notify();
  }

  private async drain(): Promise<void> {
    while ((await this.relayBatch()) === BATCH);
  }

  private async relayBatch(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const rows: OutboxRow[] = await runner.query(
        `SELECT id, event_id, subject, payload FROM task_monitoring.outbox ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length > 0) {
        await Promise.all(rows.map((row) => this.events.publish(row.subject, row.payload)));
        await runner.query(`DELETE FROM task_monitoring.outbox WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      }
      await runner.commitTransaction();
      return rows.length;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}
