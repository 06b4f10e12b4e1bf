import { ApiClient, AppProcess, eventually, freePort } from '@app/testing';
import { sharedStack } from '../stack-file';
import { headersOf, newContext } from './support/fixtures';
import { errorBodyProblem, pool, Reply, send } from './support/http';

const stack = sharedStack();
const LIMIT = 30;

describe('per-brand rate limiting (RATE_LIMIT_PER_MINUTE)', () => {
  let gateway: AppProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    gateway = await stack.startApp('gateway', {
      label: 'gateway-rate-limited',
      env: { GATEWAY_PORT: String(port), RATE_LIMIT_PER_MINUTE: String(LIMIT) },
    });
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  const get = (client: ApiClient, path = '/tasks/') => send(`${url}${path}`, { method: 'GET', headers: headersOf(client) });

  it('should allow a burst of the minute budget, then answer 429 RATE_LIMITED with Retry-After, without touching another brand', async () => {
    const noisy = ApiClient.forNewBrand(url, 'editor');
    const quiet = ApiClient.forNewBrand(url, 'editor');
    const noisyReplies: Reply[] = [];
    for (let i = 0; i < LIMIT + 15; i++) noisyReplies.push(await get(noisy));
    const quietReplies = await pool(Array.from({ length: 10 }), 5, () => get(quiet));

    // The bucket refills at LIMIT per minute while we send: a request or two more may pass.
    expect(noisyReplies.slice(0, LIMIT).every((r) => r.status === 200)).toBe(true);
    const limited = noisyReplies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(10);
    for (const reply of limited) {
      expect(reply.body.error_code).toBe('RATE_LIMITED');
      expect(errorBodyProblem(reply)).toBeNull();
      const retryAfter = Number(reply.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(reply.headers.get('ratelimit-limit')).toBe(String(LIMIT));
      expect(reply.headers.get('ratelimit-remaining')).toBe('0');
    }
    expect(quietReplies.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(quietReplies[0].headers.get('ratelimit-remaining')).not.toBeNull();
  }, 60_000);

  it('should let the brand in again once Retry-After has passed', async () => {
    const client = ApiClient.forNewBrand(url, 'editor');
    let last: Reply | undefined;
    for (let i = 0; i < LIMIT + 5 && last?.status !== 429; i++) last = await get(client);
    expect(last?.status).toBe(429);
    const waitMs = Number(last!.headers.get('retry-after')) * 1000;
    const started = Date.now();
    const again = await eventually(async () => ((await get(client)).status === 200 ? Date.now() - started : undefined), {
      timeoutMs: waitMs + 5000,
      intervalMs: 250,
      what: 'the brand to be let in again',
    });
    // Not before the announced time (with a little slack for the clock of this machine).
    expect(again).toBeGreaterThanOrEqual(waitMs - 1500);
  }, 30_000);

  it('should give a refused write no effect', async () => {
    const client = ApiClient.forNewBrand(url, 'editor');
    const context = newContext();
    const body = JSON.stringify({ task_type: 'noop', queue: context.queue });
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 10; i++) {
      const reply = await send(`${url}/tasks/`, { method: 'POST', headers: headersOf(client, { 'content-type': 'application/json' }), body });
      statuses.push(reply.status);
    }
    const created = statuses.filter((s) => s === 201).length;
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    // Read through the unlimited shared gateway: the limited one would refuse this read too.
    const list = await new ApiClient(stack.info.gatewayUrl, client.token, client.brandId).get(`/tasks/?queue=${context.queue}`);
    expect(list.body.count).toBe(created);
  }, 60_000);

  it('should not limit health, readiness, metrics or the API documents', async () => {
    const paths = ['/health', '/health/live', '/metrics', '/tasks/docs/openapi.json'];
    const replies = await pool(Array.from({ length: 200 }, (_, i) => paths[i % paths.length]), 10, (path) => send(`${url}${path}`, { method: 'GET' }));
    expect(replies.filter((r) => r.status === 429)).toHaveLength(0);
  }, 60_000);

  it('should not let unauthenticated or foreign-brand requests spend a brand budget', async () => {
    const victim = ApiClient.forNewBrand(url, 'viewer');
    const forged = { authorization: 'Bearer forged.token.value', 'x-brand-id': String(victim.brandId) };
    const stranger = ApiClient.forNewBrand(url, 'admin');
    const spoofing = { ...headersOf(stranger), 'x-brand-id': String(victim.brandId) };
    const attacks = await pool(Array.from({ length: LIMIT * 2 }), 10, (_, i) =>
      send(`${url}/tasks/`, { method: 'GET', headers: i % 2 === 0 ? forged : spoofing }),
    );
    expect(new Set(attacks.map((r) => r.status))).toEqual(new Set([401, 403]));
    const own = await pool(Array.from({ length: LIMIT - 5 }), 5, () => get(victim));
    expect(own.every((r) => r.status === 200)).toBe(true);
  }, 60_000);

  it('should not limit anything when RATE_LIMIT_PER_MINUTE is 0 (the shared gateway)', async () => {
    const client = ApiClient.forNewBrand(stack.info.gatewayUrl, 'viewer');
    const replies = await pool(Array.from({ length: LIMIT * 3 }), 10, () =>
      send(`${stack.info.gatewayUrl}/tasks/`, { method: 'GET', headers: headersOf(client) }),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(replies[0].headers.get('ratelimit-limit')).toBeNull();
  }, 60_000);
});
