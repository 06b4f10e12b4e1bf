// Ingestion edge cases a real run cannot produce on demand (duplicates, reordering, a worker that
// vanished, heartbeats from the past): the events are published as task-core and workers publish them.
// Real executions are covered by monitoring-execution.e2e-spec.ts.
import { ApiClient, eventually } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { EventPublisher, heartbeat, taskDto, taskEvent } from './monitoring-events';
import { sharedStack } from './stack-file';

const stack = sharedStack();
const base = stack.info.gatewayUrl;
const METRICS = '/tasks/monitoring/metrics/';

type Metric = { id: number; task: number; attempt: number; status: string; flags: string[]; [k: string]: any };

const at = (start: Date, ms: number) => new Date(start.getTime() + ms);
const iso = (d: Date) => d.toISOString();

describe('monitoring ingestion of task and worker events', () => {
  let pub: EventPublisher;
  let api: ApiClient;

  beforeAll(async () => {
    pub = await EventPublisher.connect(stack.info);
  });

  afterAll(async () => {
    await pub.close();
  });

  beforeEach(() => {
    api = ApiClient.forNewBrand(base, 'viewer');
  });

  async function metricsWhen(query: string, done: (rows: Metric[]) => boolean, what: string): Promise<Metric[]> {
    return eventually(
      async () => {
        const res = await api.get<{ results: Metric[] }>(`${METRICS}${query}`);
        return res.status === 200 && done(res.body.results) ? res.body.results : undefined;
      },
      { what, timeoutMs: 20_000, intervalMs: 100 },
    );
  }

  it('should record one attempt per task with its measurements, wait and flags, searchable by flag', async () => {
    const created = new Date(Date.now() - 20_000);
    const started = at(created, 1500);
    const finished = at(started, 4600);
    const task = taskDto(api.brandId, { created_at: iso(created), task_type: 'seo_keyword_analysis' });
    const running = { ...task, status: 'running' as const, attempts: 1, started_at: iso(started), worker_id: 'w-ingest-a' };
    await pub.publish('core.task.started', taskEvent(running, 1, started));
    await pub.publish(
      'core.task.completed',
      taskEvent(
        {
          ...running,
          status: 'completed',
          completed_at: iso(at(started, 4500)),
          metrics: { execution_time_ms: 4500, memory_usage_mb: 900, cpu_time_ms: 300, cost_usd: 0.034 },
        },
        1,
        finished,
      ),
    );
    const [row] = await metricsWhen('', (rows) => rows[0]?.status === 'completed', 'the completed attempt');
    expect(row).toEqual({
      id: expect.any(Number),
      task: task.id,
      task_id: task.task_id,
      task_type: 'seo_keyword_analysis',
      queue: 'default',
      attempt: 1,
      status: 'completed',
      worker: 'w-ingest-a',
      started_at: iso(started),
      finished_at: iso(at(started, 4500)),
      execution_time_ms: 4500,
      queue_wait_ms: 1500,
      memory_usage_mb: 900,
      cpu_time_ms: 300,
      cost_usd: 0.034,
      flags: ['high_memory'],
      error: null,
      recorded_at: iso(finished),
    });
    expect((await api.get(`${METRICS}${row.id}/`)).body).toEqual(row);
    // The seed's example: a case-insensitive search over task types and flags.
    expect((await api.get(`${METRICS}?search=high_memory`)).body.count).toBe(1);
    expect((await api.get(`${METRICS}?search=HIGH_MEM`)).body.count).toBe(1);
    expect((await api.get(`${METRICS}?search=keyword`)).body.count).toBe(1);
    expect((await api.get(`${METRICS}?search=slow`)).body.count).toBe(0);
    expect((await api.get(`${METRICS}?search=${encodeURIComponent('high%memory')}`)).body.count).toBe(0);
    expect((await api.get(`${METRICS}?flags=high_memory`)).body.count).toBe(1);
    expect((await api.get(`${METRICS}?flags=high_memory,failed`)).body.count).toBe(0);
    expect((await api.get(`${METRICS}?memory_usage_mb__gte=900&cost_usd__gte=0.03&worker=w-ingest-a`)).body.count).toBe(1);
    expect((await api.get(`${METRICS}?execution_time_ms__lte=4499`)).body.count).toBe(0);

    const stranger = api.stranger();
    expect((await stranger.get(METRICS)).body.count).toBe(0);
    expect((await stranger.get(`${METRICS}?search=high_memory`)).body.count).toBe(0);
    const foreign = await stranger.get(`${METRICS}${row.id}/`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ detail: 'Metric not found', error_code: 'METRIC_NOT_FOUND', field_errors: {} });
  });

  it('should apply each event once and never let an older event undo a newer one', async () => {
    const started = new Date(Date.now() - 5000);
    const task = taskDto(api.brandId);
    const running = { ...task, status: 'running' as const, attempts: 1, started_at: iso(started), worker_id: 'w-ingest-b' };
    const startedEvent = taskEvent(running, 1, started);
    const completedEvent = taskEvent(
      { ...running, status: 'completed', completed_at: iso(at(started, 200)), metrics: { execution_time_ms: 200, memory_usage_mb: 50, cpu_time_ms: 20, cost_usd: 0 } },
      1,
      at(started, 210),
    );
    // The outcome arrives first, then the start, then both again (redeliveries after a crash).
    await pub.publish('core.task.completed', completedEvent);
    await metricsWhen('', (rows) => rows[0]?.status === 'completed', 'the outcome');
    await pub.publish('core.task.started', startedEvent);
    await pub.republish('core.task.completed', completedEvent);
    await pub.republish('core.task.started', startedEvent);
    // A marker published last: once it is in, everything before it was consumed.
    const marker = taskDto(api.brandId, { task_type: 'ingest.marker' });
    await pub.publish('core.task.started', taskEvent({ ...marker, status: 'running', attempts: 1, started_at: iso(new Date()) }, 1));
    await metricsWhen('?task_type=ingest.marker', (rows) => rows.length === 1, 'the marker');
    const rows = (await api.get(`${METRICS}?task_id=${task.task_id}`)).body.results;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'completed', execution_time_ms: 200, worker: 'w-ingest-b' });
  });

  it('should keep one row per attempt through retries, with the retry wait and the error', async () => {
    const t0 = new Date(Date.now() - 30_000);
    const task = taskDto(api.brandId, { created_at: iso(t0), task_type: 'ingest.flaky' });
    const error = { message: 'upstream 502', type: 'HttpError' };
    const a1 = { ...task, status: 'running' as const, attempts: 1, started_at: iso(at(t0, 100)), worker_id: 'w-1' };
    const m1 = { execution_time_ms: 40, memory_usage_mb: 60, cpu_time_ms: 5, cost_usd: 0 };
    await pub.publish('core.task.started', taskEvent(a1, 1, at(t0, 100)));
    await pub.publish(
      'core.task.retrying',
      taskEvent({ ...a1, status: 'retrying', error, metrics: m1, next_attempt_at: iso(at(t0, 2140)) }, 1, at(t0, 140)),
    );
    // The next attempt starts after the backoff: by then the failed attempt is recorded.
    await metricsWhen('', (r) => r[0]?.status === 'retrying', 'the failed first attempt');
    const a2 = { ...a1, status: 'running' as const, attempts: 2, started_at: iso(at(t0, 2640)), worker_id: 'w-2', error, metrics: m1 };
    await pub.publish('core.task.started', taskEvent(a2, 2, at(t0, 2640)));
    await pub.publish(
      'core.task.completed',
      taskEvent(
        { ...a2, status: 'completed', error: null, completed_at: iso(at(t0, 2700)), metrics: { ...m1, execution_time_ms: 60 } },
        2,
        at(t0, 2700),
      ),
    );
    const rows = await metricsWhen(
      `?task_id=${task.task_id}&ordering=attempt`,
      (r) => r.length === 2 && r[1].status === 'completed',
      'both attempts',
    );
    expect(rows[0]).toMatchObject({ attempt: 1, status: 'retrying', worker: 'w-1', flags: ['failed'], error, queue_wait_ms: 100 });
    expect(rows[1]).toMatchObject({ attempt: 2, status: 'completed', worker: 'w-2', flags: ['retried'], error: null, queue_wait_ms: 500 });
    expect((await api.get(`${METRICS}?status=retrying`)).body.count).toBe(1);
    expect((await api.get(`${METRICS}?flags=retried`)).body.count).toBe(1);
    expect((await api.get(`${METRICS}?search=failed`)).body.count).toBe(1);
  });

  it('should not attribute an earlier attempt’s figures to an attempt whose worker vanished', async () => {
    const t0 = new Date(Date.now() - 10_000);
    const task = taskDto(api.brandId, { is_resumable: true });
    const stale = { execution_time_ms: 999, memory_usage_mb: 999, cpu_time_ms: 999, cost_usd: 9 };
    const running = { ...task, status: 'running' as const, attempts: 2, started_at: iso(t0), worker_id: 'w-dead', metrics: stale };
    await pub.publish('core.task.started', taskEvent(running, 2, t0));
    await pub.publish(
      'core.task.interrupted',
      taskEvent({ ...running, status: 'interrupted', error: { type: 'LeaseExpired', message: 'The worker stopped heartbeating' } }, 2, at(t0, 6000)),
    );
    const [row] = await metricsWhen('', (r) => r[0]?.status === 'interrupted', 'the interrupted attempt');
    expect(row).toMatchObject({ attempt: 2, execution_time_ms: null, memory_usage_mb: null, cost_usd: null, flags: ['retried'] });
    expect(row.error).toEqual({ type: 'LeaseExpired', message: 'The worker stopped heartbeating' });
  });

  it('should drop an attempt a stopping worker handed back before it finished', async () => {
    const t0 = new Date(Date.now() - 10_000);
    const task = taskDto(api.brandId);
    const running = { ...task, status: 'running' as const, attempts: 1, started_at: iso(t0), worker_id: 'w-stopping' };
    await pub.publish('core.task.started', taskEvent(running, 1, t0));
    await metricsWhen('', (r) => r.length === 1, 'the running attempt');
    // Released: back to pending with the attempt count taken back, then cancelled before anyone took it.
    await pub.publish('core.task.created', taskEvent({ ...running, status: 'pending', attempts: 0, worker_id: 'w-stopping' }, 0, at(t0, 1000)));
    await pub.publish('core.task.cancelled', taskEvent({ ...running, status: 'cancelled', attempts: 0 }, 0, at(t0, 2000)));
    await metricsWhen('', (r) => r.length === 0, 'the handed-back attempt to disappear');
  });

  it('should skip a malformed event and keep consuming', async () => {
    const task = taskDto(api.brandId, { task_type: 'ingest.after_garbage' });
    const now = iso(new Date());
    await pub.publish('core.task.completed', { event_id: 'not-a-uuid', brand_id: api.brandId } as never);
    await pub.publish('core.task.completed', taskEvent({ ...task, status: 'completed', attempts: 1, started_at: now, completed_at: now }, 1));
    await metricsWhen('?task_type=ingest.after_garbage', (r) => r.length === 1, 'the event after the garbage');
  });

  describe('worker heartbeats', () => {
    const id = (name: string) => `${name}-${randomBytes(3).toString('hex')}`;
    const getWorker = (workerId: string) => api.get(`/tasks/monitoring/workers/${workerId}/`);

    it('should register a worker from its heartbeat and ignore an older heartbeat arriving later', async () => {
      const workerId = id('w-hb');
      await pub.publish(
        'core.worker.heartbeat',
        heartbeat({ worker_id: workerId, busy_slots: 3, concurrency: 8, processed: 120, queues: ['default', 'secret-queue-of-someone'] }),
      );
      const seen = await eventually(async () => {
        const res = await getWorker(workerId);
        return res.status === 200 ? res.body : undefined;
      });
      expect(seen).toMatchObject({
        id: workerId,
        hostname: 'test-host',
        pid: 4242,
        version: '9.9.9',
        task_types: ['ingest.test'],
        // Queue names are brands' own: a brand sees only those it uses.
        queues: ['default'],
        concurrency: 8,
        busy_slots: 3,
        utilisation: 0.375,
        status: 'online',
        state: 'running',
        // Counts are this brand's own executions on the worker, not the worker's total (120).
        processed: 0,
        failed: 0,
        running: 0,
      });
      await pub.publish('core.worker.heartbeat', heartbeat({ worker_id: workerId, busy_slots: 0 }, new Date(Date.now() - 60_000)));
      const marker = id('w-marker');
      await pub.publish('core.worker.heartbeat', heartbeat({ worker_id: marker }));
      await eventually(async () => ((await getWorker(marker)).status === 200 ? true : undefined));
      expect((await getWorker(workerId)).body.busy_slots).toBe(3);
    });

    it('should derive online, stale and offline from the last heartbeat, and offline at once after a clean stop', async () => {
      const [fresh, quiet, gone, stopped] = ['w-fresh', 'w-quiet', 'w-gone', 'w-stopped'].map(id);
      await pub.publish('core.worker.heartbeat', heartbeat({ worker_id: fresh }));
      await pub.publish('core.worker.heartbeat', heartbeat({ worker_id: quiet }, new Date(Date.now() - 30_000)));
      await pub.publish('core.worker.heartbeat', heartbeat({ worker_id: gone }, new Date(Date.now() - 300_000)));
      await pub.publish('core.worker.heartbeat', heartbeat({ worker_id: stopped, state: 'stopped' }));
      const statuses = await eventually(async () => {
        const all = await Promise.all([fresh, quiet, gone, stopped].map(getWorker));
        return all.every((r) => r.status === 200) ? all.map((r) => r.body.status) : undefined;
      });
      expect(statuses).toEqual(['online', 'stale', 'offline', 'offline']);
      const staleList = await api.get(`/tasks/monitoring/workers/?status=stale&search=${quiet}`);
      expect(staleList.body.results.map((w: { id: string }) => w.id)).toEqual([quiet]);
      const overview = (await api.get('/tasks/monitoring/workers/overview/')).body;
      expect(overview.totals.stale).toBeGreaterThanOrEqual(1);
      expect(overview.thresholds).toEqual({ stale_after_seconds: 15, offline_after_seconds: 60, idle_after_seconds: 30 });
    });
  });
});
