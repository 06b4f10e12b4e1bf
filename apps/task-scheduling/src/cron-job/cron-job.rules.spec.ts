import { fireCronJob, nextCronJobRun } from './cron-job.rules';

const d = (text: string): Date => new Date(text);
const every10s = {
  scheduleType: 'interval' as const,
  runAt: null,
  intervalSeconds: 10,
  startAt: d('2026-01-01T00:00:00Z'),
};

describe(nextCronJobRun.name, () => {
  it('should run a once job at run_at, even when it has passed', () => {
    const once = {
      scheduleType: 'once' as const,
      runAt: d('2026-01-01T10:00:00Z'),
      intervalSeconds: null,
      startAt: null,
    };
    expect(nextCronJobRun(once, d('2026-01-01T12:00:00Z'))).toEqual(d('2026-01-01T10:00:00Z'));
  });

  it('should start an interval job at start_at when that is ahead', () => {
    expect(nextCronJobRun(every10s, d('2025-12-31T23:00:00Z'))).toEqual(d('2026-01-01T00:00:00Z'));
  });

  it('should align an interval job on start_at + k·interval after now', () => {
    expect(nextCronJobRun(every10s, d('2026-01-01T00:00:35Z'))).toEqual(d('2026-01-01T00:00:40Z'));
    expect(nextCronJobRun(every10s, d('2026-01-01T00:00:40Z'))).toEqual(d('2026-01-01T00:00:40Z'));
  });
});

describe(fireCronJob.name, () => {
  it('should fire a once job at its instant and end it', () => {
    const once = {
      scheduleType: 'once' as const,
      runAt: d('2026-01-01T10:00:00Z'),
      intervalSeconds: null,
      startAt: null,
    };
    expect(fireCronJob(once, d('2026-01-01T10:00:00Z'), d('2026-01-01T10:00:00.2Z'))).toEqual({
      instant: d('2026-01-01T10:00:00Z'),
      next: null,
    });
  });

  it('should fire an interval job on time and schedule the following instant', () => {
    expect(fireCronJob(every10s, d('2026-01-01T00:00:20Z'), d('2026-01-01T00:00:20.1Z'))).toEqual({
      instant: d('2026-01-01T00:00:20Z'),
      next: d('2026-01-01T00:00:30Z'),
    });
  });

  it('should coalesce the instants missed during an outage into the latest one', () => {
    expect(fireCronJob(every10s, d('2026-01-01T00:00:20Z'), d('2026-01-01T00:05:03Z'))).toEqual({
      instant: d('2026-01-01T00:05:00Z'),
      next: d('2026-01-01T00:05:10Z'),
    });
  });
});
