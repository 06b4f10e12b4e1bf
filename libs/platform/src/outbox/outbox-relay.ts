import type { Pool, QueryResult } from 'pg';
import { WakeableLoop } from '../background/wakeable-loop';

/** A row of a service's outbox table: the event's subject (its route) and payload, written by the change that caused it. */
export type OutboxRow<Payload> = { id: string; event_id: string; subject: string; payload: Payload; created_at: Date };

export type OutboxRelayOptions<Payload> = {
  /** The service's outbox table, schema-qualified (a constant of the service, never input). */
  table: string;
  /** Rows locked, published and deleted per transaction. */
  batch: number;
  /** How long the relay sleeps when nothing woke it (the safety net: `notify()` is the normal path). */
  pollMs: number;
  /** Publishes one row to JetStream, with the row's event id as the message id; resolves once stored. */
  publish: (row: OutboxRow<Payload>) => Promise<unknown>;
};

/**
 * Relays a service's outbox to JetStream, oldest first (each service that writes events has one). Rows
 * are deleted in the transaction that locked them, after JetStream acknowledged them: a crash in between
 * publishes them again with the same message id, which the stream's duplicate window drops (and
 * consumers are idempotent by event id anyway). `notify()` after a commit makes the relay run at once.
 * Services provide it through a Nest provider that passes their pool, table and mapping.
 */
export class OutboxRelay<Payload> {
  private readonly loop: WakeableLoop;

  constructor(
    private readonly pool: Pool,
    private readonly options: OutboxRelayOptions<Payload>,
  ) {
    this.loop = new WakeableLoop('OutboxRelay', () => this.drain(), options.pollMs);
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
      if (sent < this.options.batch) return total;
    }
  }

  /**
   * One batch in two round trips on a pooled connection: `BEGIN; SELECT … FOR UPDATE SKIP LOCKED`, the
   * JetStream publishes, then `DELETE …; COMMIT`. (Through a TypeORM query runner it was four round
   * trips plus the runner's own work, once per batch, i.e. about once per request under light load.)
   */
  private async relayBatch(): Promise<number> {
    const { table, batch, publish } = this.options;
    const client = await this.pool.connect();
    let open = true;
    let broken = false;
    // The pool only listens for errors of idle clients: Postgres going away while the relay holds this
    // one (publishing) would emit an unhandled 'error' and kill the service (the chaos suite's Postgres stop).
    const onError = () => (broken = true);
    client.on('error', onError);
    try {
      const [, selected] = (await client.query(
        `BEGIN; SELECT id, event_id, subject, payload, created_at FROM ${table} ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED`,
      )) as unknown as [QueryResult, QueryResult<OutboxRow<Payload>>];
      const rows = selected.rows;
      if (rows.length === 0) {
        await client.query('COMMIT');
        open = false;
        return 0;
      }
      // Published concurrently over one connection: JetStream stores them in this order.
      await Promise.all(rows.map(publish));
      // Ids come from the table (bigint): safe to inline, which lets DELETE and COMMIT share a round trip.
      const ids = rows.map((r) => String(r.id)).filter((id) => /^\d+$/.test(id));
      await client.query(`DELETE FROM ${table} WHERE id = ANY('{${ids.join(',')}}'::bigint[]); COMMIT`);
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
