import type { TaskDto } from '@app/contracts';
import { useState } from 'preact/hooks';
import { useApi } from '../api';
import {
  Badge,
  ErrorNotice,
  Json,
  Loading,
  PageHeader,
  ProgressBar,
  Stat,
  useNotify,
  When,
} from '../components';
import { CANCELLABLE, RETRYABLE, TERMINAL } from '../constants';
import { dateTime, mb, ms, usd } from '../format';
import { useAction, useResource } from '../hooks';
import { Link } from '../router';
import { useCan } from '../session';
import { useEventStream } from '../sse';

/** What `GET /tasks/{id}/events/` sends for each change (the gateway's TaskEventsHub summary). */
type TaskChange = Pick<
  TaskDto,
  'id' | 'task_id' | 'status' | 'progress_percentage' | 'progress_message' | 'attempts' | 'error' | 'metrics'
> & {
  result_data?: TaskDto['result_data'];
  occurred_at: string;
};
type LoggedEvent = TaskChange & { kind: string; seq: number };

export function TaskDetailPage({ taskRef }: { taskRef: string }) {
  const api = useApi();
  const notify = useNotify();
  const canEdit = useCan('editor');
  const loaded = useResource(
    (signal) => api.get<TaskDto>(`/tasks/${encodeURIComponent(taskRef)}/`, undefined, signal),
    [taskRef],
  );
  const [live, setLive] = useState<Partial<TaskDto>>({});
  const [events, setEvents] = useState<LoggedEvent[]>([]);
  const task = loaded.data ? { ...loaded.data, ...live } : undefined;
  const watching = task && !TERMINAL.includes(task.status) ? `/tasks/${task.id}/events/` : null;

  const stream = useEventStream<TaskChange>(
    watching,
    (kind, change) => {
      const { occurred_at: _at, result_data, ...fields } = change;
      setLive((current) => ({
        ...current,
        ...fields,
        ...(result_data !== undefined ? { result_data } : {}),
      }));
      setEvents((all) => [{ ...change, kind, seq: all.length + 1 }, ...all].slice(0, 200));
      // The summary lacks timestamps and the worker: read the whole task once it is over.
      if (TERMINAL.includes(change.status)) loaded.reload();
    },
    (_kind, change) => TERMINAL.includes(change.status),
  );

  const act = useAction(async (action: 'retry' | 'cancel') => {
    const updated = await api.post<TaskDto>(`/tasks/${task?.id}/${action}/`);
    setLive({});
    loaded.reload();
    notify(
      action === 'retry'
        ? `Task ${updated.task_id} queued again`
        : updated.status === 'cancelled'
          ? 'Task cancelled'
          : 'Cancellation requested: the worker aborts the handler',
    );
    return updated;
  });

  if (loaded.error && !task)
    return <ErrorNotice error={loaded.error} what="This task" onRetry={loaded.reload} />;
  if (!task) return <Loading what="Loading the task" />;

  const metrics = task.metrics;
  return (
    <section data-testid="task-detail" data-status={task.status}>
      <PageHeader title={task.task_id}>
        <span
          class={`live-state ${watching ? stream.state : 'ended'}`}
          data-testid="live-state"
          title="Server-Sent Events from GET /tasks/{id}/events/"
        >
          {watching ? (stream.state === 'live' ? '● live' : stream.state) : 'final'}
        </span>
        {canEdit && RETRYABLE.includes(task.status) && (
          <button type="button" class="primary" disabled={act.busy} onClick={() => act.run('retry')}>
            Retry
          </button>
        )}
        {canEdit &&
          (CANCELLABLE.includes(task.status) || task.status === 'running') &&
          !task.cancel_requested && (
            <button type="button" class="danger" disabled={act.busy} onClick={() => act.run('cancel')}>
              Cancel
            </button>
          )}
      </PageHeader>
      <p class="breadcrumbs">
        <Link to="/tasks">Tasks</Link> / {task.task_type}
      </p>
      {act.error && <ErrorNotice error={act.error} />}
      {stream.error && <ErrorNotice error={stream.error} />}

      <div class="card">
        <div class="status-line">
          <Badge value={task.status} />
          {task.cancel_requested && task.status === 'running' && (
            <Badge value="cancelled" label="cancel requested" />
          )}
          <span class="muted">
            attempt {task.attempts} of {task.max_retries + 1}
          </span>
        </div>
        <ProgressBar value={task.progress_percentage} status={task.status} label="Task progress" />
        <div class="muted" data-testid="progress-message">
          {task.progress_message ?? ' '}
        </div>
      </div>

      {task.error && (
        <div class="card error-card" data-testid="task-error">
          <h2>Error</h2>
          <p>
            <strong>{task.error.type}</strong>: {task.error.message}
          </p>
          {task.error.stack && (
            <details>
              <summary>Stack</summary>
              <pre class="json">{task.error.stack}</pre>
            </details>
          )}
        </div>
      )}

      <div class="stats">
        <Stat label="Execution time" value={ms(metrics?.execution_time_ms)} />
        <Stat label="CPU time" value={ms(metrics?.cpu_time_ms)} />
        <Stat label="Peak memory" value={mb(metrics?.memory_usage_mb)} />
        <Stat label="Cost" value={usd(metrics?.cost_usd)} />
      </div>

      <div class="two-col">
        <div class="card">
          <h2>Fields</h2>
          <dl class="kv">
            <dt>Id</dt>
            <dd>{task.id}</dd>
            <dt>Type</dt>
            <dd>{task.task_type}</dd>
            <dt>Priority</dt>
            <dd>
              <Badge value={task.priority} />
            </dd>
            <dt>Queue</dt>
            <dd class="mono">{task.queue}</dd>
            <dt>Created</dt>
            <dd>
              {dateTime(task.created_at)} by {task.created_by.username}
            </dd>
            <dt>Not before</dt>
            <dd>{dateTime(task.scheduled_for)}</dd>
            <dt>Started</dt>
            <dd>{dateTime(task.started_at)}</dd>
            <dt>Finished</dt>
            <dd>{dateTime(task.completed_at)}</dd>
            {task.next_attempt_at && (
              <>
                <dt>Next attempt</dt>
                <dd>
                  <When iso={task.next_attempt_at} />
                </dd>
              </>
            )}
            <dt>Worker</dt>
            <dd class="mono">{task.worker_id ?? '—'}</dd>
            <dt>Timeout</dt>
            <dd>{task.timeout_seconds ? `${task.timeout_seconds} s` : '—'}</dd>
            <dt>Resumable</dt>
            <dd>{task.is_resumable ? 'yes' : 'no'}</dd>
            {task.persistent_job_id && (
              <>
                <dt>Persistent job</dt>
                <dd>
                  <Link to={`/jobs/${task.persistent_job_id}`}>#{task.persistent_job_id}</Link>
                </dd>
              </>
            )}
            {task.periodic_task_id && (
              <>
                <dt>Periodic task</dt>
                <dd>
                  <Link to={`/schedules/periodic/${task.periodic_task_id}`}>#{task.periodic_task_id}</Link>
                </dd>
              </>
            )}
            {task.tags.length > 0 && (
              <>
                <dt>Tags</dt>
                <dd>{task.tags.join(', ')}</dd>
              </>
            )}
            {task.description && (
              <>
                <dt>Description</dt>
                <dd>{task.description}</dd>
              </>
            )}
          </dl>
        </div>
        <div class="card">
          <h2>Live events</h2>
          {events.length === 0 ? (
            <p class="muted">
              {watching ? 'Waiting for the next change…' : 'The task is over; no more events.'}
            </p>
          ) : (
            <ol class="event-log" data-testid="event-log">
              {events.map((event) => (
                <li key={event.seq}>
                  <time class="muted mono">{new Date(event.occurred_at).toLocaleTimeString()}</time>{' '}
                  <strong>{event.kind.replace(/^task\./, '')}</strong> <Badge value={event.status} />{' '}
                  {event.progress_percentage}%{event.progress_message ? ` · ${event.progress_message}` : ''}
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>

      <div class="two-col">
        <div class="card">
          <h2>Context data</h2>
          <Json value={task.context_data} />
        </div>
        <div class="card">
          <h2>Result</h2>
          {task.result_data ? <Json value={task.result_data} /> : <p class="muted">No result yet.</p>}
        </div>
      </div>
    </section>
  );
}
