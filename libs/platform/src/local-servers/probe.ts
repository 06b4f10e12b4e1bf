import { connect } from 'node:net';
import { Client } from 'pg';

/** The host and port a postgres:// or nats:// URL points at (first server of a NATS list). */
export function addressOf(url: string): { host: string; port: number } {
  const parsed = new URL(url.split(',')[0]);
  const fallback = parsed.protocol.startsWith('postgres') ? 5432 : 4222;
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port || fallback) };
}

/** Whether something accepts TCP connections there: the cheapest honest "does a server answer?". */
export function isAnswering(url: string, timeoutMs = 1000): Promise<boolean> {
  const { host, port } = addressOf(url);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (answering: boolean) => {
      socket.destroy();
      resolve(answering);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Why the Postgres answering at the default address cannot be used as it is, if it cannot: a system
 * server (Debian's, Homebrew's) that asks `postgres` for a password on TCP. A missing database is
 * no reason (the migrate step creates it); a server that fails otherwise is left to say so itself.
 */
export async function refusedLogin(url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && code.startsWith('28') ? (error as Error).message : undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
