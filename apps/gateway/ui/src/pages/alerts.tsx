import type { AlertDto, AlertRuleDto } from '@app/contracts';
import { useState } from 'preact/hooks';
import type { Paginated } from '../api';
import { useApi } from '../api';
import {
  Badge,
  ConfirmButton,
  Empty,
  ErrorNotice,
  Loading,
  PageHeader,
  Pager,
  Tabs,
  useNotify,
  When,
} from '../components';
import { OPERATOR_SIGN } from '../constants';
import { num, words } from '../format';
import { useAction, useResource } from '../hooks';
import { setQuery } from '../router';
import { useCan } from '../session';
import { RuleForm } from './alert-rule-form';

type Tab = 'alerts' | 'rules';

export function AlertsPage({ query }: { query: URLSearchParams }) {
  const tab: Tab = query.get('tab') === 'rules' ? 'rules' : 'alerts';
  return (
    <section data-testid="alerts">
      <PageHeader title="Alerts">
        <Tabs<Tab>
          tabs={[
            { id: 'alerts', label: 'Alerts' },
            { id: 'rules', label: 'Rules' },
          ]}
          value={tab}
          onChange={(id) => setQuery({ tab: id === 'alerts' ? null : id, page: null })}
        />
      </PageHeader>
      {tab === 'alerts' ? <AlertList query={query} /> : <RuleList />}
    </section>
  );
}

