// Monitoring of real executions: tasks run by a real worker on a queue of their own, read back
// through the metrics, dashboard and worker routes; alert rules firing on real failures, and two
// evaluator replicas raising one alert per rule.
import { ApiClient, AppProcess, eventually } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { EventPublisher } from './monitoring-events';
import { sharedStack } from './stack-file';

const stack = sharedStack();
const base = stack.info.gatewayUrl;
const METRICS = '/tasks/monitoring/metrics/';

type Metric = { id: number; task: number; task_type: string; attempt: number; status: string; flags: string[]; [k: string]: any };

const newQueue = () => `q-${randomBytes(4).toString('hex')}`;

describe('monitoring of real executions', () => {
  const processes: AppProcess[] = [];
  let api: ApiClient;
  let queue: string;

  beforeEach(() => {
    api = ApiClient.forNewBrand(base, 'admin');
    queue = newQueue();
  });

  afterEach(async () => {
    await Promise.all(processes.splice(0).map((p) => p.stop()));
  });

  async function startWorker(): Promise<AppProcess> {
    const worker = await stack.startApp('worker', { env: { WORKER_QUEUES: queue, WORKER_CONCURRENCY: '4' } });
    processes.push(worker);
    return worker;
  }

  async function run(tasks: Array<Record<string, unknown>>): Promise<Array<{ id: number; task_id: string }>> {
    const res = await api.post('/tasks/bulk/', { tasks: tasks.map((t) => ({ queue, ...t })) });
    expect(res.status).toBe(201);
    return res.body.results;
  }

  async function finishedMetrics(count: number, query = ''): Promise<Metric[]> {
    return eventually(
      async () => {
        const res = await api.get(`${METRICS}?page_size=200&ordering=id${query}`);
        const rows: Metric[] = res.body.results;
        return rows.length === count && rows.every((r) => r.status !== 'running') ? rows : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 250, what: `${count} finished attempts` },
    );
  }

  it('should record every attempt with sane measurements, and show them in the dashboard and the worker registry', async () => {
    await startWorker();
    const [noop, sleep, fail] = await run([
      { task_type: 'noop' },
      { task_type: 'sleep', context_data: { ms: 300 } },
      { task_type: 'fail', context_data: { message: 'no luck' }, max_retries: 1, retry_delay_seconds: 0.05 },
    ]);
    await finishedMetrics(4);
    // Peak memory is the worker process's: the hog runs alone, so that only its attempt is flagged.
    const [hog] = await run([{ task_type: 'memory_hog', context_data: { mb: 600, ms: 300 } }]);
    const rows = await finishedMetrics(5);
    const of = (task: { id: number }) => rows.filter((r) => r.task === task.id).sort((a, b) => a.attempt - b.attempt);
    const workerId = of(noop)[0].worker;
    expect(workerId).toEqual(expect.any(String));

    for (const row of rows) {
      expect(row.worker).toBe(workerId);
      expect(row.queue).toBe(queue);
      expect(row.execution_time_ms).toBeGreaterThanOrEqual(0);
      expect(row.cpu_time_ms).toBeGreaterThanOrEqual(0);
      expect(row.memory_usage_mb).toBeGreaterThan(10);
      expect(row.queue_wait_ms).toBeGreaterThanOrEqual(0);
      expect(row.queue_wait_ms).toBeLessThan(30_000);
      expect(Date.parse(row.finished_at)).toBeGreaterThanOrEqual(Date.parse(row.started_at));
    }
    expect(of(noop)).toEqual([expect.objectContaining({ attempt: 1, status: 'completed', flags: [], error: null, cost_usd: 0 })]);
    expect(of(sleep)[0].execution_time_ms).toBeGreaterThanOrEqual(300);
    expect(of(fail)).toEqual([
      expect.objectContaining({ attempt: 1, status: 'retrying', flags: ['failed'], error: { type: 'Error', message: 'no luck' } }),
      expect.objectContaining({ attempt: 2, status: 'failed', flags: ['retried', 'failed'], error: { type: 'Error', message: 'no luck' } }),
    ]);
    expect(of(hog)[0].memory_usage_mb).toBeGreaterThanOrEqual(512);
    expect(of(hog)[0].flags).toEqual(['high_memory']);
    const search = await api.get(`${METRICS}?search=high_memory`);
    expect(search.body.results.map((r: Metric) => r.task)).toEqual([hog.id]);
    expect((await api.get(`${METRICS}?task_type=fail&status=failed`)).body.count).toBe(1);
    expect((await api.get(`${METRICS}?execution_time_ms__gte=300&task_type=sleep`)).body.count).toBe(1);
    expect((await api.get(`${METRICS}?ordering=-memory_usage_mb&page_size=1`)).body.results[0].task).toBe(hog.id);

    const dashboard = (await api.get('/tasks/monitoring/metrics/dashboard/?period=1h')).body;
    expect(dashboard).toMatchObject({
      executions: 5,
      status_counts: { completed: 3, failed: 1, retrying: 1, running: 0 },
      success_rate: 0.6,
      failure_rate: 0.4,
      flag_counts: { high_memory: 1, failed: 2, retried: 1 },
      queue_depth: { pending: 0, running: 0 },
    });
    expect(dashboard.throughput.reduce((n: number, b: { finished: number }) => n + b.finished, 0)).toBe(5);
    expect(dashboard.execution_time_ms.p95).toBeGreaterThanOrEqual(dashboard.execution_time_ms.p50);
    expect(dashboard.execution_time_ms.p99).toBeGreaterThanOrEqual(dashboard.execution_time_ms.p95);
    expect(dashboard.execution_time_ms.max).toBeGreaterThanOrEqual(300);
    expect(dashboard.memory_usage_mb.max).toBeGreaterThanOrEqual(512);
    expect(dashboard.queue_wait_ms.p95).toBeGreaterThanOrEqual(0);
    expect(dashboard.by_task_type.map((t: { task_type: string }) => t.task_type).sort()).toEqual(['fail', 'memory_hog', 'noop', 'sleep']);
    expect(dashboard.by_task_type.find((t: { task_type: string }) => t.task_type === 'fail')).toMatchObject({
      executions: 2,
      completed: 0,
      failed: 2,
      success_rate: 0,
    });
    expect(dashboard.workers.online).toBeGreaterThanOrEqual(1);
    const failOnly = (await api.get('/tasks/monitoring/metrics/dashboard/?period=24h&task_type=fail')).body;
    expect(failOnly).toMatchObject({ period: '24h', task_type: 'fail', executions: 2, success_rate: 0, bucket_seconds: 900 });

    const worker = (await api.get(`/tasks/monitoring/workers/${workerId}/`)).body;
    expect(worker).toMatchObject({
      id: workerId,
      status: 'online',
      state: 'running',
      queues: [queue],
      concurrency: 4,
      processed: 5,
      failed: 2,
      running: 0,
      idle_with_backlog: false,
    });
    expect(worker.task_types).toEqual(expect.arrayContaining(['noop', 'sleep', 'fail', 'memory_hog']));
    const listed = await api.get(`/tasks/monitoring/workers/?queue=${queue}`);
    expect(listed.body.results.map((w: { id: string }) => w.id)).toEqual([workerId]);
    const overview = (await api.get('/tasks/monitoring/workers/overview/')).body;
    expect(overview.by_task_type.find((t: { task_type: string }) => t.task_type === 'fail')).toMatchObject({ processed_24h: 2, failed_24h: 2 });
    expect(overview.by_queue).toContainEqual(expect.objectContaining({ queue, workers_online: 1, concurrency: 4 }));

    // Another brand sees the shared worker, but none of this brand's work or queue names.
    const stranger = api.stranger();
    const seen = (await stranger.get(`/tasks/monitoring/workers/${workerId}/`)).body;
    expect(seen).toMatchObject({ id: workerId, status: 'online', processed: 0, failed: 0, running: 0, queues: [] });
    expect((await stranger.get(`/tasks/monitoring/workers/?queue=${queue}`)).body.count).toBe(0);
    expect(JSON.stringify((await stranger.get('/tasks/monitoring/workers/overview/')).body)).not.toContain(queue);
    expect((await stranger.get(METRICS)).body.count).toBe(0);
    expect((await stranger.get('/tasks/monitoring/metrics/dashboard/')).body.executions).toBe(0);
  });

  it('should open an alert on real failures and resolve it by itself when successes follow', async () => {
    await startWorker();
    const rule = await api.post('/tasks/monitoring/alert-rules/', {
      name: 'failure rate',
      metric: 'failure_rate',
      operator: 'gt',
      threshold: 0.5,
      window_minutes: 5,
      cooldown_minutes: 0,
      evaluation_interval_seconds: 5,
    });
    expect(rule.status).toBe(201);
    await run(Array.from({ length: 3 }, () => ({ task_type: 'fail', max_retries: 0 })));
    const alert = await eventually(
      async () => (await api.get('/tasks/monitoring/alerts/')).body.results[0],
      { timeoutMs: 45_000, intervalMs: 250, what: 'the failure-rate alert' },
    );
    expect(alert).toMatchObject({ metric: 'failure_rate', status: 'active', value: 1 });
    await run(Array.from({ length: 8 }, () => ({ task_type: 'noop' })));
    const resolved = await eventually(
      async () => (await api.get('/tasks/monitoring/alerts/?status=resolved')).body.results[0],
      { timeoutMs: 45_000, intervalMs: 250, what: 'the alert to resolve itself' },
    );
    expect(resolved).toMatchObject({ id: alert.id, resolution: 'auto', resolved_by: null });
    expect(resolved.current_value).toBeLessThanOrEqual(0.5);
  });

  it('should raise exactly one alert per rule with two evaluator replicas', async () => {
    const events = await EventPublisher.connect(stack.info);
    try {
      processes.push(await stack.startApp('task-monitoring', { label: `task-monitoring-replica-${randomBytes(2).toString('hex')}` }));
      // Parked work (no worker on this queue) keeps every rule's condition true across many ticks.
      await run([{ task_type: 'noop' }, { task_type: 'noop' }]);
      const rules = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          api.post('/tasks/monitoring/alert-rules/', {
            name: `depth ${i}`,
            metric: 'queue_depth',
            operator: 'gte',
            threshold: 2,
            cooldown_minutes: 0,
            evaluation_interval_seconds: 5,
          }),
        ),
      );
      expect(rules.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
      await eventually(async () => ((await api.get('/tasks/monitoring/alerts/')).body.count === 6 ? true : undefined), {
        timeoutMs: 30_000,
        what: 'six alerts',
      });
      // Several more evaluations by either replica, while the condition holds.
      const evaluated = async () =>
        (await api.get('/tasks/monitoring/alert-rules/')).body.results.map((r: { last_evaluated_at: string }) => Date.parse(r.last_evaluated_at));
      const firstRound = await evaluated();
      await eventually(
        async () => {
          const now = await evaluated();
          return now.every((t: number, i: number) => t >= firstRound[i] + 9000) ? true : undefined;
        },
        { timeoutMs: 40_000, intervalMs: 500, what: 'two more evaluations of every rule' },
      );
      const all = (await api.get('/tasks/monitoring/alerts/?status=all')).body;
      expect(all.count).toBe(6);
      expect(new Set(all.results.map((a: { rule: { id: number } }) => a.rule.id)).size).toBe(6);
      const triggered = await events.readEvents('monitoring.alert.triggered', (e) => e.brand_id === api.brandId);
      expect(triggered).toHaveLength(6);
    } finally {
      await events.close();
    }
  });
});
