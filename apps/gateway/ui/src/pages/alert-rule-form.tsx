import type {
  AlertMetric,
  AlertOperator,
  AlertRuleDto,
  AlertSeverity,
  CreateAlertRuleBody,
} from '@app/contracts';
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { useApi } from '../api';
import { bind, ErrorNotice, Field, Modal } from '../components';
import { ALERT_METRICS, ALERT_OPERATORS, ALERT_SEVERITIES, OPERATOR_SIGN } from '../constants';
import { words } from '../format';
import { useAction } from '../hooks';

/** Create or edit an alert rule (admin): a metric, an operator, a threshold, a window. */
export function RuleForm({
  rule,
  onClose,
  onSaved,
}: {
  rule: AlertRuleDto | null;
  onClose: () => void;
  onSaved: (rule: AlertRuleDto) => void;
}) {
  const api = useApi();
  const [name, setName] = useState(rule?.name ?? '');
  const [description, setDescription] = useState(rule?.description ?? '');
  const [metric, setMetric] = useState<AlertMetric>(rule?.metric ?? 'failure_rate');
  const [operator, setOperator] = useState<AlertOperator>(rule?.operator ?? 'gt');
  const [threshold, setThreshold] = useState(rule ? String(rule.threshold) : '0.1');
  const [windowMinutes, setWindowMinutes] = useState(String(rule?.window_minutes ?? 15));
  const [taskType, setTaskType] = useState(rule?.task_type ?? '');
  const [severity, setSeverity] = useState<AlertSeverity>(rule?.severity ?? 'warning');
  const [cooldown, setCooldown] = useState(String(rule?.cooldown_minutes ?? 30));
  const [interval, setIntervalSeconds] = useState(rule ? String(rule.evaluation_interval_seconds) : '');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [webhook, setWebhook] = useState(rule?.webhook_url ?? '');
  const save = useAction((body: CreateAlertRuleBody) =>
    rule
      ? api.patch<AlertRuleDto>(`/tasks/monitoring/alert-rules/${rule.id}/`, body)
      : api.post<AlertRuleDto>('/tasks/monitoring/alert-rules/', body),
  );
  const error = save.error;

  const submit = async (event: TargetedEvent<HTMLFormElement, Event>) => {
    event.preventDefault();
    const body: CreateAlertRuleBody = {
      name: name.trim(),
      description: description.trim() || undefined,
      metric,
      operator,
      threshold: Number(threshold),
      window_minutes: Number(windowMinutes),
      task_type: taskType.trim() || (rule ? null : undefined),
      severity,
      cooldown_minutes: Number(cooldown),
      evaluation_interval_seconds: interval ? Number(interval) : undefined,
      enabled,
      webhook_url: webhook.trim() || (rule?.webhook_url ? null : undefined),
    };
    const saved = await save.run(body);
    if (saved) onSaved(saved);
  };

  return (
    <Modal title={rule ? `Edit rule "${rule.name}"` : 'New alert rule'} onClose={onClose}>
      <form class="form-grid" onSubmit={submit} aria-label="Alert rule">
        <Field label="Name" name="name" error={error} wide>
          <input name="name" required maxLength={200} value={name} onInput={bind(setName)} />
        </Field>
        <Field label="Metric" name="metric" error={error}>
          <select
            name="metric"
            value={metric}
            onChange={(e) => setMetric(e.currentTarget.value as AlertMetric)}
          >
            {ALERT_METRICS.map((m) => (
              <option key={m} value={m}>
                {words(m)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Operator" name="operator" error={error}>
          <select
            name="operator"
            value={operator}
            onChange={(e) => setOperator(e.currentTarget.value as AlertOperator)}
          >
            {ALERT_OPERATORS.map((o) => (
              <option key={o} value={o}>
                {OPERATOR_SIGN[o]} ({o})
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Threshold"
          name="threshold"
          error={error}
          hint={metric === 'failure_rate' ? 'A ratio: 0.1 is 10%' : undefined}
        >
          <input
            name="threshold"
            type="number"
            step="any"
            required
            value={threshold}
            onInput={bind(setThreshold)}
          />
        </Field>
        <Field label="Window (minutes)" name="window_minutes" error={error}>
          <input
            name="window_minutes"
            type="number"
            min={1}
            max={10080}
            value={windowMinutes}
            onInput={bind(setWindowMinutes)}
          />
        </Field>
        <Field label="Task type (optional)" name="task_type" error={error}>
          <input name="task_type" value={taskType} onInput={bind(setTaskType)} />
        </Field>
        <Field label="Severity" name="severity" error={error}>
          <select
            name="severity"
            value={severity}
            onChange={(e) => setSeverity(e.currentTarget.value as AlertSeverity)}
          >
            {ALERT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Cooldown (minutes)" name="cooldown_minutes" error={error}>
          <input
            name="cooldown_minutes"
            type="number"
            min={0}
            max={10080}
            value={cooldown}
            onInput={bind(setCooldown)}
          />
        </Field>
        <Field
          label="Evaluate every (seconds)"
          name="evaluation_interval_seconds"
          error={error}
          hint="Default: the deployment's"
        >
          <input
            name="evaluation_interval_seconds"
            type="number"
            min={5}
            max={3600}
            value={interval}
            onInput={bind(setIntervalSeconds)}
          />
        </Field>
        <Field label="Webhook URL (optional)" name="webhook_url" error={error} wide>
          <input
            name="webhook_url"
            type="url"
            value={webhook}
            onInput={bind(setWebhook)}
            placeholder="https://hooks.example.com/…"
          />
        </Field>
        <Field label="Description" name="description" error={error} wide>
          <input name="description" value={description} onInput={bind(setDescription)} />
        </Field>
        <label class="check-field">
          <input
            type="checkbox"
            name="enabled"
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />{' '}
          Enabled
        </label>
        {error && <ErrorNotice error={error} />}
        <footer class="form-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={save.busy}>
            {save.busy ? 'Saving…' : 'Save rule'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
