import { TaskEvent } from '@app/contracts';
import { EventStream, WakeableLoop } from '@app/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Pool, QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import { CORE_CONFIG, CoreConfig } from '../config';
import { toEventTask } from '../task/task.mapper';
import { TaskRow } from '../task/task.row';

/** An outbox row: its subject is the event's route (`core.task.completed.plain.9`), its payload the task without its input. */
type OutboxRow = { id: number; event_id: string; subject: string; payload: Omit<TaskRow, 'context_data'>; created_at: Date };

const BATCH = 500;

/**
 * Relays outbox rows to JetStream, oldest first. Rows are deleted in the transaction that locked them,
 * after JetStream acknowledged them: a crash in between publishes them again with the same message id,
 * which JetStream's duplicate window drops (and consumers are idempotent by event id anyway).
 * `notify()` after a commit makes the relay run at once; polling is only the safety net.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  /** The service's pool (the one TypeORM opened), used directly: the relay's batch is a hot path. */
  private readonly pool: Pool;
  private readonly loop: WakeableLoop;

  constructor(
    dataSource: DataSource,
    private readonly events: EventStream,
    @Inject(CORE_CONFIG) config: CoreConfig,
  ) {
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.loop = new WakeableLoop(OutboxRelay.name, () => this.drain(), config.queue.outboxPollMs);
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

  /** Publishes everything in the outbox now; returns how many events went out. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.relayBatch();
      total += sent;
      if (sent < BATCH) return total;
    }
  }

  /**
   * One batch in two round trips on a pooled connection: `BEGIN; SELECT … FOR UPDATE SKIP LOCKED`, the
   * JetStream publishes, then `DELETE …; COMMIT`. (Through a TypeORM query runner it was four round
   * trips plus the runner's own work, once per batch, i.e. about once per request under light load.)
   */
  private async relayBatch(): Promise<number> {
    const client = await this.pool.connect();
    let open = true;
    let broken = false;
    // The pool only listens for errors of idle clients: Postgres going away while the relay holds this
    // one (publishing) would emit an unhandled 'error' and kill task-core (the chaos suite's Postgres stop).
    const onError = () => (broken = true);
    client.on('error', onError);
    try {
      const [, selected] = (await client.query(
        `BEGIN; SELECT id, event_id, subject, payload, created_at FROM task_core.outbox
         ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      )) as unknown as [QueryResult, QueryResult<OutboxRow>];
      const rows = selected.rows;
      if (rows.length === 0) {
        await client.query('COMMIT');
        open = false;
        return 0;
      }
      // Published concurrently over one connection: JetStream stores them in this order.
      await Promise.all(rows.map((row) => this.events.publishOn(row.subject, toEvent(row))));
      // Ids come from the table (bigint): safe to inline, which lets DELETE and COMMIT share a round trip.
      const ids = rows.map((r) => String(r.id)).filter((id) => /^\d+$/.test(id));
      await client.query(`DELETE FROM task_core.outbox WHERE id = ANY('{${ids.join(',')}}'::bigint[]); COMMIT`);
      open = false;
      return rows.length;
    } catch (error) {
      // A connection that cannot even roll back is dropped from the pool rather than reused.
      if (open && !broken) await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }
}

function toEvent(row: OutboxRow): TaskEvent {
  return {
    event_id: row.event_id,
    occurred_at: new Date(row.created_at).toISOString(),
    brand_id: row.payload.brand_id,
    task: toEventTask(row.payload),
    attempt: row.payload.attempts,
  };
}