function AlertList({ query }: { query: URLSearchParams }) {
  const api = useApi();
  const notify = useNotify();
  const canEdit = useCan('editor');
  const status = query.get('status') ?? 'open';
  const page = Number(query.get('page') ?? '1') || 1;
  const list = useResource(
    (signal) =>
      api.get<Paginated<AlertDto>>('/tasks/monitoring/alerts/', { status, page, page_size: 50 }, signal),
    [status, page],
    { refreshMs: 10_000 },
  );
  const act = useAction(async (alert: AlertDto, action: 'acknowledge' | 'resolve') => {
    await api.post(`/tasks/monitoring/alerts/${alert.id}/${action}/`);
    notify(
      action === 'acknowledge'
        ? `Alert "${alert.rule_name}" acknowledged`
        : `Alert "${alert.rule_name}" resolved`,
    );
    list.reload();
  });

  return (
    <>
      <div class="filters">
        <Tabs
          tabs={[
            { id: 'open', label: 'Open' },
            { id: 'active', label: 'Active' },
            { id: 'acknowledged', label: 'Acknowledged' },
            { id: 'resolved', label: 'Resolved' },
            { id: 'all', label: 'All' },
          ]}
          value={status}
          onChange={(s) => setQuery({ status: s === 'open' ? null : s, page: null })}
        />
      </div>
      {act.error && <ErrorNotice error={act.error} />}
      {list.error && !list.data && <ErrorNotice error={list.error} what="Alerts" onRetry={list.reload} />}
      {list.loading && <Loading what="Loading alerts" />}
      {list.data && list.data.results.length === 0 && (
        <Empty title={status === 'open' ? 'No open alert' : 'No alert'}>
          Alerts are raised by the rules of the Rules tab and resolve themselves when the condition clears.
        </Empty>
      )}
      {list.data && list.data.results.length > 0 && (
        <ul class="cards" data-testid="alert-list">
          {list.data.results.map((alert) => (
            <li key={alert.id} class={`card alert severity-${alert.severity}`} data-status={alert.status}>
              <div class="row">
                <Badge value={alert.severity} />
                <strong>{alert.rule_name}</strong>
                <Badge value={alert.status} />
                <span class="muted">
                  triggered <When iso={alert.triggered_at} />
                </span>
              </div>
              <p>{alert.message}</p>
              <p class="muted small">
                {words(alert.metric)} {OPERATOR_SIGN[alert.operator]} {num(alert.threshold, 4)} over{' '}
                {alert.window_minutes} min
                {alert.task_type ? ` · ${alert.task_type}` : ''} · value {num(alert.value, 4)}
                {alert.current_value !== null && alert.current_value !== alert.value
                  ? ` (now ${num(alert.current_value, 4)})`
                  : ''}
                {alert.acknowledged_by && ` · acknowledged by ${alert.acknowledged_by.username}`}
                {alert.resolution && ` · resolved (${words(alert.resolution)})`}
              </p>
              {canEdit && alert.status !== 'resolved' && (
                <div class="row">
                  {alert.status === 'active' && (
                    <button type="button" disabled={act.busy} onClick={() => act.run(alert, 'acknowledge')}>
                      Acknowledge
                    </button>
                  )}
                  <button type="button" disabled={act.busy} onClick={() => act.run(alert, 'resolve')}>
                    Resolve
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {list.data && (
        <Pager
          count={list.data.count}
          page={page}
          pageSize={50}
          onPage={(p) => setQuery({ page: p }, { replace: false })}
        />
      )}
    </>
  );
}

function RuleList() {
  const api = useApi();
  const notify = useNotify();
  const isAdmin = useCan('admin');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<AlertRuleDto | 'new' | null>(null);
  const list = useResource(
    (signal) =>
      api.get<Paginated<AlertRuleDto>>('/tasks/monitoring/alert-rules/', { page, page_size: 50 }, signal),
    [page],
    { refreshMs: 15_000 },
  );
  const act = useAction(async (rule: AlertRuleDto, action: 'toggle' | 'delete') => {
    if (action === 'delete') await api.del(`/tasks/monitoring/alert-rules/${rule.id}/`);
    else await api.patch(`/tasks/monitoring/alert-rules/${rule.id}/`, { enabled: !rule.enabled });
    notify(
      action === 'delete'
        ? `Rule "${rule.name}" deleted`
        : `Rule "${rule.name}" ${rule.enabled ? 'disabled' : 'enabled'}`,
    );
    list.reload();
  });

  return (
    <>
      {isAdmin && !list.error && (
        <div class="filters">
          <button type="button" class="primary" onClick={() => setEditing('new')}>
            New rule
          </button>
        </div>
      )}
      {act.error && <ErrorNotice error={act.error} />}
      {list.error && !list.data && (
        <ErrorNotice error={list.error} what="Alert rules" onRetry={list.reload} />
      )}
      {list.loading && <Loading what="Loading rules" />}
      {list.data && list.data.results.length === 0 && (
        <Empty title="No alert rule">
          {isAdmin
            ? 'Create one: a metric, a threshold and a window.'
            : 'An admin of this brand can create them.'}
        </Empty>
      )}
      {list.data && list.data.results.length > 0 && (
        <div class="table-wrap">
          <table class="table responsive" data-testid="rule-table">
            <thead>
              <tr>
                <th>Rule</th>
                <th>Condition</th>
                <th>Severity</th>
                <th>State</th>
                <th>Last value</th>
                <th>Evaluated</th>
                {isAdmin && <th>Actions</th>}
              </tr>
            </thead>
            <tbody>
              {list.data.results.map((rule) => (
                <tr key={rule.id}>
                  <td data-label="Rule">
                    <strong>{rule.name}</strong>
                    {!rule.enabled && <Badge value="disabled" />}
                    {rule.description && <div class="muted small">{rule.description}</div>}
                  </td>
                  <td data-label="Condition">
                    {words(rule.metric)} {OPERATOR_SIGN[rule.operator]} {num(rule.threshold, 4)} over{' '}
                    {rule.window_minutes} min{rule.task_type ? ` (${rule.task_type})` : ''}
                  </td>
                  <td data-label="Severity">
                    <Badge value={rule.severity} />
                  </td>
                  <td data-label="State">
                    <Badge value={rule.state} />
                  </td>
                  <td data-label="Last value">{num(rule.last_value, 4)}</td>
                  <td data-label="Evaluated">
                    <When iso={rule.last_evaluated_at} />
                  </td>
                  {isAdmin && (
                    <td data-label="Actions" class="actions">
                      <button type="button" onClick={() => setEditing(rule)}>
                        Edit
                      </button>
                      <button type="button" disabled={act.busy} onClick={() => act.run(rule, 'toggle')}>
                        {rule.enabled ? 'Disable' : 'Enable'}
                      </button>
                      <ConfirmButton
                        label="Delete"
                        confirm="Delete this rule?"
                        onConfirm={() => act.run(rule, 'delete')}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && <Pager count={list.data.count} page={page} pageSize={50} onPage={setPage} />}
      {editing && (
        <RuleForm
          rule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(rule) => {
            notify(`Rule "${rule.name}" saved`);
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </>
  );
}
