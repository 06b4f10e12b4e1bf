import { ApiClient, AppProcess, eventually } from '@app/testing';
import { ServiceClient } from '@app/worker-sdk';
import { randomBytes } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import { sharedStack } from './stack-file';

const stack = sharedStack();
const base = stack.info.gatewayUrl;
type Task = { id: number; status: string; attempts: number; error: { message: string; type: string } | null; [k: string]: any };

function newQueue(): string {
  return `q-${randomBytes(4).toString('hex')}`;
}

async function startWorker(queue: string, env: Record<string, string> = {}): Promise<AppProcess> {
  return stack.startApp('worker', { env: { WORKER_QUEUES: queue, WORKER_CONCURRENCY: '4', ...env } });
}

async function waitForStatus(api: ApiClient, id: number, statuses: string[], timeoutMs = 20_000): Promise<Task> {
  return eventually(
    async () => {
      const task = (await api.get<Task>(`/tasks/${id}/`)).body;
      return statuses.includes(task.status) ? task : undefined;
    },
    { timeoutMs, what: `task ${id} to be ${statuses.join('|')}` },
  );
}

describe('execution (gateway → task-core ← workers)', () => {
  const workers: AppProcess[] = [];
  let api: ApiClient;
  let queue: string;

  beforeEach(() => {
    api = ApiClient.forNewBrand(base, 'editor');
    queue = newQueue();
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill()));
  });

  async function worker(env: Record<string, string> = {}): Promise<AppProcess> {
    const w = await startWorker(queue, env);
    workers.push(w);
    return w;
  }

  async function create(body: Record<string, unknown>): Promise<Task> {
    const res = await api.post<Task>('/tasks/', { queue, ...body });
    expect(res.status).toBe(201);
    return res.body;
  }

  it('should run tasks to completion with their result and metrics', async () => {
    await worker();
    const noop = await create({ task_type: 'noop' });
    const sleep = await create({ task_type: 'sleep', context_data: { ms: 300 } });
    const doneNoop = await waitForStatus(api, noop.id, ['completed']);
    expect(doneNoop).toMatchObject({ result_data: { ok: true }, attempts: 1, progress_percentage: 100, error: null });
    expect(doneNoop.metrics).toEqual({
      execution_time_ms: expect.any(Number),
      cpu_time_ms: expect.any(Number),
      memory_usage_mb: expect.any(Number),
      cost_usd: 0,
    });
    expect(doneNoop.metrics.memory_usage_mb).toBeGreaterThan(10);
    const doneSleep = await waitForStatus(api, sleep.id, ['completed']);
    expect(doneSleep.metrics.execution_time_ms).toBeGreaterThanOrEqual(300);
    expect(doneSleep.started_at).not.toBeNull();
    expect(new Date(doneSleep.completed_at).getTime()).toBeGreaterThanOrEqual(new Date(doneSleep.started_at).getTime());
    const filtered = await api.get(`/tasks/?has_metrics=true&execution_time__gte=250&queue=${queue}`);
    expect(filtered.body.results.map((t: Task) => t.id)).toEqual([sleep.id]);
  });

  it('should retry with backoff up to max_retries, then fail keeping the error', async () => {
    await worker();
    const task = await create({ task_type: 'fail', context_data: { message: 'boom' }, max_retries: 2, retry_delay_seconds: 0.05 });
    const failed = await waitForStatus(api, task.id, ['failed']);
    expect(failed.attempts).toBe(3);
    expect(failed.error).toMatchObject({ message: 'boom', type: 'Error' });
    expect(failed.completed_at).not.toBeNull();
  });

  it('should fail at once on a non-retryable error, and retry by hand with attempts continuing', async () => {
    await worker();
    const task = await create({ task_type: 'fail', context_data: { non_retryable: true }, max_retries: 5 });
    const failed = await waitForStatus(api, task.id, ['failed']);
    expect(failed.attempts).toBe(1);
    expect(failed.error?.type).toBe('NonRetryableError');
    const retried = await api.post<Task>(`/tasks/${task.id}/retry/`);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('pending');
    const again = await eventually(async () => {
      const t = (await api.get<Task>(`/tasks/${task.id}/`)).body;
      return t.status === 'failed' && t.attempts === 2 ? t : undefined;
    });
    expect(again.attempts).toBe(2);
  });

  it('should abort a running task on cancel and end it cancelled', async () => {
    await worker();
    const task = await create({ task_type: 'sleep', context_data: { ms: 30_000 } });
    await waitForStatus(api, task.id, ['running']);
    const cancel = await api.post<Task>(`/tasks/${task.id}/cancel/`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.cancel_requested).toBe(true);
    const cancelled = await waitForStatus(api, task.id, ['cancelled'], 10_000);
    expect(cancelled.metrics.execution_time_ms).toBeLessThan(10_000);
  });

  it('should abort a task past its timeout and count it as a failure', async () => {
    await worker();
    const task = await create({ task_type: 'sleep', context_data: { ms: 30_000 }, timeout_seconds: 1, max_retries: 0 });
    const failed = await waitForStatus(api, task.id, ['failed'], 10_000);
    expect(failed.error).toMatchObject({ type: 'TimeoutError' });
    expect(failed.metrics.execution_time_ms).toBeGreaterThanOrEqual(1000);
    expect(failed.metrics.execution_time_ms).toBeLessThan(5000);
  });

  it('should start work in priority order when saturated', async () => {
    const priorities = ['low', 'normal', 'high', 'critical', 'low', 'critical', 'normal', 'high'];
    const created = (
      await api.post('/tasks/bulk/', {
        tasks: priorities.map((priority) => ({ task_type: 'sleep', context_data: { ms: 30 }, priority, queue })),
      })
    ).body.results as Task[];
    await worker({ WORKER_CONCURRENCY: '1' });
    const done = await Promise.all(created.map((t) => waitForStatus(api, t.id, ['completed'])));
    const startOrder = [...done].sort((a, b) => +new Date(a.started_at) - +new Date(b.started_at)).map((t) => t.priority);
    expect(startOrder).toEqual(['critical', 'critical', 'high', 'high', 'normal', 'normal', 'low', 'low']);
  });

  it('should never run a task twice with two workers, and drain a burst completely', async () => {
    await Promise.all([worker({ WORKER_CONCURRENCY: '16' }), worker({ WORKER_CONCURRENCY: '16' })]);
    const batches = await Promise.all(
      [0, 1].map(() => api.post('/tasks/bulk/', { tasks: Array.from({ length: 1000 }, () => ({ task_type: 'noop', queue })) })),
    );
    expect(batches.map((b) => b.status)).toEqual([201, 201]);
    await eventually(
      async () => {
        const pending = await api.get(`/tasks/?queue=${queue}&status=active&page_size=1`);
        return pending.body.count === 0 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'the burst to drain' },
    );
    const completed = await api.get(`/tasks/?queue=${queue}&status=completed&page_size=1`);
    expect(completed.body.count).toBe(2000);
    // A task claimed twice would show two attempts.
    const retried = await api.get(`/tasks/?queue=${queue}&ordering=-attempts&page_size=1`);
    expect(retried.body.results[0].attempts).toBe(1);
    const workersUsed = new Set<string>();
    for (let page = 1; page <= 10; page++) {
      const res = await api.get(`/tasks/?queue=${queue}&page_size=200&page=${page}`);
      res.body.results.forEach((t: Task) => workersUsed.add(t.worker_id));
    }
    expect(workersUsed.size).toBe(2);
  });

  it('should complete the task of a SIGKILLed worker elsewhere once its lease expires', async () => {
    const first = await worker();
    const task = await create({ task_type: 'sleep', context_data: { ms: 1500 } });
    const running = await waitForStatus(api, task.id, ['running']);
    expect(running.attempts).toBe(1);
    await first.kill('SIGKILL');
    await worker();
    const done = await waitForStatus(api, task.id, ['completed'], 30_000);
    expect(done.attempts).toBe(2);
    expect(done.worker_id).not.toBe(running.worker_id);
  });

  it('should end a task with the last progress message its handler reported, even right before completing', async () => {
    await worker();
    // Progress is throttled (250 ms per attempt): these four come faster, then the handler returns.
    const task = await create({ task_type: 'seo_keyword_analysis', context_data: { keyword_ids: [11, 12, 13, 14], step_ms: 5 } });
    const done = await waitForStatus(api, task.id, ['completed']);
    expect(done).toMatchObject({ progress_percentage: 100, progress_message: 'keyword 14 analysed' });
  });

  it('should give a failed task max_retries more attempts on a manual retry, attempt numbers counting on', async () => {
    await worker();
    const task = await create({ task_type: 'fail', max_retries: 1, retry_delay_seconds: 0.05 });
    expect(await waitForStatus(api, task.id, ['failed'])).toMatchObject({ attempts: 2 });
    expect((await api.post(`/tasks/${task.id}/retry/`)).status).toBe(200);
    // Attempts 3 and 4: one run and one automatic retry, as for a new task with max_retries 1.
    const again = await eventually(
      async () => {
        const t = (await api.get<Task>(`/tasks/${task.id}/`)).body;
        return t.status === 'failed' && t.attempts === 4 ? t : undefined;
      },
      { timeoutMs: 20_000, what: 'the retried task to fail after two more attempts' },
    );
    expect(again.error?.message).toBe('fail');
  });

  it('should count the wait of a re-queued task from its re-queue, never negative, in queue-stats', async () => {
    // Scheduled an hour ahead, cancelled, then retried by hand: it runs at once and waited almost nothing.
    const task = await create({ task_type: 'noop', scheduled_for: new Date(Date.now() + 3600_000).toISOString() });
    expect((await api.post(`/tasks/${task.id}/cancel/`)).body.status).toBe('cancelled');
    expect((await api.post(`/tasks/${task.id}/retry/`)).body.status).toBe('pending');
    await worker();
    await waitForStatus(api, task.id, ['completed']);
    const stats = (await api.get<{ queues: Array<{ queue: string; mean_wait_ms: number }> }>('/tasks/queue-stats/')).body.queues;
    const row = stats.find((q) => q.queue === queue);
    expect(row?.mean_wait_ms).toBeGreaterThanOrEqual(0);
    expect(row?.mean_wait_ms).toBeLessThan(30_000);
  });

  it('should run the tasks a SIGKILLed worker had claimed ahead (prefetch) elsewhere once their leases expire', async () => {
    const tasks = [];
    for (let i = 0; i < 4; i++) tasks.push(await create({ task_type: 'sleep', context_data: { ms: 4000 } }));
    // One slot and three claimed ahead: its first claim takes all four in claim order; the first runs
    // (and may finish if the machine is slow to kill it), the other three wait in the worker.
    const first = await worker({ WORKER_CONCURRENCY: '1', WORKER_PREFETCH: '3' });
    const held = await Promise.all(tasks.map((t) => waitForStatus(api, t.id, ['running', 'completed'])));
    const holder = held[0].worker_id;
    expect(held.map((t) => [t.worker_id, t.attempts])).toEqual(tasks.map(() => [holder, 1]));
    await first.kill('SIGKILL');
    await worker();
    const done = await Promise.all(tasks.map((t) => waitForStatus(api, t.id, ['completed'], 40_000)));
    for (const task of done.slice(1)) {
      expect(task.attempts).toBe(2);
      expect(task.worker_id).not.toBe(holder);
    }
  }, 120_000);

  it('should hand running work back on graceful shutdown', async () => {
    const first = await worker({ SHUTDOWN_GRACE_MS: '300' });
    const task = await create({ task_type: 'sleep', context_data: { ms: 20_000 } });
    await waitForStatus(api, task.id, ['running']);
    await expect(first.stop()).resolves.toBe(0);
    const released = (await api.get<Task>(`/tasks/${task.id}/`)).body;
    expect(released).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('should stream status and progress over SSE until completion, and refuse another brand', async () => {
    const task = await create({ task_type: 'sleep', context_data: { ms: 600 } });
    const foreign = await api.stranger().get(`/tasks/${task.id}/events/`);
    expect(foreign.status).toBe(404);
    const noToken = await api.get(`/tasks/${task.id}/events/`, { anonymous: true });
    expect(noToken.status).toBe(401);
    const response = await fetch(`${base}/tasks/${task.id}/events/`, {
      headers: { authorization: `Bearer ${api.token}`, 'x-brand-id': String(api.brandId) },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    await worker();
    const text = await response.text(); // the server ends the stream after the terminal state
    const kinds = [...text.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]).filter((k) => k !== 'keepalive');
    expect(kinds[0]).toBe('snapshot');
    expect(kinds).toEqual(expect.arrayContaining(['started', 'progress', 'completed']));
    expect(kinds[kinds.length - 1]).toBe('completed');
  });
});

describe('fencing of zombie attempts', () => {
  let nc: NatsConnection;
  let client: ServiceClient;
  beforeAll(async () => {
    nc = await connect({ servers: stack.info.natsUrl });
    client = new ServiceClient(nc, stack.info.namespace, 5000);
  });
  afterAll(async () => {
    await nc.close();
  });

  it('should refuse the report of an attempt whose lease was taken over', async () => {
    const api = ApiClient.forNewBrand(base, 'editor');
    const queue = newQueue();
    const task = (await api.post<Task>('/tasks/', { task_type: 'noop', queue, retry_delay_seconds: 0.01 })).body;
    const claim = (worker_id: string) =>
      client.request('core.work.claim', { worker_id, queues: [queue], task_types: [], max: 1, lease_seconds: 5 });
    const zombie = await claim('zombie');
    expect(zombie.tasks.map((t) => t.id)).toEqual([task.id]);
    // The zombie stops heartbeating: the sweeper takes the task back after the lease.
    await waitForStatus(api, task.id, ['retrying', 'pending'], 20_000);
    const heir = await eventually(async () => {
      const claimed = await claim('heir');
      return claimed.tasks.length ? claimed : undefined;
    });
    expect(heir.tasks[0].attempt).toBe(2);
    const late = await client.request('core.work.report', {
      worker_id: 'zombie',
      reports: [{ id: task.id, attempt: 1, kind: 'completed', result: { zombie: true } }],
    });
    expect(late.outcomes).toEqual([{ id: task.id, accepted: false, reason: 'LEASE_LOST' }]);
    const fence = await client.request('core.work.fence', { id: task.id, attempt: 1, worker_id: 'zombie' });
    expect(fence.valid).toBe(false);
    const ok = await client.request('core.work.report', {
      worker_id: 'heir',
      reports: [{ id: task.id, attempt: 2, kind: 'completed', result: { heir: true } }],
    });
    expect(ok.outcomes[0].accepted).toBe(true);
    const final = (await api.get<Task>(`/tasks/${task.id}/`)).body;
    expect(final).toMatchObject({ status: 'completed', attempts: 2, result_data: { heir: true } });
  });
});
