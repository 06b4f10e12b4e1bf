import { QueueDepthResponse, QueueStatsRow } from '@app/contracts';
import { backlogOf, isIdleWithBacklog, IdleInput, runsTaskType, utilisation, workerStatus } from './worker.rules';

const thresholds = { staleAfterSeconds: 15, offlineAfterSeconds: 60 };

describe(workerStatus.name, () => {
  it.each([
    [0, 'running', 'online'],
    [15, 'running', 'online'],
    [15.1, 'running', 'stale'],
    [60, 'stopping', 'stale'],
    [60.5, 'running', 'offline'],
    [1, 'stopped', 'offline'],
  ] as const)('should call a worker seen %s s ago in state %s %s', (seconds, state, expected) => {
    expect(workerStatus(seconds, state, thresholds)).toBe(expected);
  });
});

describe(runsTaskType.name, () => {
  it('should treat an empty type list as every type', () => {
    expect(runsTaskType([], 'anything')).toBe(true);
    expect(runsTaskType(['noop'], 'noop')).toBe(true);
    expect(runsTaskType(['noop'], 'sleep')).toBe(false);
  });
});

describe(isIdleWithBacklog.name, () => {
  const row = (queue: string, pending: number, age: number | null): QueueStatsRow => ({
    queue,
    priority: 'normal',
    pending,
    running: 0,
    retrying: 0,
    failed_24h: 0,
    completed_24h: 0,
    oldest_pending_age_seconds: age,
    throughput_per_minute: 0,
    mean_wait_ms: null,
  });
  const depth = (byType: Record<string, number>): QueueDepthResponse => ({
    pending: 0,
    running: 0,
    retrying: 0,
    oldest_pending_age_seconds: null,
    by_task_type: byType,
  });
  const idle: IdleInput = { status: 'online', state: 'running', busySlots: 0, secondsSinceActive: 120, queues: ['q1'], taskTypes: ['noop'] };
  const backlog = backlogOf([row('q1', 3, 90), row('q2', 1, 5)], depth({ noop: 3, sleep: 1 }), 30);

  it('should flag an online idle worker whose queue and type have old pending work', () => {
    expect(isIdleWithBacklog(idle, backlog, 30)).toBe(true);
  });

  it('should not flag a worker that is busy, recently active, stale or draining', () => {
    expect(isIdleWithBacklog({ ...idle, busySlots: 1 }, backlog, 30)).toBe(false);
    expect(isIdleWithBacklog({ ...idle, secondsSinceActive: 10 }, backlog, 30)).toBe(false);
    expect(isIdleWithBacklog({ ...idle, status: 'stale' }, backlog, 30)).toBe(false);
    expect(isIdleWithBacklog({ ...idle, state: 'stopping' }, backlog, 30)).toBe(false);
  });

  it('should not flag a worker when the waiting work is too young, in another queue or of another type', () => {
    expect(isIdleWithBacklog({ ...idle, queues: ['q2'] }, backlog, 30)).toBe(false);
    expect(isIdleWithBacklog({ ...idle, taskTypes: ['other'] }, backlog, 30)).toBe(false);
    expect(isIdleWithBacklog(idle, backlogOf([row('q1', 0, null)], depth({}), 30), 30)).toBe(false);
  });

  it('should match any pending type for a worker that runs every type', () => {
    expect(isIdleWithBacklog({ ...idle, taskTypes: [] }, backlog, 30)).toBe(true);
  });
});

describe(utilisation.name, () => {
  it('should be busy over concurrency, rounded, and unknown without capacity', () => {
    expect(utilisation(1, 3)).toBe(0.333);
    expect(utilisation(0, 0)).toBeNull();
  });
});
