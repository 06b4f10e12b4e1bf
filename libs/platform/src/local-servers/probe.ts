import { connect } from 'node:net';

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
