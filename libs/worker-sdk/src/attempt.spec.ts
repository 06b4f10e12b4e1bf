import { ClaimedTask, TaskReport } from '@app/contracts';
import { Attempt } from './attempt';
import { NonRetryableError } from './errors';
import { ServiceClient } from './service-client';
import { TaskHandler } from './task-context';

const task: ClaimedTask = {
  id: 7,
  task_id: 'task_abc',
  task_type: 't',
  queue: 'default',
  priority: 'normal',
  brand_id: 9,
  attempt: 2,
  max_retries: 3,
  context_data: { a: 1 },
  timeout_seconds: null,
  is_resumable: false,
  persistent_job_id: null,
  idempotency_key: null,
  created_at: new Date().toISOString(),
  lease_expires_at: new Date().toISOString(),
};

const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function run(handler: TaskHandler, overrides: Partial<ClaimedTask> = {}) {
  const reports: TaskReport[] = [];
  const attempt = new Attempt({ ...task, ...overrides }, handler, {
    workerId: 'w1',
    client: {} as ServiceClient, // this handler never checkpoints: no service is called
    logger: silentLogger,
    report: (r) => reports.push(r),
  });
  return { attempt, reports, done: attempt.run() };
}

describe(Attempt.name, () => {
  it('should report the result with metrics and cost', async () => {
    const { reports, done } = run((ctx) => {
      ctx.reportCost(0.25);
      return { seen: ctx.data.a, attempt: ctx.attempt, key: ctx.idempotencyKey };
    });
    await expect(done).resolves.toBe('reported');
    expect(reports).toEqual([
      {
        id: 7,
        attempt: 2,
        kind: 'completed',
        result: { seen: 1, attempt: 2, key: 'task_abc' },
        metrics: { execution_time_ms: expect.any(Number), cpu_time_ms: expect.any(Number), memory_usage_mb: expect.any(Number), cost_usd: 0.25 },
        // When the handler started: a prefetched attempt waited in the worker after its claim.
        started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
  });

  it('should report a retryable failure with its type and stack', async () => {
    const { reports, done } = run(() => {
      throw new TypeError('bad');
    });
    await done;
    expect(reports[0]).toMatchObject({ kind: 'failed', error: { message: 'bad', type: 'TypeError', retryable: true } });
    expect(reports[0].error?.stack).toContain('TypeError: bad');
  });

  it('should mark a NonRetryableError as not retryable', async () => {
    const { reports, done } = run(() => {
      throw new NonRetryableError('no');
    });
    await done;
    expect(reports[0].error).toMatchObject({ type: 'NonRetryableError', retryable: false });
  });

  it('should abort at the timeout and count it as a failure, even when the handler ignores the signal', async () => {
    const { reports, done } = run(() => new Promise(() => undefined), { timeout_seconds: 0.05 });
    await expect(done).resolves.toBe('reported');
    expect(reports[0]).toMatchObject({ kind: 'failed', error: { type: 'TimeoutError', timed_out: true, retryable: true } });
  });

  it('should end cancelled when cancel fires, and report nothing when the lease was lost', async () => {
    const cancelled = run((ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))));
    cancelled.attempt.abort('cancelled');
    await cancelled.done;
    expect(cancelled.reports.map((r) => r.kind)).toEqual(['cancelled']);

    const lost = run(() => new Promise(() => undefined));
    lost.attempt.abort('lease_lost');
    await expect(lost.done).resolves.toBe('dropped');
    expect(lost.reports).toEqual([]);

    const released = run(() => new Promise(() => undefined));
    released.attempt.abort('shutdown');
    await expect(released.done).resolves.toBe('released');
    expect(released.reports).toEqual([]);
  });

  it('should clamp progress and report checkpoint progress for tasks without a job', async () => {
    const { reports, done } = run(async (ctx) => {
      ctx.progress(150, 'too much');
      await ctx.checkpoint({ step: 1 }, { percentage: 40, message: 'half' });
      return {};
    });
    await done;
    expect(reports.filter((r) => r.kind === 'progress').map((r) => [r.progress, r.message])).toEqual([
      [100, 'too much'],
      [40, 'half'],
    ]);
  });
});
