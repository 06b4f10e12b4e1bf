import { ErrorCode } from '@app/contracts';
import { request as httpRequest } from 'node:http';
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

/** A POST whose answer is read even when the server answers (413) before the whole body is sent. */
export function postEarlyAnswer(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  timeoutMs = 30_000,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms: POST ${url}`)), timeoutMs);
    const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: parseJson(text) });
      });
    });
    req.on('error', (error) => {
      if (!req.writableFinished) return; // the server answered and closed while we were still writing
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}

const ERROR_CODES = new Set<string>(Object.values(ErrorCode));
// What must never reach a client: stack frames, SQL, driver and framework internals.
const INTERNALS = /\bat [\w.<>]+ \(|node_modules|\bSELECT\b.*\bFROM\b|\bINSERT INTO\b|\bsyntax error at or near\b|QueryFailedError|TypeError|ReferenceError/;

/** Why a reply is not the documented error body `{detail, error_code, field_errors?}`, or null when it is. */
export function errorBodyProblem(reply: { status: number; body: any; text?: string }): string | null {
  const body = reply.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `body is not an object: ${String(reply.text ?? body).slice(0, 200)}`;
  if (typeof body.detail !== 'string') return 'detail is not a string';
  if (typeof body.error_code !== 'string' || !ERROR_CODES.has(body.error_code)) return `unknown error_code ${String(body.error_code)}`;
  if (body.field_errors !== undefined) {
    const fe = body.field_errors;
    if (typeof fe !== 'object' || fe === null || Array.isArray(fe)) return 'field_errors is not an object';
    for (const [key, messages] of Object.entries(fe)) {
      if (!Array.isArray(messages) || !messages.every((m) => typeof m === 'string')) return `field_errors.${key} is not a list of strings`;
    }
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
