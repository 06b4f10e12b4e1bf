import { TaskDto, TaskEvent } from '@app/contracts';
import { AttemptRecord, executionFlags, FlagInput, isTimeout, latestPerAttempt, recordFromEvent, searchTerms, statusRank } from './metric.rules';

const thresholds = { highMemoryMb: 512, slowMs: 30_000, expensiveUsd: 1 };
const base: FlagInput = { status: 'completed', attempt: 1, executionTimeMs: 100, memoryUsageMb: 64, costUsd: 0.01, error: null };

describe(executionFlags.name, () => {
  it('should flag nothing for a quick, small, cheap first success', () => {
    expect(executionFlags(base, thresholds)).toEqual([]);
  });

  it('should flag memory, time and cost at or above their thresholds', () => {
    expect(executionFlags({ ...base, memoryUsageMb: 512, executionTimeMs: 30_000, costUsd: 1 }, thresholds)).toEqual([
      'high_memory',
      'slow',
      'expensive',
    ]);
    expect(executionFlags({ ...base, memoryUsageMb: 511.9, executionTimeMs: 29_999, costUsd: 0.99 }, thresholds)).toEqual([]);
  });

  it('should flag later attempts as retried and failed attempts as failed, retrying or not', () => {
    expect(executionFlags({ ...base, attempt: 2 }, thresholds)).toEqual(['retried']);
    expect(executionFlags({ ...base, status: 'retrying', error: { type: 'Error', message: 'x' } }, thresholds)).toEqual(['failed']);
    expect(executionFlags({ ...base, status: 'failed', attempt: 3, error: { type: 'Error', message: 'x' } }, thresholds)).toEqual([
      'retried',
      'failed',
    ]);
  });

  it('should flag timeouts from the error type or the timed_out mark', () => {
    const timeout = { type: 'TimeoutError', message: 'took too long' };
    expect(executionFlags({ ...base, status: 'failed', error: timeout }, thresholds)).toEqual(['failed', 'timed_out']);
    expect(isTimeout({ type: 'Error', message: 'x', timed_out: true })).toBe(true);
    expect(isTimeout({ type: 'task_timed_out', message: 'x' })).toBe(true);
    expect(isTimeout({ type: 'ValidationError', message: 'timeout field missing' })).toBe(false);
  });

  it('should ignore missing measurements', () => {
    expect(executionFlags({ ...base, executionTimeMs: null, memoryUsageMb: null, costUsd: null }, thresholds)).toEqual([]);
  });
});

describe(statusRank.name, () => {
  it('should rank running below every outcome', () => {
    expect(statusRank('running')).toBeLessThan(statusRank('completed'));
    expect(statusRank('retrying')).toBe(statusRank('cancelled'));
  });
});

