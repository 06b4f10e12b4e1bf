import { ApiClient, AppProcess, eventually, freePort } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { sharedStack } from './stack-file';

const stack = sharedStack();
type Task = { id: number; attempts: number; worker_id: string; idempotency_key: string | null; status: string };

/**
 * Scale-out on one machine: a second replica of every service and of the gateway next to the shared
 * stack's, two workers, all on the same Postgres and NATS. Replicas share work through NATS queue
 * groups and SKIP LOCKED claims; nothing may run twice, fire twice or alert twice.
 */
describe('two replicas of everything', () => {
  const extra: AppProcess[] = [];
  const queue = `q-${randomBytes(4).toString('hex')}`;
  let secondGateway: string;

  beforeAll(async () => {
    const gatewayPort = await freePort();
    const started = await Promise.all([
      stack.startApp('task-core', { label: 'task-core-replica' }),
      stack.startApp('task-monitoring', { label: 'task-monitoring-replica' }),
      stack.startApp('task-persistence', { label: 'task-persistence-replica' }),
      stack.startApp('task-scheduling', { label: 'task-scheduling-replica' }),
      stack.startApp('worker', { label: 'worker-a', env: { WORKER_QUEUES: queue, WORKER_CONCURRENCY: '8' } }),
      stack.startApp('worker', { label: 'worker-b', env: { WORKER_QUEUES: queue, WORKER_CONCURRENCY: '8' } }),
    ]);
    extra.push(...started);
    extra.push(await stack.startApp('gateway', { label: 'gateway-replica', env: { GATEWAY_PORT: String(gatewayPort) } }));
    secondGateway = `http://127.0.0.1:${gatewayPort}`;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(extra.map((p) => p.stop(10_000)));
  });

  it('should process every task once when enqueued through both gateways', async () => {
    const api = ApiClient.forNewBrand(stack.info.gatewayUrl, 'admin');
    const other = new ApiClient(secondGateway, api.token, api.brandId);
    const tasks = Array.from({ length: 500 }, () => ({ task_type: 'noop', queue }));
    const created = await Promise.all([api.post('/tasks/bulk/', { tasks }), other.post('/tasks/bulk/', { tasks })]);
    expect(created.map((r) => r.status)).toEqual([201, 201]);
    await eventually(
      async () => ((await api.get(`/tasks/?queue=${queue}&status=completed&page_size=1`)).body.count === 1000 ? true : undefined),
      { timeoutMs: 90_000, intervalMs: 500, what: '1,000 tasks to complete' },
    );
    const mostAttempts = (await other.get<{ results: Task[] }>(`/tasks/?queue=${queue}&ordering=-attempts&page_size=1`)).body;
    expect(mostAttempts.results[0].attempts).toBe(1);
    // Both monitoring replicas consume the events: each execution is still recorded once.
    const metrics = await eventually(
      async () => {
        const res = await api.get('/tasks/monitoring/metrics/?task_type=noop&page_size=1');
        return res.body.count >= 1000 ? res.body : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'metrics of 1,000 executions' },
    );
    expect(metrics.count).toBe(1000);
  });

  it('should fire each instant of a per-second schedule once with two schedulers', async () => {
    const api = ApiClient.forNewBrand(stack.info.gatewayUrl, 'admin');
    const parked = `parked-${randomBytes(3).toString('hex')}`;
    const periodic = await api.post('/tasks/scheduled/periodic-tasks/', {
      name: 'every second',
      task_type: 'noop',
      cron_expression: '* * * * * *',
      queue: parked,
    });
    expect(periodic.status).toBe(201);
    await eventually(
      async () => ((await api.get(`/tasks/?periodic_task_id=${periodic.body.id}&page_size=1`)).body.count >= 6 ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 250, what: 'six firings' },
    );
    expect((await api.post(`/tasks/scheduled/periodic-tasks/${periodic.body.id}/pause/`)).status).toBe(200);
    const fired = (await api.get<{ count: number; results: Task[] }>(`/tasks/?periodic_task_id=${periodic.body.id}&page_size=200`)).body;
    const instants = fired.results.map((t) => t.idempotency_key);
    expect(instants.every((key) => key?.startsWith(`periodic:${periodic.body.id}:`))).toBe(true);
    expect(new Set(instants).size).toBe(fired.count);
  });

  it('should raise one alert for one condition with two evaluators', async () => {
    const api = ApiClient.forNewBrand(stack.info.gatewayUrl, 'admin');
    const parked = `parked-${randomBytes(3).toString('hex')}`;
    await api.post('/tasks/bulk/', { tasks: [{ task_type: 'noop', queue: parked }, { task_type: 'noop', queue: parked }] });
    const rule = await api.post('/tasks/monitoring/alert-rules/', {
      name: 'backlog',
      metric: 'queue_depth',
      operator: 'gt',
      threshold: 0,
      window_minutes: 1,
      severity: 'warning',
      cooldown_minutes: 0,
      evaluation_interval_seconds: 5,
    });
    expect(rule.status).toBe(201);
    const openAlerts = async () =>
      ((await api.get<{ results: Array<{ rule: { id: number } | null }> }>('/tasks/monitoring/alerts/')).body.results ?? []).filter(
        (a) => a.rule?.id === rule.body.id,
      );
    await eventually(async () => ((await openAlerts()).length > 0 ? true : undefined), { timeoutMs: 45_000, intervalMs: 500, what: 'the alert' });
    // Several evaluation ticks later, still one open alert for the rule.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    expect(await openAlerts()).toHaveLength(1);
  });
});
