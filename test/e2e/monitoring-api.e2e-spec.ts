// The monitoring API through the gateway: authentication, roles and brand isolation on every route,
// validation, alert rules, and alerts opened and closed by the evaluator from task-core's real queue.
import { ApiClient, eventually, mintToken, newBrandId } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { EventPublisher } from './monitoring-events';
import { sharedStack } from './stack-file';

const stack = sharedStack();
const base = stack.info.gatewayUrl;
const RULES = '/tasks/monitoring/alert-rules/';
const ALERTS = '/tasks/monitoring/alerts/';

const suffix = () => randomBytes(4).toString('hex');

/** A rule body that never fires unless the test says so. */
const quietRule = (over: Record<string, unknown> = {}) => ({
  name: `rule-${suffix()}`,
  metric: 'queue_depth',
  operator: 'gt',
  threshold: 1_000_000,
  ...over,
});

describe('monitoring API: authentication, brand selection and roles on every route', () => {
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/tasks/monitoring/metrics/'],
    ['GET', '/tasks/monitoring/metrics/dashboard/'],
    ['GET', '/tasks/monitoring/metrics/1/'],
    ['GET', '/tasks/monitoring/workers/'],
    ['GET', '/tasks/monitoring/workers/overview/'],
    ['GET', '/tasks/monitoring/workers/w-1/'],
    ['GET', RULES],
    ['POST', RULES, quietRule()],
    ['GET', `${RULES}1/`],
    ['PATCH', `${RULES}1/`, { enabled: false }],
    ['DELETE', `${RULES}1/`],
    ['GET', ALERTS],
    ['GET', `${ALERTS}1/`],
    ['POST', `${ALERTS}1/acknowledge/`],
    ['POST', `${ALERTS}1/resolve/`],
  ];
  const brand = { id: newBrandId(), name: 'Humari', role: 'admin' as const };
  const good = mintToken({ brands: [brand] });
  const call = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
    fetch(`${base}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error_code: string } }));

  const cases: Array<[string, Record<string, string>, number, string]> = [
    ['no token', { 'x-brand-id': String(brand.id) }, 401, 'NOT_AUTHENTICATED'],
    ['a wrong signature', { authorization: `Bearer ${mintToken({ brands: [brand], secret: 'x'.repeat(40) })}`, 'x-brand-id': String(brand.id) }, 401, 'NOT_AUTHENTICATED'],
    ['no X-Brand-ID', { authorization: `Bearer ${good}` }, 400, 'VALIDATION_FAILED'],
    ['a brand not in the token', { authorization: `Bearer ${good}`, 'x-brand-id': String(brand.id + 1) }, 403, 'BRAND_ACCESS_DENIED'],
  ];

  for (const [method, path, body] of routes) {
    for (const [what, headers, status, code] of cases) {
      it(`${method} ${path} should answer ${status} to ${what}`, async () => {
        await expect(call(method, path, body, headers)).resolves.toMatchObject({ status, body: { error_code: code } });
      });
    }
  }

  const writes: Array<[string, string, unknown, 'viewer' | 'editor']> = [
    ['POST', RULES, quietRule(), 'editor'],
    ['PATCH', `${RULES}1/`, { enabled: false }, 'editor'],
    ['DELETE', `${RULES}1/`, undefined, 'editor'],
    ['POST', `${ALERTS}1/acknowledge/`, undefined, 'viewer'],
    ['POST', `${ALERTS}1/resolve/`, undefined, 'viewer'],
  ];
  for (const [method, path, body, role] of writes) {
    it(`${method} ${path} should refuse the ${role} role`, async () => {
      const api = ApiClient.forNewBrand(base, role);
      const res = await api.request(method, path, { body });
      expect({ status: res.status, code: res.body.error_code }).toEqual({ status: 403, code: 'PERMISSION_DENIED' });
    });
  }
});

describe('monitoring API: validation', () => {
  const api = ApiClient.forNewBrand(base, 'admin');

  it.each([
    ['/tasks/monitoring/metrics/?status=done', 'status'],
    ['/tasks/monitoring/metrics/?flags=fast', 'flags'],
    ['/tasks/monitoring/metrics/?execution_time_ms__gte=-1', 'execution_time_ms__gte'],
    ['/tasks/monitoring/metrics/?memory_usage_mb__gte=lots', 'memory_usage_mb__gte'],
    ['/tasks/monitoring/metrics/?recorded_at__gte=yesterday', 'recorded_at__gte'],
    ['/tasks/monitoring/metrics/?ordering=-secret', 'ordering'],
    ['/tasks/monitoring/metrics/?worker=a%20b', 'worker'],
    ['/tasks/monitoring/metrics/?page_size=0', 'page_size'],
    ['/tasks/monitoring/metrics/?brand_id=1', 'brand_id'],
    ['/tasks/monitoring/metrics/dashboard/?period=2d', 'period'],
    ['/tasks/monitoring/metrics/dashboard/?task_type=Not%20A%20Type', 'task_type'],
    ['/tasks/monitoring/workers/?status=dead', 'status'],
    ['/tasks/monitoring/workers/?idle_with_backlog=maybe', 'idle_with_backlog'],
    ['/tasks/monitoring/workers/?ordering=pid', 'ordering'],
    [`${RULES}?metric=cpu`, 'metric'],
    [`${RULES}?enabled=yes`, 'enabled'],
    [`${ALERTS}?status=firing`, 'status'],
    [`${ALERTS}?severity=urgent`, 'severity'],
    [`${ALERTS}?rule=abc`, 'rule'],
  ])('GET %s should answer 400 naming %s', async (path, field) => {
    const res = await api.get(path);
    expect({ status: res.status, code: res.body.error_code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(Object.keys(res.body.field_errors)).toContain(field);
  });

  it('should answer 404 in the error format for ids that cannot name an object', async () => {
    for (const [path, code] of [
      ['/tasks/monitoring/metrics/abc/', 'METRIC_NOT_FOUND'],
      ['/tasks/monitoring/metrics/0/', 'METRIC_NOT_FOUND'],
      ['/tasks/monitoring/workers/bad%20id/', 'WORKER_NOT_FOUND'],
      ['/tasks/monitoring/workers/no-such-worker/', 'WORKER_NOT_FOUND'],
      [`${RULES}x/`, 'ALERT_RULE_NOT_FOUND'],
      [`${ALERTS}999999999/`, 'ALERT_NOT_FOUND'],
    ]) {
      const res = await api.get(path);
      expect({ path, status: res.status, code: res.body.error_code }).toEqual({ path, status: 404, code });
    }
  });

  it('should reject a bad rule with a field error for each problem', async () => {
    const res = await api.post(RULES, {
      name: '',
      metric: 'cpu',
      operator: 'eq',
      threshold: 'high',
      window_minutes: 0,
      severity: 'urgent',
      cooldown_minutes: -1,
      webhook_url: 'ftp://example.com/x',
      evaluation_interval_seconds: 1,
      brand_id: 5,
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.field_errors).sort()).toEqual(
      ['brand_id', 'cooldown_minutes', 'evaluation_interval_seconds', 'metric', 'name', 'operator', 'severity', 'threshold', 'webhook_url', 'window_minutes'].sort(),
    );
  });

  it('should check a threshold against its metric and refuse webhooks to private addresses', async () => {
    const rate = await api.post(RULES, quietRule({ metric: 'failure_rate', threshold: 50 }));
    expect(rate.status).toBe(400);
    expect(rate.body.field_errors.threshold[0]).toMatch(/between 0 and 1/);
    for (const url of ['http://127.0.0.1:9/hook', 'http://169.254.169.254/latest/meta-data/', 'http://localhost/x', 'http://[::1]/x', 'https://u:p@hooks.example.com/x']) {
      const res = await api.post(RULES, quietRule({ webhook_url: url }));
      expect({ url, status: res.status, field: Object.keys(res.body.field_errors ?? {}) }).toEqual({ url, status: 400, field: ['webhook_url'] });
    }
  });

  it('should answer an empty brand with empty lists and a zeroed dashboard', async () => {
    const fresh = ApiClient.forNewBrand(base, 'viewer');
    expect((await fresh.get('/tasks/monitoring/metrics/')).body).toEqual({ count: 0, next: null, previous: null, results: [] });
    const dashboard = await fresh.get('/tasks/monitoring/metrics/dashboard/?period=1h');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toMatchObject({
      period: '1h',
      task_type: null,
      executions: 0,
      success_rate: null,
      failure_rate: null,
      bucket_seconds: 60,
      execution_time_ms: { mean: null, p50: null, p95: null, p99: null, max: null },
      percentile_method: 'exact',
      cost_usd: { total: 0, by_task_type: {} },
      by_task_type: [],
      queue_depth: { pending: 0, running: 0, retrying: 0, oldest_pending_age_seconds: null, by_task_type: {} },
      alerts: { open: 0, by_severity: { info: 0, warning: 0, critical: 0 }, latest: [] },
    });
    expect(dashboard.body.throughput.length).toBeGreaterThanOrEqual(60);
    expect(dashboard.body.throughput.every((b: { finished: number }) => b.finished === 0)).toBe(true);
    expect((await fresh.get(ALERTS)).body.count).toBe(0);
    expect((await fresh.get(RULES)).body.count).toBe(0);
  });
});

describe('alert rules', () => {
  let admin: ApiClient;
  beforeEach(() => {
    admin = ApiClient.forNewBrand(base, 'admin');
  });

  it('should create a rule with the documented defaults and read it back', async () => {
    const created = await admin.post(RULES, { name: 'Queue backs up', metric: 'queue_depth', operator: 'gte', threshold: 100 });
    expect(created.status).toBe(201);
    // The evaluator may already have looked at it: its last evaluation is checked elsewhere.
    const { state, last_value: _value, last_evaluated_at: _evaluated, ...rest } = created.body;
    expect(state).toMatch(/^(unknown|ok)$/);
    expect(rest).toEqual({
      id: expect.any(Number),
      name: 'Queue backs up',
      description: null,
      metric: 'queue_depth',
      operator: 'gte',
      threshold: 100,
      window_minutes: 5,
      task_type: null,
      severity: 'warning',
      cooldown_minutes: 15,
      enabled: true,
      webhook_url: null,
      evaluation_interval_seconds: 30,
      next_evaluation_at: expect.any(String),
      last_triggered_at: null,
      created_by: { id: 1, username: 'martin' },
      created_at: expect.stringMatching(/Z$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    const id = created.body.id;
    expect((await admin.get(`${RULES}${id}/`)).body.name).toBe('Queue backs up');
    expect((await admin.withRole('viewer').get(`${RULES}${id}/`)).status).toBe(200);
    const duplicate = await admin.post(RULES, quietRule({ name: 'Queue backs up' }));
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.field_errors.name).toBeDefined();
    // Another brand may use the same name.
    expect((await admin.stranger().post(RULES, quietRule({ name: 'Queue backs up' }))).status).toBe(201);
  });

  it('should list with filters, search and ordering', async () => {
    await admin.post(RULES, quietRule({ name: 'b-cost', metric: 'cost_usd', severity: 'critical' }));
    await admin.post(RULES, quietRule({ name: 'a-depth', enabled: false, task_type: 'report.daily' }));
    await admin.post(RULES, quietRule({ name: 'c-workers', metric: 'workers_online', operator: 'lt', threshold: 1, severity: 'info' }));
    const names = async (query: string) => (await admin.get(`${RULES}${query}`)).body.results.map((r: { name: string }) => r.name);
    expect(await names('')).toEqual(['a-depth', 'b-cost', 'c-workers']);
    expect(await names('?ordering=-severity')).toEqual(['b-cost', 'a-depth', 'c-workers']);
    expect(await names('?metric=cost_usd,workers_online')).toEqual(['b-cost', 'c-workers']);
    expect(await names('?enabled=false')).toEqual(['a-depth']);
    expect(await names('?task_type=report.daily')).toEqual(['a-depth']);
    expect(await names('?search=WORK')).toEqual(['c-workers']);
    expect(await names('?severity=critical')).toEqual(['b-cost']);
    expect((await admin.stranger().get(RULES)).body.count).toBe(0);
  });

  it('should update with PATCH semantics and refuse nulls where a value is required', async () => {
    const rule = (await admin.post(RULES, quietRule({ task_type: 'report.daily', description: 'x' }))).body;
    const patched = await admin.patch(`${RULES}${rule.id}/`, { threshold: 5, task_type: null, severity: 'critical' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ threshold: 5, task_type: null, severity: 'critical', description: 'x', name: rule.name, state: 'unknown' });
    for (const bad of [{ name: null }, { threshold: null }, { enabled: 'no' }, { metric: 'failure_rate' }, { unknown: 1 }]) {
      const res = await admin.patch(`${RULES}${rule.id}/`, bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
    // Changing the metric re-checks the threshold against it: 5 is no failure rate.
    expect((await admin.patch(`${RULES}${rule.id}/`, { metric: 'failure_rate', threshold: 0.5 })).status).toBe(200);
  });

  it('should show a webhook URL in full to admins only', async () => {
    const rule = (await admin.post(RULES, quietRule({ webhook_url: 'https://hooks.example.com/services/T000/B000/secret-token' }))).body;
    expect(rule.webhook_url).toBe('https://hooks.example.com/services/T000/B000/secret-token');
    for (const role of ['viewer', 'editor'] as const) {
      const seen = await admin.withRole(role).get(`${RULES}${rule.id}/`);
      expect(seen.body.webhook_url).toBe('https://hooks.example.com/…');
      expect(JSON.stringify((await admin.withRole(role).get(RULES)).body)).not.toContain('secret-token');
    }
  });

  it('should hide a rule from another brand and never let it change or delete the rule', async () => {
    const rule = (await admin.post(RULES, quietRule())).body;
    const stranger = admin.stranger();
    for (const res of [
      await stranger.get(`${RULES}${rule.id}/`),
      await stranger.patch(`${RULES}${rule.id}/`, { enabled: false }),
      await stranger.delete(`${RULES}${rule.id}/`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: 'Alert rule not found', error_code: 'ALERT_RULE_NOT_FOUND', field_errors: {} });
    }
    expect((await admin.get(`${RULES}${rule.id}/`)).body.enabled).toBe(true);
    const deleted = await admin.delete(`${RULES}${rule.id}/`);
    expect(deleted.status).toBe(204);
    expect((await admin.get(`${RULES}${rule.id}/`)).status).toBe(404);
  });
});

describe('alerts from the queue (task-core, no worker needed)', () => {
  let admin: ApiClient;
  let events: EventPublisher;
  let taskType: string;
  let queue: string;

  beforeAll(async () => {
    events = await EventPublisher.connect(stack.info);
  });
  afterAll(async () => {
    await events.close();
  });
  beforeEach(() => {
    admin = ApiClient.forNewBrand(base, 'admin');
    taskType = `parked.${suffix()}`;
    queue = `parked-${suffix()}`;
  });

  async function park(n: number): Promise<Array<{ id: number }>> {
    const res = await admin.post('/tasks/bulk/', { tasks: Array.from({ length: n }, () => ({ task_type: taskType, queue })) });
    expect(res.status).toBe(201);
    return res.body.results;
  }

  async function alertsWhen(query: string, done: (results: any[]) => boolean, what: string): Promise<any[]> {
    return eventually(
      async () => {
        const res = await admin.get(`${ALERTS}${query}`);
        return done(res.body.results) ? res.body.results : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what },
    );
  }

  it('should open an alert when the condition holds, keep one while it holds, and resolve it when it clears', async () => {
    const tasks = await park(3);
    const rule = (
      await admin.post(RULES, {
        name: 'parked work',
        metric: 'queue_depth',
        operator: 'gte',
        threshold: 3,
        task_type: taskType,
        severity: 'critical',
        cooldown_minutes: 0,
        evaluation_interval_seconds: 5,
      })
    ).body;
    const [alert] = await alertsWhen('', (r) => r.length === 1, 'the alert to open');
    expect(alert).toMatchObject({
      rule: { id: rule.id, name: 'parked work' },
      rule_name: 'parked work',
      metric: 'queue_depth',
      operator: 'gte',
      threshold: 3,
      task_type: taskType,
      severity: 'critical',
      status: 'active',
      value: 3,
      message: `queue_depth 3 ≥ 3 now (task_type ${taskType})`,
      acknowledged_at: null,
      resolved_at: null,
      resolution: null,
    });
    expect((await admin.get(`${RULES}${rule.id}/`)).body).toMatchObject({ state: 'firing', last_value: 3 });
    const dashboard = (await admin.get('/tasks/monitoring/metrics/dashboard/')).body;
    expect(dashboard.alerts).toMatchObject({ open: 1, by_severity: { critical: 1 }, latest: [{ id: alert.id }] });
    expect(dashboard.queue_depth.by_task_type).toEqual({ [taskType]: 3 });

    // Acknowledging is for editors of the brand; it keeps the alert open.
    expect((await admin.withRole('viewer').post(`${ALERTS}${alert.id}/acknowledge/`)).status).toBe(403);
    expect((await admin.stranger().post(`${ALERTS}${alert.id}/acknowledge/`)).status).toBe(404);
    expect((await admin.stranger().get(`${ALERTS}${alert.id}/`)).status).toBe(404);
    const acked = await admin.withRole('editor').post(`${ALERTS}${alert.id}/acknowledge/`);
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ status: 'acknowledged', acknowledged_by: { id: 1, username: 'martin' } });
    expect((await admin.withRole('editor').post(`${ALERTS}${alert.id}/acknowledge/`)).body.status).toBe('acknowledged');
    expect((await admin.get(`${ALERTS}${alert.id}/`)).body).toMatchObject({ status: 'acknowledged', webhook_deliveries: [] });

    // One more evaluation while the condition holds: still one alert, with a fresh evaluation time.
    const before = alert.last_evaluated_at;
    await alertsWhen('?status=all', (r) => r.length === 1 && r[0].last_evaluated_at !== before, 'another evaluation');

    await admin.post(`/tasks/${tasks[0].id}/cancel/`);
    const [resolved] = await alertsWhen('?status=resolved', (r) => r.length === 1, 'the alert to resolve itself');
    expect(resolved).toMatchObject({ id: alert.id, status: 'resolved', resolution: 'auto', resolved_by: null, current_value: 2 });
    expect((await admin.get(ALERTS)).body.count).toBe(0);
    const conflict = await admin.post(`${ALERTS}${alert.id}/acknowledge/`);
    expect({ status: conflict.status, code: conflict.body.error_code }).toEqual({ status: 409, code: 'CONFLICT' });
    expect((await admin.stranger().get(`${ALERTS}?status=all`)).body.count).toBe(0);

    const mine = (e: { brand_id: number; alert: { id: number } }) => e.brand_id === admin.brandId && e.alert.id === alert.id;
    const triggered = await events.readEvents('monitoring.alert.triggered', mine);
    const closed = await events.readEvents('monitoring.alert.resolved', mine);
    expect(triggered.map((e) => e.alert.status)).toEqual(['active']);
    expect(closed.map((e) => e.alert.resolution)).toEqual(['auto']);
  });

  it('should let an editor resolve by hand, then wait for the cooldown before opening again', async () => {
    await park(1);
    const rule = (
      await admin.post(RULES, { ...quietRule(), operator: 'gte', threshold: 1, task_type: taskType, cooldown_minutes: 60, evaluation_interval_seconds: 5 })
    ).body;
    const [alert] = await alertsWhen('', (r) => r.length === 1, 'the alert to open');
    const resolved = await admin.withRole('editor').post(`${ALERTS}${alert.id}/resolve/`);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'manual', resolved_by: { id: 1, username: 'martin' } });
    expect((await admin.post(`${ALERTS}${alert.id}/resolve/`)).body.status).toBe('resolved');
    // The condition still holds, but the rule fired less than an hour ago.
    const evaluatedAt = (await admin.get(`${RULES}${rule.id}/`)).body.last_evaluated_at;
    await eventually(async () => {
      const now = (await admin.get(`${RULES}${rule.id}/`)).body;
      return now.last_evaluated_at !== evaluatedAt ? now : undefined;
    }, { timeoutMs: 20_000, what: 'a later evaluation' });
    expect((await admin.get(`${ALERTS}?status=all`)).body.count).toBe(1);
    expect((await admin.get(`${RULES}${rule.id}/`)).body.state).toBe('firing');
  });

  it('should resolve the open alert of a rule that is disabled or deleted, keeping the history', async () => {
    await park(1);
    const common = { operator: 'gte', threshold: 1, task_type: taskType, cooldown_minutes: 0, evaluation_interval_seconds: 5 };
    const disabled = (await admin.post(RULES, { ...quietRule(), ...common, name: 'to disable' })).body;
    const deleted = (await admin.post(RULES, { ...quietRule(), ...common, name: 'to delete' })).body;
    await alertsWhen('', (r) => r.length === 2, 'both alerts to open');
    expect((await admin.patch(`${RULES}${disabled.id}/`, { enabled: false })).body).toMatchObject({ enabled: false, next_evaluation_at: null });
    expect((await admin.delete(`${RULES}${deleted.id}/`)).status).toBe(204);
    const history = await alertsWhen('?status=resolved&ordering=rule_name', (r) => r.length === 2, 'both alerts to resolve');
    expect(history.map((a) => [a.rule_name, a.resolution, a.rule?.id ?? null])).toEqual([
      ['to delete', 'rule_deleted', null],
      ['to disable', 'rule_disabled', disabled.id],
    ]);
  });
});