describe(recordFromEvent.name, () => {
  const task: TaskDto = {
    id: 42,
    task_id: 'task_abc',
    task_type: 'seo_keyword_analysis',
    status: 'completed',
    priority: 'normal',
    queue: 'default',
    progress_percentage: 100,
    progress_message: null,
    brand: { id: 9, name: 'Humari' },
    created_by: { id: 1, username: 'martin' },
    created_at: '2025-01-01T10:00:00.000Z',
    scheduled_for: null,
    started_at: '2025-01-01T10:00:02.000Z',
    completed_at: '2025-01-01T10:00:06.500Z',
    description: '',
    context_data: {},
    result_data: {},
    error: null,
    attempts: 1,
    max_retries: 3,
    timeout_seconds: null,
    is_resumable: false,
    is_periodic: false,
    periodic_task_id: null,
    persistent_job_id: null,
    tags: [],
    idempotency_key: null,
    cancel_requested: false,
    worker_id: 'w-1',
    next_attempt_at: null,
    metrics: { execution_time_ms: 4500, memory_usage_mb: 900, cpu_time_ms: 300, cost_usd: 0.034 },
  };
  const event = (over: Partial<Omit<TaskEvent, 'task'>> & { task?: Partial<TaskDto> } = {}): TaskEvent => ({
    event_id: '7d0f9f5e-1c1e-4a43-9e58-0c6a2a1d1a11',
    occurred_at: '2025-01-01T10:00:06.600Z',
    brand_id: 9,
    attempt: 1,
    ...over,
    task: { ...task, ...over.task },
  });

  it('should record a finished attempt with its measurements, flags and first readiness', () => {
    expect(recordFromEvent('core.task.completed', event(), thresholds)).toMatchObject({
      kind: 'attempt',
      brandId: 9,
      taskPk: 42,
      attempt: 1,
      status: 'completed',
      statusRank: 2,
      workerId: 'w-1',
      executionTimeMs: 4500,
      memoryUsageMb: 900,
      costUsd: 0.034,
      flags: ['high_memory'],
      finishedAt: '2025-01-01T10:00:06.500Z',
      firstReadyAt: '2025-01-01T10:00:00.000Z',
      recordedAt: '2025-01-01T10:00:06.600Z',
    });
  });

  it('should record a start without measurements (the row still holds an earlier attempt of the task)', () => {
    const record = recordFromEvent('core.task.started', event({ attempt: 2, task: { status: 'running' } }), thresholds);
    expect(record).toMatchObject({ status: 'running', statusRank: 1, executionTimeMs: null, memoryUsageMb: null, flags: ['retried'] });
    expect(record).toMatchObject({ firstReadyAt: null, finishedAt: null });
  });

  it('should keep the retry time of a failed attempt and its error', () => {
    const record = recordFromEvent(
      'core.task.retrying',
      event({ task: { status: 'retrying', next_attempt_at: '2025-01-01T10:00:08.000Z', error: { type: 'Error', message: 'boom' } } }),
      thresholds,
    );
    expect(record).toMatchObject({ status: 'retrying', nextReadyAt: '2025-01-01T10:00:08.000Z', errorType: 'Error', errorMessage: 'boom' });
    expect(record && record.kind === 'attempt' && record.flags).toEqual(['high_memory', 'failed']);
  });

  it('should not trust the figures of an attempt whose lease expired', () => {
    const record = recordFromEvent(
      'core.task.interrupted',
      event({ task: { status: 'interrupted', error: { type: 'LeaseExpired', message: 'The worker stopped heartbeating' } } }),
      thresholds,
    );
    expect(record).toMatchObject({ status: 'interrupted', executionTimeMs: null, memoryUsageMb: null, flags: [] });
  });

  it('should turn a re-queue into a requeue record and ignore events before any attempt', () => {
    const released = event({ attempt: 0, task: { status: 'pending', attempts: 0 } });
    expect(recordFromEvent('core.task.created', released, thresholds)).toMatchObject({ kind: 'requeue', attempt: 0 });
    expect(recordFromEvent('core.task.created', event({ attempt: 2, task: { status: 'pending' } }), thresholds)).toEqual({
      kind: 'requeue',
      eventId: '7d0f9f5e-1c1e-4a43-9e58-0c6a2a1d1a11',
      brandId: 9,
      taskPk: 42,
      attempt: 2,
      at: '2025-01-01T10:00:06.600Z',
    });
    expect(recordFromEvent('core.task.created', event({ attempt: 0, task: { started_at: null } }), thresholds)).toBeNull();
    expect(recordFromEvent('core.task.cancelled', event({ attempt: 0 }), thresholds)).toBeNull();
  });
});

describe(searchTerms.name, () => {
  it('should match task types and flags by case-insensitive substring', () => {
    const types = ['seo_keyword_analysis', 'daily_seo_report', 'noop'];
    expect(searchTerms('seo', types)).toEqual({ taskTypes: ['seo_keyword_analysis', 'daily_seo_report'], flags: [] });
    expect(searchTerms('high_memory', types)).toEqual({ taskTypes: [], flags: ['high_memory'] });
    expect(searchTerms('e', ['noop'])).toEqual({ taskTypes: [], flags: ['high_memory', 'expensive', 'retried', 'failed', 'timed_out'] });
  });
});

describe(latestPerAttempt.name, () => {
  const record = (over: Partial<AttemptRecord>): AttemptRecord =>
    ({ kind: 'attempt', eventId: 'e', brandId: 9, taskPk: 1, attempt: 1, status: 'running', statusRank: 1, recordedAt: '2026-12-06T10:00:00.000Z', ...over }) as AttemptRecord;

  it('should keep one record per attempt: the one that moves it furthest, then the later', () => {
    const started = record({ eventId: 'a' });
    const restarted = record({ eventId: 'b', recordedAt: '2026-12-06T10:00:01.000Z' });
    const completed = record({ eventId: 'c', status: 'completed', statusRank: 2 });
    const other = record({ eventId: 'd', attempt: 2 });
    expect(latestPerAttempt([started, restarted, other])).toEqual([restarted, other]);
    expect(latestPerAttempt([completed, restarted])).toEqual([completed]);
  });

  it('should keep an event once when it was delivered twice', () => {
    const first = record({ eventId: 'a', taskPk: 1 });
    expect(latestPerAttempt([first, { ...first }])).toHaveLength(1);
  });
});
