import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

export type LingerLimits = {
  /** Bytes the client may still send after the answer before the connection is cut. */
  maxBytes: number;
  /** How long the client may keep sending after the answer. */
  maxMs: number;
};

/*
 * Lingering close (RFC 9112 §9.6). A socket closed with unread bytes in its receive buffer sends a
 * reset instead of a FIN, and a reset can make the client's kernel drop the answer it had already
 * received: a client still writing its request sees EPIPE or ECONNRESET instead of our 413 or 431. So
 * after such an answer the gateway half-closes (FIN: the client reads a whole answer), reads and
 * discards what the client still sends, and closes once the client is done. Bounded in bytes and time
 * so that nobody can use it to hold a connection open: past either bound the connection is cut.
 */

/**
 * For a request answered before its body was read (413, with `Connection: close`). Node's HTTP parser
 * still owns the socket, so the rest of the body is discarded as request data.
 */
export function lingerUntilBodyEnds(request: IncomingMessage, limits: LingerLimits): void {
  if (request.complete || request.socket.destroyed) return;
  const socket = request.socket;
  const cut = discardWithin(socket, limits);
  // Whoever read the body so far (Fastify's parser) has let go of it; the rest is ours to discard.
  request.removeAllListeners('data');
  request.on('data', (chunk: Buffer) => cut.count(chunk.length));
  // Every byte of the body has been read: closing now sends a FIN, never a reset.
  request.once('end', cut.now);
  request.resume();
  // Node calls destroySoon() once a `Connection: close` answer is written (end, then destroy): end only.
  socket.destroySoon = () => void socket.end();
}

/**
 * For a request Node's parser refused (431, 400, 408): the answer is written on the socket, which the
 * parser has let go of, so what the client still sends arrives as socket data.
 */
export function answerThenLinger(socket: Socket, answer: string, limits: LingerLimits): void {
  const cut = discardWithin(socket, limits);
  socket.on('data', (chunk: Buffer) => cut.count(chunk.length));
  socket.once('end', cut.now);
  socket.end(answer);
  socket.resume();
}

function discardWithin(socket: Socket, limits: LingerLimits): { count: (bytes: number) => void; now: () => void } {
  let discarded = 0;
  const now = (): void => {
    clearTimeout(deadline);
    socket.destroy();
  };
  const deadline = setTimeout(now, limits.maxMs);
  socket.once('close', () => clearTimeout(deadline));
  return {
    count: (bytes) => {
      discarded += bytes;
      if (discarded > limits.maxBytes) now();
    },
    now,
  };
}
