import type { PeriodicRunDto, PeriodicTaskDto } from '@app/contracts';
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
  useNotify,
  When,
} from '../components';
import { PERIODIC } from '../constants';
import { dateTime, words } from '../format';
import { useAction, useResource } from '../hooks';
import { Link, navigate, setQuery } from '../router';
import { useCan } from '../session';
import { CronPreview } from './cron-validator';
import { PeriodicForm } from './periodic-form';

function usePeriodicAction(after: (action: 'pause' | 'resume' | 'run-now' | 'delete') => void) {
  const api = useApi();
  const notify = useNotify();
  return useAction(async (task: PeriodicTaskDto, action: 'pause' | 'resume' | 'run-now' | 'delete') => {
    if (action === 'delete') {
      await api.del(`${PERIODIC}${task.id}/`);
      notify(`"${task.name}" deleted`);
    } else if (action === 'run-now') {
      const run = await api.post<PeriodicRunDto>(`${PERIODIC}${task.id}/run-now/`);
      notify(
        run.task_id
          ? `"${task.name}" ran now: task ${run.task_id}`
          : `"${task.name}": ${words(run.status)}${run.error ? ` (${run.error})` : ''}`,
        run.status === 'fired' ? 'ok' : 'bad',
      );
    } else {
      await api.post(`${PERIODIC}${task.id}/${action}/`);
      notify(`"${task.name}" ${action === 'pause' ? 'paused' : 'resumed'}`);
    }
    after(action);
  });
}

function PeriodicButtons({
  task,
  act,
  onEdit,
}: {
  task: PeriodicTaskDto;
  act: ReturnType<typeof usePeriodicAction>;
  onEdit: () => void;
}) {
  return (
    <>
      <button type="button" disabled={act.busy} onClick={() => act.run(task, 'run-now')}>
        Run now
      </button>
      <button
        type="button"
        disabled={act.busy}
        onClick={() => act.run(task, task.enabled ? 'pause' : 'resume')}
      >
        {task.enabled ? 'Pause' : 'Resume'}
      </button>
      <button type="button" onClick={onEdit}>
        Edit
      </button>
      <ConfirmButton
        label="Delete"
        confirm="Delete it and its run history?"
        onConfirm={() => act.run(task, 'delete')}
      />
    </>
  );
}

