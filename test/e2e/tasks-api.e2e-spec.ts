import { ApiClient, mintToken, newBrandId } from '@app/testing';
import jwt from 'jsonwebtoken';
import { request as httpRequest } from 'node:http';
import { sharedStack } from './stack-file';

/** A POST that reads the answer even when the server answers (413) before the body is fully sent. */
function postRaw(api: ApiClient, path: string, body: string): Promise<{ status: number; body: { error_code: string } }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${api.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.token}`,
        'x-brand-id': String(api.brandId),
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
      });
    });
    // Fastify refuses a declared Content-Length over the limit before reading the body: send only its
    // start, so the answer is never lost to a write racing the server's close (EPIPE).
    req.on('error', (error) => setTimeout(() => reject(error), 3000).unref());
    req.write(body.slice(0, 1024));
  });
}

const stack = sharedStack();
const base = stack.info.gatewayUrl;

describe('tasks API (gateway → task-core)', () => {
  let api: ApiClient;
  beforeEach(() => {
    api = ApiClient.forNewBrand(base, 'editor');
  });

  describe('health', () => {
    it('should be ready when all four services answer', async () => {
      const res = await api.get('/health', { anonymous: true, noBrand: true });
      expect(res.status).toBe(200);
      expect(res.body.services).toEqual({ core: 'ok', monitoring: 'ok', persistence: 'ok', scheduling: 'ok' });
      expect((await api.get('/health/live', { anonymous: true, noBrand: true })).status).toBe(200);
    });

    it('should serve the OpenAPI document with the task routes', async () => {
      const res = await api.get('/tasks/docs/openapi.json', { anonymous: true, noBrand: true });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/tasks', '/tasks/{ref}', '/tasks/bulk']));
    });
  });

  describe('create', () => {
    it('should create a task with the documented body and UTC timestamps', async () => {
      const res = await api.post('/tasks/', {
        task_type: 'seo_keyword_analysis',
        description: 'Analyser 500 mots-clés',
        context_data: { keyword_ids: [1, 2, 3] },
        priority: 'high',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        task_type: 'seo_keyword_analysis',
        status: 'pending',
        priority: 'high',
        progress_percentage: 0,
        brand: { id: api.brandId },
        created_by: { id: 1, username: 'martin' },
        context_data: { keyword_ids: [1, 2, 3] },
        attempts: 0,
        max_retries: 3,
        is_resumable: false,
        is_periodic: false,
        error: null,
        result_data: null,
      });
      expect(res.body.task_id).toMatch(/^task_[a-z2-7]{16}$/);
      expect(res.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('should return the same task with 200 for a repeated idempotency key, per brand', async () => {
      const first = await api.post('/tasks/', { task_type: 'noop', idempotency_key: 'order-42' });
      const again = await api.post('/tasks/', { task_type: 'noop' }, { headers: { 'Idempotency-Key': 'order-42' } });
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      const other = await api.stranger().post('/tasks/', { task_type: 'noop', idempotency_key: 'order-42' });
      expect(other.status).toBe(201);
      expect(other.body.id).not.toBe(first.body.id);
    });

    it('should answer ids only with Prefer: return=minimal, and the full tasks by default', async () => {
      const prefer = { headers: { Prefer: 'return=minimal' } };
      const single = await api.post('/tasks/', { task_type: 'noop', queue: 'minimal' }, prefer);
      expect(single.status).toBe(201);
      expect(single.headers.get('preference-applied')).toBe('return=minimal');
      expect(Object.keys(single.body).sort()).toEqual(['id', 'task_id']);
      const bulk = await api.post('/tasks/bulk/', { tasks: [{ task_type: 'noop', queue: 'minimal' }, { task_type: 'sleep', queue: 'minimal' }] }, prefer);
      expect(bulk.status).toBe(201);
      expect(bulk.body.created).toBe(2);
      expect(bulk.body.results.map((r: Record<string, unknown>) => Object.keys(r).sort())).toEqual([['id', 'task_id'], ['id', 'task_id']]);
      expect((await api.get(`/tasks/${bulk.body.results[1].task_id}/`)).body.task_type).toBe('sleep');
      const full = await api.post('/tasks/bulk/', { tasks: [{ task_type: 'noop', queue: 'minimal' }] });
      expect(full.body.results[0]).toMatchObject({ task_type: 'noop', status: 'pending', queue: 'minimal' });
    });

    it('should refuse an idempotency key reused with another body with 409, and keep nothing of such a bulk call', async () => {
      const first = await api.post('/tasks/', { task_type: 'noop', queue: 'idem', idempotency_key: 'invoice-7' });
      expect(first.status).toBe(201);
      const reused = await api.post('/tasks/', { task_type: 'noop', queue: 'idem', context_data: { other: true }, idempotency_key: 'invoice-7' });
      expect(reused.status).toBe(409);
      expect(reused.body).toMatchObject({ error_code: 'IDEMPOTENCY_KEY_REUSED', field_errors: { idempotency_key: [expect.any(String)] } });
      const bulk = await api.post('/tasks/bulk/', {
        tasks: [{ task_type: 'noop', queue: 'idem' }, { task_type: 'sleep', queue: 'idem', idempotency_key: 'invoice-7' }],
      });
      expect(bulk.status).toBe(409);
      expect(Object.keys(bulk.body.field_errors)).toEqual(['tasks.1.idempotency_key']);
      expect((await api.get('/tasks/?queue=idem')).body.count).toBe(1);
      // The same body again is a replay, header or field alike.
      const replay = await api.post('/tasks/', { queue: 'idem', task_type: 'noop' }, { headers: { 'Idempotency-Key': 'invoice-7' } });
      expect(replay).toMatchObject({ status: 200, body: { id: first.body.id } });
    });

    it('should reject bad input with field errors', async () => {
      const res = await api.post('/tasks/', {
        task_type: 'Bad Type',
        priority: 'urgent',
        max_retries: 21,
        brand_id: 5,
        context_data: 'text',
        scheduled_for: 'tomorrow',
      });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.field_errors).sort()).toEqual(
        ['brand_id', 'context_data', 'max_retries', 'priority', 'scheduled_for', 'task_type'].sort(),
      );
    });

    it('should reject context_data over 256 KiB, malformed JSON and oversized bodies', async () => {
      const big = await api.post('/tasks/', { task_type: 'noop', context_data: { blob: 'x'.repeat(270_000) } });
      expect(big.status).toBe(400);
      expect(big.body.field_errors.context_data).toBeDefined();
      const malformed = await api.post('/tasks/', undefined, { rawBody: '{"task_type": ' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error_code).toBe('VALIDATION_FAILED');
      const huge = await postRaw(api, '/tasks/', JSON.stringify({ task_type: 'noop', d: 'x'.repeat(9 * 1024 * 1024) }));
      expect(huge.status).toBe(413);
      expect(huge.body.error_code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('should refuse a viewer', async () => {
      const res = await api.withRole('viewer').post('/tasks/', { task_type: 'noop' });
      expect(res.status).toBe(403);
      expect(res.body.error_code).toBe('PERMISSION_DENIED');
    });
  });

  describe('bulk', () => {
    it('should create many tasks in one call, keeping their order', async () => {
      const tasks = Array.from({ length: 25 }, (_, i) => ({ task_type: 'noop', description: `n${i}` }));
      const res = await api.post('/tasks/bulk/', { tasks });
      expect(res.status).toBe(201);
      expect(res.body.created).toBe(25);
      expect(res.body.results.map((t: { description: string }) => t.description)).toEqual(tasks.map((t) => t.description));
    });

    it('should reject the whole call when one item is bad, naming its index', async () => {
      const res = await api.post('/tasks/bulk/', { tasks: [{ task_type: 'noop' }, { task_type: 'noop', priority: 'x' }] });
      expect(res.status).toBe(400);
      expect(res.body.field_errors['tasks.1.priority']).toBeDefined();
      const list = await api.get('/tasks/');
      expect(list.body.count).toBe(0);
    });

    it('should refuse more than 1,000 tasks', async () => {
      const res = await api.post('/tasks/bulk/', { tasks: Array.from({ length: 1001 }, () => ({ task_type: 'noop' })) });
      expect(res.status).toBe(400);
      expect(res.body.field_errors.tasks).toBeDefined();
    });
  });

  describe('read', () => {
    it('should get a task by id and by task_id, and hide it from another brand', async () => {
      const created = (await api.post('/tasks/', { task_type: 'noop' })).body;
      expect((await api.get(`/tasks/${created.id}/`)).body.task_id).toBe(created.task_id);
      expect((await api.get(`/tasks/${created.task_id}/`)).body.id).toBe(created.id);
      const foreign = await api.stranger().get(`/tasks/${created.id}/`);
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual({ detail: 'Task not found or access denied', error_code: 'TASK_NOT_FOUND', field_errors: {} });
      expect((await api.get('/tasks/not-a-task/')).status).toBe(404);
    });

    it('should filter, search, order and paginate with absolute links', async () => {
      await api.post('/tasks/bulk/', {
        tasks: [
          { task_type: 'report.daily', priority: 'low', description: 'alpha 100% done' },
          { task_type: 'report.daily', priority: 'critical', description: 'beta' },
          { task_type: 'noop', priority: 'high', description: 'gamma' },
        ],
      });
      const byType = await api.get('/tasks/?task_type=report.daily&ordering=priority');
      expect(byType.body.count).toBe(2);
      expect(byType.body.results.map((t: { priority: string }) => t.priority)).toEqual(['low', 'critical']);
      expect((await api.get('/tasks/?priority=high,critical')).body.count).toBe(2);
      expect((await api.get('/tasks/?status=active')).body.count).toBe(3);
      expect((await api.get('/tasks/?status=completed')).body.count).toBe(0);
      expect((await api.get('/tasks/?search=ALPHA')).body.count).toBe(1);
      expect((await api.get(`/tasks/?search=${encodeURIComponent("100%' OR 1=1 --")}`)).body.count).toBe(0);
      expect((await api.get(`/tasks/?search=${encodeURIComponent('100%')}`)).body.count).toBe(1);
      expect((await api.get('/tasks/?has_metrics=false&is_periodic=false&is_resumable=false')).body.count).toBe(3);
      const future = new Date(Date.now() + 60_000).toISOString();
      expect((await api.get(`/tasks/?created_at__gte=${future}`)).body.count).toBe(0);

      const page1 = await api.get('/tasks/?page_size=2&ordering=-created_at');
      expect(page1.body.count).toBe(3);
      expect(page1.body.previous).toBeNull();
      expect(page1.body.next).toBe(`${base}/tasks/?page_size=2&ordering=-created_at&page=2`);
      const page2 = await api.get('/tasks/?page_size=2&ordering=-created_at&page=2');
      expect(page2.body.results).toHaveLength(1);
      expect(page2.body.next).toBeNull();
      expect(page2.body.previous).toBe(`${base}/tasks/?page_size=2&ordering=-created_at`);
    });

    it('should reject bad query parameters with field errors', async () => {
      for (const query of [
        'page_size=0',
        'page=abc',
        'status=done',
        'priority=urgent',
        'created_at__gte=yesterday',
        'ordering=-secret',
        'has_metrics=maybe',
        'execution_time__gte=-5',
        'unknown_filter=1',
      ]) {
        const res = await api.get(`/tasks/?${query}`);
        expect({ query, status: res.status, code: res.body.error_code }).toEqual({
          query,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
    });

    it('should report queue stats per queue and priority for the brand only', async () => {
      await api.post('/tasks/bulk/', { tasks: [{ task_type: 'noop', queue: 'emails' }, { task_type: 'noop', queue: 'emails' }] });
      const res = await api.get('/tasks/queue-stats/');
      expect(res.status).toBe(200);
      expect(res.body.queues).toEqual([
        expect.objectContaining({ queue: 'emails', priority: 'normal', pending: 2, running: 0, completed_24h: 0 }),
      ]);
      expect((await api.stranger().get('/tasks/queue-stats/')).body.queues).toEqual([]);
    });
  });

  describe('retry and cancel', () => {
    it('should cancel a pending task at once and allow retrying it afterwards', async () => {
      const task = (await api.post('/tasks/', { task_type: 'noop', queue: 'parked' })).body;
      const retryPending = await api.post(`/tasks/${task.id}/retry/`);
      expect(retryPending.status).toBe(400);
      expect(retryPending.body.error_code).toBe('TASK_NOT_RETRYABLE');
      const cancelled = await api.post(`/tasks/${task.id}/cancel/`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      expect(cancelled.body.completed_at).not.toBeNull();
      const again = await api.post(`/tasks/${task.id}/cancel/`);
      expect(again.status).toBe(400);
      expect(again.body.error_code).toBe('TASK_NOT_CANCELLABLE');
      const retried = await api.post(`/tasks/${task.task_id}/retry/`);
      expect(retried.status).toBe(200);
      expect(retried.body.status).toBe('pending');
      expect(retried.body.completed_at).toBeNull();
    });

    it('should hide retry and cancel of another brand behind 404', async () => {
      const task = (await api.post('/tasks/', { task_type: 'noop', queue: 'parked' })).body;
      const stranger = api.stranger();
      expect((await stranger.post(`/tasks/${task.id}/cancel/`)).status).toBe(404);
      expect((await stranger.post(`/tasks/${task.id}/retry/`)).status).toBe(404);
      expect((await api.get(`/tasks/${task.id}/`)).body.status).toBe('pending');
    });
  });
});

describe('authentication and brand selection on every task route', () => {
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/tasks/'],
    ['POST', '/tasks/', { task_type: 'noop' }],
    ['POST', '/tasks/bulk/', { tasks: [{ task_type: 'noop' }] }],
    ['GET', '/tasks/queue-stats/'],
    ['GET', '/tasks/1/'],
    ['POST', '/tasks/1/retry/'],
    ['POST', '/tasks/1/cancel/'],
  ];
  const brand = { id: newBrandId(), name: 'Humari', role: 'admin' as const };
  const good = mintToken({ brands: [brand] });
  const call = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
    fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error_code: string } }));

  const forgedNone = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
    JSON.stringify({ sub: '1', username: 'x', brands: [brand], exp: Math.floor(Date.now() / 1000) + 600 }),
  ).toString('base64url')}.`;

  const cases: Array<[string, Record<string, string>, number, string]> = [
    ['no token', { 'x-brand-id': String(brand.id) }, 401, 'NOT_AUTHENTICATED'],
    ['an expired token', { authorization: `Bearer ${mintToken({ brands: [brand], expiresInSeconds: -120 })}`, 'x-brand-id': String(brand.id) }, 401, 'NOT_AUTHENTICATED'],
    ['alg none', { authorization: `Bearer ${forgedNone}`, 'x-brand-id': String(brand.id) }, 401, 'NOT_AUTHENTICATED'],
    ['a wrong signature', { authorization: `Bearer ${mintToken({ brands: [brand], secret: 'another-secret' })}`, 'x-brand-id': String(brand.id) }, 401, 'NOT_AUTHENTICATED'],
    ['a token without exp', { authorization: `Bearer ${jwt.sign({ sub: '1', username: 'x', brands: [brand] }, 'megahub-dev-secret-do-not-use-in-production')}`, 'x-brand-id': String(brand.id) }, 401, 'NOT_AUTHENTICATED'],
    ['garbage', { authorization: 'Bearer abc.def', 'x-brand-id': String(brand.id) }, 401, 'NOT_AUTHENTICATED'],
    ['no X-Brand-ID', { authorization: `Bearer ${good}` }, 400, 'VALIDATION_FAILED'],
    ['a malformed X-Brand-ID', { authorization: `Bearer ${good}`, 'x-brand-id': '9; DROP TABLE' }, 400, 'VALIDATION_FAILED'],
    ['a brand not in the token', { authorization: `Bearer ${good}`, 'x-brand-id': String(brand.id + 1) }, 403, 'BRAND_ACCESS_DENIED'],
  ];

  for (const [method, path, body] of routes) {
    for (const [what, headers, status, code] of cases) {
      it(`${method} ${path} should answer ${status} to ${what}`, async () => {
        await expect(call(method, path, body, headers)).resolves.toMatchObject({ status, body: { error_code: code } });
      });
    }
  }

  it('should answer unknown routes with 404 in the error format', async () => {
    await expect(call('GET', '/tasks/nothing/here/', undefined, { authorization: `Bearer ${good}` })).resolves.toMatchObject({
      status: 404,
      body: { error_code: 'NOT_FOUND' },
    });
  });
});
