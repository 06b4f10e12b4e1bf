import { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';

/** The subset of pg's client that hand-written queries need (a pool or a client inside a transaction). */
export type SqlExecutor = Pick<Pool, 'query'>;

/**
 * Hand-written SQL on the service's own pool (the one TypeORM opened), for hot paths and statements
 * TypeORM does not express well (CTEs, SKIP LOCKED, jsonb_to_recordset). Always parameterized.
 */
export class Sql {
  constructor(private readonly pool: Pool) {}

  static of(dataSource: DataSource): Sql {
    return new Sql((dataSource.driver as unknown as { master: Pool }).master);
  }

  async rows<T extends QueryResultRow>(text: string, params: unknown[] = [], executor: SqlExecutor = this.pool): Promise<T[]> {
    return (await executor.query<T>(text, params)).rows;
  }

  async one<T extends QueryResultRow>(text: string, params: unknown[] = [], executor: SqlExecutor = this.pool): Promise<T | null> {
    return (await this.rows<T>(text, params, executor))[0] ?? null;
  }

  /** A statement run for its effect: how many rows it inserted, changed or deleted. */
  async execute(text: string, params: unknown[] = [], executor: SqlExecutor = this.pool): Promise<number> {
    return (await executor.query(text, params)).rowCount ?? 0;
  }

  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // The pool only listens for errors of idle clients: a connection that dies while checked out (Postgres
    // restarting) emits 'error' on the client, which would kill the process without this listener. The
    // pending query rejects on its own; the broken client is then destroyed instead of being pooled again.
    let broken: Error | undefined;
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (!broken) await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }
}
