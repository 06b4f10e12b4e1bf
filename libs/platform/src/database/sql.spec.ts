import { EventEmitter } from 'node:events';
import { Pool, PoolClient } from 'pg';
import { Sql } from './sql';

/** A pooled client that records its statements and how it was released. */
class FakeClient extends EventEmitter {
  readonly statements: string[] = [];
  released?: { error: unknown };
  failOn?: string;

  async query(text: string): Promise<{ rows: unknown[] }> {
    this.statements.push(text);
    if (text === this.failOn) throw new Error(`${text} failed`);
    return { rows: [] };
  }

  release(error?: unknown): void {
    this.released = { error };
  }
}

function sqlWith(client: FakeClient): Sql {
  return new Sql({ connect: async () => client } as unknown as Pool);
}

describe(Sql.name, () => {
  it('should commit and give the client back to the pool when the work succeeds', async () => {
    const client = new FakeClient();
    await expect(sqlWith(client).transaction(async () => 42)).resolves.toBe(42);
    expect(client.statements).toEqual(['BEGIN', 'COMMIT']);
    expect(client.released).toEqual({ error: undefined });
    expect(client.listenerCount('error')).toBe(0);
  });

  it('should roll back and keep the client when the work throws', async () => {
    const client = new FakeClient();
    await expect(
      sqlWith(client).transaction(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(client.statements).toEqual(['BEGIN', 'ROLLBACK']);
    expect(client.released).toEqual({ error: undefined });
  });

  it('should survive the connection dying mid-transaction and destroy the broken client', async () => {
    const client = new FakeClient();
    const died = new Error('Connection terminated unexpectedly');
    const transaction = sqlWith(client).transaction(async (tx: PoolClient) => {
      // What pg does when Postgres goes away: the client emits 'error' (fatal without a listener)…
      (tx as unknown as EventEmitter).emit('error', died);
      // …and the statement in flight rejects.
      throw died;
    });
    await expect(transaction).rejects.toBe(died);
    expect(client.statements).toEqual(['BEGIN']);
    expect(client.released).toEqual({ error: died });
    expect(client.listenerCount('error')).toBe(0);
  });

  it('should destroy the client when the rollback itself fails', async () => {
    const client = new FakeClient();
    client.failOn = 'ROLLBACK';
    await expect(
      sqlWith(client).transaction(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(client.released?.error).toEqual(new Error('ROLLBACK failed'));
  });
});
