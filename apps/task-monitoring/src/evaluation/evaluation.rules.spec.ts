import { compare, conditionHolds, decide, describeCondition, thresholdProblem } from './evaluation.rules';

describe(compare.name, () => {
  it.each([
    [5, 'gt', 4, true],
    [4, 'gt', 4, false],
    [4, 'gte', 4, true],
    [3.9, 'gte', 4, false],
    [3, 'lt', 4, true],
    [4, 'lt', 4, false],
    [4, 'lte', 4, true],
    [4.1, 'lte', 4, false],
  ] as const)('should say %s %s %s is %s', (value, operator, threshold, expected) => {
    expect(compare(value, operator, threshold)).toBe(expected);
  });
});

describe(conditionHolds.name, () => {
  it('should never hold without data', () => {
    expect(conditionHolds(null, 'lt', 1)).toBe(false);
    expect(conditionHolds(Number.NaN, 'gte', 0)).toBe(false);
    expect(conditionHolds(0, 'lt', 1)).toBe(true);
  });
});

describe(decide.name, () => {
  const now = new Date('2025-01-01T12:00:00Z');
  const base = { hasOpenAlert: false, lastTriggeredAt: null, cooldownMinutes: 10, now };

  it('should open an alert when the condition holds and none is open', () => {
    expect(decide({ ...base, holds: true })).toBe('trigger');
  });

  it('should keep an open alert while the condition holds and resolve it when it clears', () => {
    expect(decide({ ...base, holds: true, hasOpenAlert: true })).toBe('firing');
    expect(decide({ ...base, holds: false, hasOpenAlert: true })).toBe('resolve');
  });

  it('should wait for the cooldown after the last trigger before opening again', () => {
    const fiveMinutesAgo = new Date(now.getTime() - 5 * 60_000);
    const elevenMinutesAgo = new Date(now.getTime() - 11 * 60_000);
    expect(decide({ ...base, holds: true, lastTriggeredAt: fiveMinutesAgo })).toBe('cooldown');
    expect(decide({ ...base, holds: true, lastTriggeredAt: elevenMinutesAgo })).toBe('trigger');
    expect(decide({ ...base, holds: true, lastTriggeredAt: fiveMinutesAgo, cooldownMinutes: 0 })).toBe('trigger');
  });

  it('should do nothing when the condition does not hold and no alert is open', () => {
    expect(decide({ ...base, holds: false })).toBe('ok');
  });
});

describe(thresholdProblem.name, () => {
  it('should keep failure_rate thresholds within 0 and 1 and others non-negative', () => {
    expect(thresholdProblem('failure_rate', 0.5)).toBeNull();
    expect(thresholdProblem('failure_rate', 50)).toMatch(/between 0 and 1/);
    expect(thresholdProblem('queue_depth', -1)).toMatch(/0 or more/);
    expect(thresholdProblem('workers_online', 0)).toBeNull();
  });
});

describe(describeCondition.name, () => {
  it('should say what was measured, against what, over which window', () => {
    const rule = { metric: 'failure_rate', operator: 'gt', threshold: 0.5, window_minutes: 5, task_type: 'fail' } as const;
    expect(describeCondition(rule, 0.75)).toBe('failure_rate 0.75 > 0.5 over 5 min (task_type fail)');
    expect(describeCondition({ ...rule, metric: 'queue_depth', operator: 'gte', threshold: 3, task_type: null }, 7)).toBe(
      'queue_depth 7 ≥ 3 now',
    );
  });
});
