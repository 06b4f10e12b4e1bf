import { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';

/** The subset of pg's client that hand-written queries need (a pool or a client inside a transaction). */
export type SqlExecutor = Pick<Pool, 'query'>;

/**
 * A statement Postgres parses once per connection and then runs by name: only the parameters cross the
 * socket. For the hot paths' long statements (a claim, a report, a create are 2-4 KB of SQL): sent in
 * full each time, writing them was a third of task-core's CPU under load (loopback TCP does the
 * receiver's work in the sender's system call). Fixed texts only: every name is kept by every connection.
 */
export type Prepared = { readonly name: string; readonly text: string };

export function prepared(name: string, text: string): Prepared {
  return { name, text };
}

type Statement = string | Prepared;

function toQuery(statement: Statement, values: unknown[]) {
  return typeof statement === 'string' ? { text: statement, values } : { name: statement.name, text: statement.text, values };
}

/** The service's pg pool: the one TypeORM opened for its data source (one pool per service). */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * Hand-written SQL on the service's own pool (the one TypeORM opened), for hot paths and statements
 * TypeORM does not express well (CTEs, SKIP LOCKED, jsonb_to_recordset). Always parameterized.
 */
export class Sql {
  constructor(private readonly pool: Pool) {}

  static of(dataSource: DataSource): Sql {
    return new Sql(poolOf(dataSource));
  }

  async rows<T extends QueryResultRow>(statement: Statement, params: unknown[] = [], executor: SqlExecutor = this.pool): Promise<T[]> {
    return (await executor.query<T>(toQuery(statement, params))).rows;
  }

  async one<T extends QueryResultRow>(statement: Statement, params: unknown[] = [], executor: SqlExecutor = this.pool): Promise<T | null> {
    return (await this.rows<T>(statement, params, executor))[0] ?? null;
  }

  /** A statement run for its effect: how many rows it inserted, changed or deleted. */
  async execute(statement: Statement, params: unknown[] = [], executor: SqlExecutor = this.pool): Promise<number> {
    return (await executor.query(toQuery(statement, params))).rowCount ?? 0;
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
