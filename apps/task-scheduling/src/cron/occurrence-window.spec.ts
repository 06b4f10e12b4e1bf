import { CronSchedule, parseCron } from './cron-expression';
import { latestFrom, latestOccurrences, NextAfter } from './occurrence-window';

const iso = (dates: Date[]): string[] => dates.map((date) => date.toISOString());
const d = (text: string): Date => new Date(text);

// Counts the steps so the tests can prove a long outage is not walked second by second.
function counting(schedule: CronSchedule): NextAfter & { calls: number } {
  const counter = {
    calls: 0,
    nextAfter(date: Date): Date | null {
      counter.calls++;
      return schedule.nextAfter(date);
    },
  };
  return counter;
}

describe(latestOccurrences.name, () => {
  const everyMinute = parseCron('* * * * *', 'UTC');

  it('should return the latest ones, excluding the start and including the end', () => {
    const result = latestOccurrences(everyMinute, d('2026-01-01T10:00:00Z'), d('2026-01-01T10:10:00Z'), 3);
    expect(iso(result.items)).toEqual([
      '2026-01-01T10:08:00.000Z',
      '2026-01-01T10:09:00.000Z',
      '2026-01-01T10:10:00.000Z',
    ]);
    expect(result.complete).toBe(false);
  });

  it('should say complete when the window holds no more than asked', () => {
    const result = latestOccurrences(everyMinute, d('2026-01-01T10:00:00Z'), d('2026-01-01T10:03:00Z'), 3);
    expect(iso(result.items)).toEqual([
      '2026-01-01T10:01:00.000Z',
      '2026-01-01T10:02:00.000Z',
      '2026-01-01T10:03:00.000Z',
    ]);
    expect(result.complete).toBe(true);
  });

  it('should report an empty window as complete and a non-empty one as incomplete when count is 0', () => {
    expect(latestOccurrences(everyMinute, d('2026-01-01T10:00:00Z'), d('2026-01-01T10:00:30Z'), 0)).toEqual({
      items: [],
      complete: true,
    });
    expect(
      latestOccurrences(everyMinute, d('2026-01-01T10:00:00Z'), d('2026-01-01T11:00:00Z'), 0).complete,
    ).toBe(false);
  });

  it('should find the last seconds of a week-long outage without walking the week', () => {
    const schedule = counting(parseCron('* * * * * *', 'UTC'));
    const result = latestOccurrences(schedule, d('2026-01-01T00:00:00Z'), d('2026-01-08T00:00:00Z'), 3);
    expect(iso(result.items)).toEqual([
      '2026-01-07T23:59:58.000Z',
      '2026-01-07T23:59:59.000Z',
      '2026-01-08T00:00:00.000Z',
    ]);
    expect(result.complete).toBe(false);
    expect(schedule.calls).toBeLessThan(1000);
  });

  it('should find the latest runs of a schedule dense far back and silent since', () => {
    // Every second during 09:xx, asked at 17:00: the latest three are 09:59:57 … 09:59:59.
    const schedule = counting(parseCron('* * 9 * * *', 'UTC'));
    const result = latestOccurrences(schedule, d('2026-01-01T00:00:00Z'), d('2026-01-01T17:00:00Z'), 3);
    expect(iso(result.items)).toEqual([
      '2026-01-01T09:59:57.000Z',
      '2026-01-01T09:59:58.000Z',
      '2026-01-01T09:59:59.000Z',
    ]);
    expect(result.complete).toBe(false);
    expect(schedule.calls).toBeLessThan(2000);
  });

  it('should match a plain forward walk on sparse and dense schedules', () => {
    const cases: Array<[string, string, string]> = [
      ['*/7 * * * *', '2026-03-01T00:00:00Z', '2026-04-15T00:00:00Z'],
      ['0 */5 * * *', '2026-03-01T00:00:00Z', '2026-04-15T00:00:00Z'],
      ['0 0 L * *', '2026-03-01T00:00:00Z', '2026-04-15T00:00:00Z'],
      // Dense, and across the Paris spring change.
      ['*/13 * * * * *', '2026-03-29T00:00:00Z', '2026-03-29T02:00:00Z'],
    ];
    for (const [expression, afterText, untilText] of cases) {
      const schedule = parseCron(expression, 'Europe/Paris');
      const after = d(afterText);
      const until = d(untilText);
      const all: Date[] = [];
      for (let next = schedule.nextAfter(after); next && next <= until; next = schedule.nextAfter(next)) {
        all.push(next);
      }
      for (const count of [1, 5, 50]) {
        const result = latestOccurrences(schedule, after, until, count);
        expect(iso(result.items)).toEqual(iso(all.slice(-count)));
        expect(result.complete).toBe(all.length <= count);
      }
    }
  });
});

describe(latestFrom.name, () => {
  const hourly = parseCron('0 * * * *', 'UTC');

  it('should put the first instant at the head when there is room', () => {
    // 10:17 (say a start_at) is due, then 11:00 and 12:00.
    const result = latestFrom(hourly, d('2026-01-01T10:17:00Z'), d('2026-01-01T12:30:00Z'), 5);
    expect(iso(result.items)).toEqual([
      '2026-01-01T10:17:00.000Z',
      '2026-01-01T11:00:00.000Z',
      '2026-01-01T12:00:00.000Z',
    ]);
    expect(result.complete).toBe(true);
  });

  it('should drop the first instant and say incomplete when there is no room', () => {
    const result = latestFrom(hourly, d('2026-01-01T10:17:00Z'), d('2026-01-01T12:30:00Z'), 2);
    expect(iso(result.items)).toEqual(['2026-01-01T11:00:00.000Z', '2026-01-01T12:00:00.000Z']);
    expect(result.complete).toBe(false);
  });
});
