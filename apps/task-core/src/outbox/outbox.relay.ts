import { EventSubject, TaskEvent } from '@app/contracts';
import { AppLogger, EventStream } from '@app/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CORE_CONFIG, CoreConfig } from '../config';
import { toTaskDto } from '../task/task.mapper';
import { TaskRow } from '../task/task.row';

type OutboxRow = { id: number; event_id: string; subject: EventSubject; payload: TaskRow; created_at: Date };

const BATCH = 500;

/**
 * Relays outbox rows to JetStream, oldest first. Rows are deleted in the transaction that locked them,
 * after JetStream acknowledged them: a crash in between publishes them again with the same message id,
 * which JetStream's duplicate window drops (and consumers are idempotent by event id anyway).
 * `notify()` after a commit makes the relay run at once; polling is only the safety net.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new AppLogger(OutboxRelay.name);
  private running = false;
  private wake?: () => void;
  private pending = false;
  private loop?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventStream,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  /** Publishes everything in the outbox now; returns how many events went out. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.relayBatch();
      total += sent;
      if (sent < BATCH) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.pending = false;
      try {
        await this.drain();
      } catch (error) {
        this.logger.warn('outbox relay failed, will retry', { err: error });
      }
      if (!this.running) break;
      if (!this.pending) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.config.queue.outboxPollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private async relayBatch(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const rows: OutboxRow[] = await runner.query(
        `SELECT id, event_id, subject, payload, created_at FROM task_core.outbox
         ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) {
        await runner.commitTransaction();
        return 0;
      }
      // Published concurrently over one connection: JetStream stores them in this order.
      await Promise.all(rows.map((row) => this.events.publish(row.subject, toEvent(row))));
      await runner.query(`DELETE FROM task_core.outbox WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
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

function toEvent(row: OutboxRow): TaskEvent {
  return {
    event_id: row.event_id,
    occurred_at: new Date(row.created_at).toISOString(),
    brand_id: row.payload.brand_id,
    task: toTaskDto(row.payload),
    attempt: row.payload.attempts,
  };
}
