import { ErrorCode } from '@app/contracts';
import { connect } from 'node:net';

export type Reply = { status: number; text: string; body: any; headers: Headers; ms: number; contentType: string };

export type SendOptions = {
  method: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** A request that takes longer fails the test as a hang. */
  timeoutMs?: number;
};

/**
 * One request with a deadline. A Server-Sent Events answer is read up to its headers only, since a
 * healthy stream does not end. A timeout rejects with a message naming the request.
 */
export async function send(url: string, options: SendOptions): Promise<Reply> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 15_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, {
      method: options.method,
      headers: options.headers,
      body: options.body,
      signal: controller.signal,
    });
    const contentType = response.headers.get('content-type') ?? '';
    let text = '';
    if (contentType.includes('text/event-stream')) await response.body?.cancel();
    else text = await response.text();
    return { status: response.status, text, body: parseJson(text), headers: response.headers, ms: Date.now() - started, contentType };
  } catch (error) {
    if (controller.signal.aborted) throw new Error(`no answer within ${timeoutMs} ms: ${options.method} ${url}`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/**
 * A request written byte by byte on a socket, for what fetch refuses to send (duplicate headers, huge
 * header blocks, lying lengths). Resolves with the status line's code, or 0 when the server closed the
 * connection without answering.
 */
export function rawRequest(baseUrl: string, head: string, body = '', timeoutMs = 15_000): Promise<{ status: number; text: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to a raw request: ${head.split('\r\n')[0]}`));
    }, timeoutMs);
    socket.on('connect', () => socket.end(`${head}\r\n\r\n${body}`));
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      const split = data.indexOf('\r\n\r\n');
      resolve({ status: match ? Number(match[1]) : 0, text: split >= 0 ? data.slice(split + 4) : '' });
    });
  });
}

export type UploadOptions = {
  headers: Record<string, string>;
  /** The body, written in chunks of `chunkBytes` as fast as the socket takes them (or `pauseMs` apart). */
  body: Buffer;
  /** Declared length; without it the body is sent with `Transfer-Encoding: chunked`. */
  contentLength?: number;
  chunkBytes?: number;
  pauseMs?: number;
  timeoutMs?: number;
};

export type UploadResult = {
  /** The answer's status, 0 when no whole answer arrived before the connection ended. */
  status: number;
  body: any;
  /** Body bytes written before the upload ended or the connection failed. */
  written: number;
  /** Milliseconds from the start to the whole answer, and to the connection's end. */
  answeredMs: number | null;
  closedMs: number;
  /** The socket error that ended the connection, if any (EPIPE, ECONNRESET). */
  error: string | null;
};

/**
 * A POST on a raw socket that reads while it writes, as a client must when a server may answer (413)
 * before the body is sent: Node's client can report a write error and drop an answer it had received.
 * The request is ended once written. Resolves when the connection ends, with the first whole answer (Content-Length framed) and how the
 * connection ended, for the test to judge.
 */
export function upload(url: string, options: UploadOptions): Promise<UploadResult> {
  const target = new URL(url);
  const started = Date.now();
  const chunked = options.contentLength === undefined;
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    // Half-open allowed: a client that goes on writing after the server's FIN, the hardest case to serve.
    const socket = connect({ port: Number(target.port), host: target.hostname, allowHalfOpen: true });
    let received = Buffer.alloc(0);
    let answer: { status: number; body: any; ms: number } | null = null;
    let written = 0;
    let error: string | null = null;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connection still open after ${timeoutMs} ms: POST ${url} (${written} bytes written, answer ${answer?.status ?? 'none'})`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      answer ??= wholeAnswer(received, Date.now() - started);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ status: answer?.status ?? 0, body: answer?.body ?? null, written, answeredMs: answer?.ms ?? null, closedMs: Date.now() - started, error });
    });
    const head = Object.entries({
      ...options.headers,
      host: target.host,
      ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(options.contentLength) }),
    })
      .map(([name, value]) => `${name}: ${value}`)
      .join('\r\n');
    const frame = (part: Buffer): Buffer[] => (chunked ? [Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')] : [part]);
    const pump = (): void => {
      while (written < options.body.length && !socket.destroyed) {
        const part = options.body.subarray(written, written + chunkBytes);
        written += part.length;
        const more = frame(part).map((bytes) => socket.write(bytes)).every(Boolean);
        if (written >= options.body.length) break;
        if (options.pauseMs) return void setTimeout(pump, options.pauseMs);
        if (!more) return void socket.once('drain', pump);
      }
      if (!socket.destroyed) socket.end(chunked ? '0\r\n\r\n' : '');
    };
    socket.on('connect', () => {
      socket.write(`POST ${target.pathname}${target.search} HTTP/1.1\r\n${head}\r\n\r\n`);
      pump();
    });
  });
}

/** The status and JSON body of a whole Content-Length framed answer at the start of `data`, or null. */
function wholeAnswer(data: Buffer, ms: number): { status: number; body: any; ms: number } | null {
  const split = data.indexOf('\r\n\r\n');
  if (split < 0) return null;
  const head = data.subarray(0, split).toString('latin1');
  const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
  const body = data.subarray(split + 4);
  if (!(body.length >= length)) return null;
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), body: parseJson(body.subarray(0, length).toString('utf8')), ms };
}

const ERROR_CODES = new Set<string>(Object.values(ErrorCode));
// What must never reach a client: stack frames, SQL, driver and framework internals.
const INTERNALS = /\bat [\w.<>]+ \(|node_modules|\bSELECT\b.*\bFROM\b|\bINSERT INTO\b|\bsyntax error at or near\b|QueryFailedError|TypeError|ReferenceError/;

/** Why a reply is not the documented error body `{detail, error_code, field_errors}`, or null when it is. */
export function errorBodyProblem(reply: { status: number; body: any; text?: string }): string | null {
  const body = reply.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `body is not an object: ${String(reply.text ?? body).slice(0, 200)}`;
  if (typeof body.detail !== 'string') return 'detail is not a string';
  if (typeof body.error_code !== 'string' || !ERROR_CODES.has(body.error_code)) return `unknown error_code ${String(body.error_code)}`;
  // Always present, an empty object when the error is not about fields (issue #18).
  const fe = body.field_errors;
  if (typeof fe !== 'object' || fe === null || Array.isArray(fe)) return 'field_errors is missing or not an object';
  for (const [key, messages] of Object.entries(fe)) {
    if (!Array.isArray(messages) || !messages.every((m) => typeof m === 'string')) return `field_errors.${key} is not a list of strings`;
    if (new Set(messages).size !== messages.length) return `field_errors.${key} repeats a message`;
  }
  const extra = Object.keys(body).filter((k) => !['detail', 'error_code', 'field_errors', 'error_id'].includes(k));
  if (extra.length > 0) return `unexpected keys ${extra.join(', ')}`;
  if (INTERNALS.test(JSON.stringify(body))) return `internals in the error body: ${JSON.stringify(body).slice(0, 300)}`;
  return null;
}

/** Runs `work` over `items` with at most `concurrency` in flight; resolves with results in order. */
export async function pool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i], i);
  });
  await Promise.all(runners);
  return results;
}
