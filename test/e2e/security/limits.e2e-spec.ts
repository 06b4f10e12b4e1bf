import { ApiClient, AppProcess, freePort } from '@app/testing';
import { connect, Socket } from 'node:net';
import { sharedStack } from '../stack-file';
import { validBody } from './support/bodies';
import { headersOf, newContext } from './support/fixtures';
import { errorBodyProblem, pool, rawRequest, send, upload, UploadResult } from './support/http';
import { label, loadOperations, Operation, pathOf } from './support/openapi';

const stack = sharedStack();
const base = stack.info.gatewayUrl;
const SMALL_LIMIT = 64 * 1024;

describe('oversized payloads, header floods and connection floods', () => {
  let operations: Operation[];
  let api: ApiClient;
  let small: AppProcess;
  let smallUrl: string;

  beforeAll(async () => {
    operations = await loadOperations(base);
    api = ApiClient.forNewBrand(base, 'admin');
    const port = await freePort();
    small = await stack.startApp('gateway', { label: 'gateway-small-body', env: { GATEWAY_PORT: String(port), BODY_LIMIT_BYTES: String(SMALL_LIMIT) } });
    smallUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await small?.stop();
  });

  it('should answer 413 PAYLOAD_TOO_LARGE beyond BODY_LIMIT_BYTES on every route with a body, and accept a body under it', async () => {
    const context = newContext();
    const json = headersOf(api, { 'content-type': 'application/json' });
    const under = await send(`${smallUrl}/tasks/`, {
      method: 'POST',
      headers: headersOf(api, { 'content-type': 'application/json' }),
      body: JSON.stringify({ task_type: 'noop', queue: context.queue, context_data: { blob: 'a'.repeat(SMALL_LIMIT - 200) } }),
    });
    expect(under.status).toBe(201);
    const failures: string[] = [];
    for (const operation of operations.filter((op) => op.bodySchema !== undefined && op.method === 'POST')) {
      const params = Object.fromEntries(operation.pathParams.map((name) => [name, 1]));
      const body = Buffer.from(JSON.stringify({ ...validBody(operation.bodySchema, context), zzz: 'a'.repeat(SMALL_LIMIT + 1) }));
      const reply = await upload(`${smallUrl}${pathOf(operation, params)}`, { headers: json, body, contentLength: body.length });
      const problem = refusedCleanly(reply, body.length);
      if (problem) failures.push(`${label(operation)}: ${problem}`);
    }
    // PATCH and PUT: written at once (the answer may come before the end of the body).
    for (const operation of operations.filter((op) => op.bodySchema !== undefined && op.method !== 'POST')) {
      const params = Object.fromEntries(operation.pathParams.map((name) => [name, 1]));
      const reply = await send(`${smallUrl}${pathOf(operation, params)}`, {
        method: operation.method,
        headers: headersOf(api, { 'content-type': 'application/json' }),
        body: JSON.stringify({ zzz: 'a'.repeat(SMALL_LIMIT + 1) }),
      });
      if (reply.status !== 413 || reply.body?.error_code !== 'PAYLOAD_TOO_LARGE' || errorBodyProblem(reply)) {
        failures.push(`${label(operation)}: ${reply.status} ${reply.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('should answer 413 to a chunked upload past the limit, without a Content-Length to trust', async () => {
    // 160 KiB in 4 KiB chunks: refused past 64 KiB, the rest (under twice the limit) read and discarded.
    const body = Buffer.from(`{"task_type":"noop","description":"${'a'.repeat(160 * 1024)}"}`);
    const reply = await upload(`${smallUrl}/tasks/`, { headers: headersOf(api, { 'content-type': 'application/json' }), body, chunkBytes: 4096 });
    expect(refusedCleanly(reply, body.length)).toBeNull();
  });

  it('should answer 413 on the shared gateway past its default limit (8 MiB), in the error format', async () => {
    const body = Buffer.from(JSON.stringify({ task_type: 'noop', description: 'a'.repeat(8 * 1024 * 1024 + 10) }));
    const reply = await upload(`${base}/tasks/`, { headers: headersOf(api, { 'content-type': 'application/json' }), body, contentLength: body.length });
    expect(refusedCleanly(reply, body.length)).toBeNull();
  });

  it('should cut a refused upload that goes on past twice the limit', async () => {
    const body = Buffer.alloc(64 * 1024 * 1024, 'a');
    const reply = await upload(`${smallUrl}/tasks/`, { headers: headersOf(api, { 'content-type': 'application/json' }), body, contentLength: body.length });
    // Cut after 128 KiB were discarded; what was written beyond that sat in the two kernels' buffers.
    expect(reply.written).toBeLessThan(32 * 1024 * 1024);
    expect(reply.error).not.toBeNull();
  });

  it('should cut a refused upload still trickling in 5 s after the answer', async () => {
    const body = Buffer.alloc(1024 * 1024, 'a');
    const reply = await upload(`${smallUrl}/tasks/`, {
      headers: headersOf(api, { 'content-type': 'application/json' }),
      body,
      contentLength: body.length,
      chunkBytes: 1024,
      pauseMs: 100,
    });
    expect(reply.status).toBe(413);
    expect(reply.closedMs - (reply.answeredMs ?? 0)).toBeGreaterThanOrEqual(4_900);
    expect(reply.closedMs - (reply.answeredMs ?? 0)).toBeLessThan(10_000);
    expect(reply.written).toBeLessThan(body.length);
  });

  it('should answer 431 with the error body to headers over the limit, and 400 to malformed requests, then keep serving', async () => {
    const auth = `Authorization: Bearer ${api.token}\r\nX-Brand-ID: ${api.brandId}`;
    const big = await rawRequest(base, `GET /tasks/ HTTP/1.1\r\nHost: x\r\n${auth}\r\nX-Filler: ${'a'.repeat(32 * 1024)}`);
    expect(big.status).toBe(431);
    expect(errorBodyProblem({ status: big.status, body: JSON.parse(big.text) })).toBeNull();
    const many = Array.from({ length: 3000 }, (_, i) => `X-H${i}: ${'v'.repeat(10)}`).join('\r\n');
    const flood = await rawRequest(base, `GET /tasks/ HTTP/1.1\r\nHost: x\r\n${auth}\r\n${many}`);
    expect([400, 431]).toContain(flood.status);
    for (const head of [
      `GET /tasks/ HTTP/1.1\r\nHost: x\r\n${auth}\r\nTransfer-Encoding: chunked\r\nContent-Length: 4`,
      `GET /tasks/ 1/ HTTP/1.1\r\nHost: x\r\n${auth}`,
      `GET /tasks/ HTTP/1.1\r\nHost: x\r\n${auth}\r\nBad Header: x`,
    ]) {
      const reply = await rawRequest(base, head);
      expect({ head, status: reply.status }).toEqual({ head, status: 400 });
      expect(errorBodyProblem({ status: reply.status, body: JSON.parse(reply.text) })).toBeNull();
    }
    await expect(api.get('/tasks/')).resolves.toMatchObject({ status: 200 });
  });

  it('should answer a request that asked to close the connection once, and nothing of what follows it', async () => {
    const auth = `Authorization: Bearer ${api.token}\r\nX-Brand-ID: ${api.brandId}`;
    // A body without its Content-Length: after the request, Node's parser reads it as a malformed one.
    for (const path of ['/tasks/scheduled/cron-jobs/999999/', `/tasks/scheduled/cron-jobs/${'x'.repeat(250)}/`]) {
      const text = await exchange(`PATCH ${path} HTTP/1.1\r\nHost: x\r\n${auth}\r\nConnection: close\r\n\r\n{"name": "x"}`);
      const answers = text.split(/^HTTP\/1\.1 /m).slice(1);
      expect({ path, answers: answers.map((a) => a.slice(0, 3)) }).toEqual({ path, answers: [path.includes('xxx') ? '400' : '404'] });
      const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
      expect(errorBodyProblem({ status: Number(answers[0].slice(0, 3)), body })).toBeNull();
    }
  });

  it('should keep answering while hundreds of connections flood it with oversized headers', async () => {
    const auth = `Authorization: Bearer ${api.token}\r\nX-Brand-ID: ${api.brandId}`;
    const head = `GET /tasks/ HTTP/1.1\r\nHost: x\r\n${auth}\r\nX-Filler: ${'a'.repeat(20 * 1024)}`;
    const flood = pool(Array.from({ length: 300 }), 100, () => rawRequest(base, head, '', 30_000));
    const during = await api.get('/tasks/');
    const statuses = await flood;
    expect(during.status).toBe(200);
    expect(statuses.every((s) => s.status === 431 || s.status === 0)).toBe(true);
  }, 60_000);

  it('should answer hundreds of concurrent requests and survive idle and half-written connections', async () => {
    // Slow clients: connections that send half a request line and wait, as a slowloris attack does.
    const idle: Socket[] = await Promise.all(
      Array.from({ length: 300 }, () => {
        const url = new URL(base);
        return new Promise<Socket>((resolve) => {
          const socket = connect(Number(url.port), url.hostname, () => {
            socket.write('GET /tasks/ HTTP/1.1\r\nHost: x\r\nX-Slow: ');
            resolve(socket);
          });
          socket.on('error', () => undefined);
        });
      }),
    );
    try {
      const replies = await pool(Array.from({ length: 400 }), 150, () =>
        send(`${base}/tasks/?page_size=1`, { method: 'GET', headers: headersOf(api), timeoutMs: 30_000 }),
      );
      const statuses = replies.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
      process.stdout.write(`limits: 400 requests, 150 at once, beside 300 half-open connections: ${JSON.stringify(statuses)}\n`);
      // Every request answered: served, or shed with 503 SERVICE_UNAVAILABLE in the error format when the
      // services cannot keep up within NATS_REQUEST_TIMEOUT_MS (a loaded 2-core machine); never dropped.
      expect(replies.every((r) => r.status === 200 || (r.status === 503 && errorBodyProblem(r) === null))).toBe(true);
      expect(statuses[200]).toBeGreaterThan(0);
    } finally {
      idle.forEach((socket) => socket.destroy());
    }
    const health = await send(`${base}/health`, { method: 'GET' });
    expect(health.status).toBe(200);
  }, 90_000);
});

/**
 * Why an upload over the limit was not refused as it must be, or null: a 413 PAYLOAD_TOO_LARGE in the
 * error format, read by a client that went on writing its whole body, and a connection then closed
 * without an error (the gateway read the rest before closing).
 */
function refusedCleanly(reply: UploadResult, bodyBytes: number): string | null {
  if (reply.status !== 413 || reply.body?.error_code !== 'PAYLOAD_TOO_LARGE') return `answer ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`;
  const problem = errorBodyProblem(reply);
  if (problem) return problem;
  if (reply.error !== null || reply.written !== bodyBytes) return `connection failed (${reply.error}) after ${reply.written} of ${bodyBytes} bytes`;
  return null;
}

/** Writes `request` and reads until the server closes the connection (the client never half-closes first). */
function exchange(request: string, timeoutMs = 10_000): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open: ${data.slice(0, 200)}`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}
