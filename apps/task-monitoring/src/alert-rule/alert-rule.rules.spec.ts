import { conditionChanged, mergeRuleFields, newRuleFields, ruleProblems } from './alert-rule.rules';

const defaults = { evaluationIntervalSeconds: 30 };
const rule = newRuleFields({ name: ' Too many failures ', metric: 'failure_rate', operator: 'gt', threshold: 0.2 }, defaults);

describe(newRuleFields.name, () => {
  it('should fill in the documented defaults', () => {
    expect(rule).toEqual({
      name: 'Too many failures',
      description: null,
      metric: 'failure_rate',
      operator: 'gt',
      threshold: 0.2,
      window_minutes: 5,
      task_type: null,
      severity: 'warning',
      cooldown_minutes: 15,
      enabled: true,
      webhook_url: null,
      evaluation_interval_seconds: 30,
    });
  });
});

describe(mergeRuleFields.name, () => {
  it('should keep absent fields, apply present ones and clear nullable ones with null', () => {
    const withType = { ...rule, task_type: 'fail', webhook_url: 'https://hooks.example.com/x' };
    expect(mergeRuleFields(withType, { threshold: 0.5, task_type: null })).toEqual({ ...withType, threshold: 0.5, task_type: null });
  });
});

describe(ruleProblems.name, () => {
  it('should check the threshold against the metric, including after a metric change', () => {
    expect(ruleProblems({ ...rule, threshold: 5 }, { allowPrivateWebhooks: false })).toEqual({
      threshold: ['failure_rate is a ratio: the threshold must be between 0 and 1'],
    });
    expect(ruleProblems({ ...rule, metric: 'queue_depth', threshold: 5 }, { allowPrivateWebhooks: false })).toEqual({});
  });

  it('should refuse webhooks to private addresses unless allowed', () => {
    const local = { ...rule, webhook_url: 'http://127.0.0.1:9000/hook' };
    expect(ruleProblems(local, { allowPrivateWebhooks: false }).webhook_url).toBeDefined();
    expect(ruleProblems(local, { allowPrivateWebhooks: true })).toEqual({});
  });
});

describe(conditionChanged.name, () => {
  it('should see condition changes and re-enabling, not cosmetic edits', () => {
    expect(conditionChanged(rule, { ...rule, threshold: 0.3 })).toBe(true);
    expect(conditionChanged({ ...rule, enabled: false }, rule)).toBe(true);
    expect(conditionChanged(rule, { ...rule, name: 'renamed', severity: 'critical' })).toBe(false);
  });
});