export function PeriodicList({ query }: { query: URLSearchParams }) {
  const api = useApi();
  const isAdmin = useCan('admin');
  const page = Number(query.get('page') ?? '1') || 1;
  const [editing, setEditing] = useState<PeriodicTaskDto | 'new' | null>(null);
  const list = useResource(
    (signal) => api.get<Paginated<PeriodicTaskDto>>(PERIODIC, { page, page_size: 25 }, signal),
    [page],
    { refreshMs: 10_000 },
  );
  const act = usePeriodicAction(() => list.reload());

  return (
    <>
      {isAdmin && !list.error && (
        <div class="filters">
          <button type="button" class="primary" onClick={() => setEditing('new')}>
            New periodic task
          </button>
        </div>
      )}
      {act.error && <ErrorNotice error={act.error} />}
      {list.error && !list.data && (
        <ErrorNotice error={list.error} what="Periodic tasks" onRetry={list.reload} />
      )}
      {list.loading && <Loading what="Loading periodic tasks" />}
      {list.data && list.data.results.length === 0 && (
        <Empty title="No periodic task">
          {isAdmin
            ? 'Create one: a task type, a cron expression and a time zone.'
            : 'An admin of this brand can create them.'}
        </Empty>
      )}
      {list.data && list.data.results.length > 0 && (
        <div class="table-wrap">
          <table class="table responsive" data-testid="periodic-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Schedule</th>
                <th>Next run</th>
                <th>Last run</th>
                <th>Runs</th>
                {isAdmin && <th>Actions</th>}
              </tr>
            </thead>
            <tbody>
              {list.data.results.map((task) => (
                <tr key={task.id} data-name={task.name} data-enabled={String(task.enabled)}>
                  <td data-label="Name">
                    <Link to={`/schedules/periodic/${task.id}`}>
                      <strong>{task.name}</strong>
                    </Link>{' '}
                    <Badge
                      value={task.enabled ? 'enabled' : 'disabled'}
                      label={task.enabled ? 'enabled' : 'paused'}
                    />
                    <div class="muted small">{task.task_type}</div>
                  </td>
                  <td data-label="Schedule">
                    <code>{task.cron_expression}</code>
                    <div class="muted small">
                      {task.description} · {task.timezone}
                    </div>
                  </td>
                  <td data-label="Next run">
                    {task.next_run_at ? (
                      <span title={dateTime(task.next_run_at, task.timezone)}>
                        {dateTime(task.next_run_at, task.timezone)}
                      </span>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                  <td data-label="Last run">
                    <When iso={task.last_run_at} />{' '}
                    {task.last_task_status && <Badge value={task.last_task_status} />}
                  </td>
                  <td data-label="Runs">
                    {task.total_run_count}
                    {task.max_runs ? ` / ${task.max_runs}` : ''}
                  </td>
                  {isAdmin && (
                    <td data-label="Actions" class="actions">
                      <PeriodicButtons task={task} act={act} onEdit={() => setEditing(task)} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && (
        <Pager
          count={list.data.count}
          page={page}
          pageSize={25}
          onPage={(p) => setQuery({ page: p }, { replace: false })}
        />
      )}
      {editing && (
        <PeriodicForm
          task={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => (setEditing(null), list.reload())}
        />
      )}
    </>
  );
}

export function PeriodicDetailPage({ id }: { id: string }) {
  const api = useApi();
  const isAdmin = useCan('admin');
  const [editing, setEditing] = useState(false);
  const [page, setPage] = useState(1);
  const task = useResource(
    (signal) => api.get<PeriodicTaskDto>(`${PERIODIC}${encodeURIComponent(id)}/`, undefined, signal),
    [id],
    { refreshMs: 10_000 },
  );
  const runs = useResource(
    (signal) =>
      api.get<Paginated<PeriodicRunDto>>(
        `${PERIODIC}${encodeURIComponent(id)}/runs/`,
        { page, page_size: 25 },
        signal,
      ),
    [id, page, task.data?.total_run_count],
    { refreshMs: 10_000 },
  );
  const act = usePeriodicAction((action) =>
    action === 'delete' ? navigate('/schedules') : (task.reload(), runs.reload()),
  );

  if (task.error && !task.data)
    return <ErrorNotice error={task.error} what="This periodic task" onRetry={task.reload} />;
  if (!task.data) return <Loading what="Loading the periodic task" />;
  const t = task.data;
  return (
    <section data-testid="periodic-detail">
      <PageHeader title={t.name}>
        {isAdmin && <PeriodicButtons task={t} act={act} onEdit={() => setEditing(true)} />}
      </PageHeader>
      <p class="breadcrumbs">
        <Link to="/schedules">Schedules</Link> / periodic task #{t.id}
      </p>
      {act.error && <ErrorNotice error={act.error} />}
      <div class="two-col">
        <div class="card">
          <h2>Schedule</h2>
          <dl class="kv">
            <dt>Status</dt>
            <dd>
              <Badge value={t.enabled ? 'enabled' : 'disabled'} label={t.enabled ? 'enabled' : 'paused'} />
            </dd>
            <dt>Cron</dt>
            <dd>
              <code>{t.cron_expression}</code> ({t.timezone})
            </dd>
            <dt>Means</dt>
            <dd>{t.description}</dd>
            <dt>Task</dt>
            <dd>
              {t.task_type} · <Badge value={t.priority} /> · queue <span class="mono">{t.queue}</span>
            </dd>
            <dt>Next run</dt>
            <dd>{dateTime(t.next_run_at, t.timezone)}</dd>
            <dt>Last run</dt>
            <dd>
              {dateTime(t.last_run_at, t.timezone)}{' '}
              {t.last_task_id && <Link to={`/tasks/${t.last_task_id}`}>{t.last_task_id}</Link>}
            </dd>
            <dt>Window</dt>
            <dd>
              {t.start_at ? `from ${dateTime(t.start_at, t.timezone)}` : 'from creation'}
              {t.end_at ? ` until ${dateTime(t.end_at, t.timezone)}` : ''}
              {t.max_runs ? `, at most ${t.max_runs} runs` : ''}
            </dd>
            <dt>Policies</dt>
            <dd>
              misfire {words(t.misfire_policy)}, overlap {t.overlap_policy}
              {t.calendar ? `, calendar #${t.calendar} (${t.calendar_mode})` : ''}
            </dd>
          </dl>
        </div>
        <div class="card">
          <h2>Next runs</h2>
          <CronPreview
            expression={t.cron_expression}
            timezone={t.timezone}
            calendar={t.calendar}
            calendarMode={t.calendar_mode}
            count={8}
          />
        </div>
      </div>
      <div class="card">
        <h2>Run history</h2>
        {runs.error && <ErrorNotice error={runs.error} what="The run history" />}
        {runs.data && runs.data.results.length === 0 && <p class="muted">No run yet.</p>}
        {runs.data && runs.data.results.length > 0 && (
          <div class="table-wrap">
            <table class="table responsive" data-testid="run-table">
              <thead>
                <tr>
                  <th>Scheduled for</th>
                  <th>Fired</th>
                  <th>Trigger</th>
                  <th>Outcome</th>
                  <th>Task</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.results.map((run) => (
                  <tr key={run.id}>
                    <td data-label="Scheduled for">{dateTime(run.scheduled_for, t.timezone)}</td>
                    <td data-label="Fired">{dateTime(run.fired_at, t.timezone)}</td>
                    <td data-label="Trigger">{run.trigger}</td>
                    <td data-label="Outcome">
                      <Badge value={run.status} />{' '}
                      {run.reason && <span class="muted small">{words(run.reason)}</span>}
                      {run.error && <div class="muted small">{run.error}</div>}
                    </td>
                    <td data-label="Task">
                      {run.task_id ? <Link to={`/tasks/${run.task_id}`}>{run.task_id}</Link> : '—'}{' '}
                      {run.task_status && <Badge value={run.task_status} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {runs.data && <Pager count={runs.data.count} page={page} pageSize={25} onPage={setPage} />}
      </div>
      {editing && (
        <PeriodicForm
          task={t}
          onClose={() => setEditing(false)}
          onSaved={() => (setEditing(false), task.reload())}
        />
      )}
    </section>
  );
}
