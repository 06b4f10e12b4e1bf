import type { CreateCronJobBody, CronJobDto, CronJobScheduleType, TaskPriority } from '@app/contracts';
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { Paginated } from '../api';
import { ApiError, useApi } from '../api';
import {
  Badge,
  bind,
  ConfirmButton,
  Empty,
  ErrorNotice,
  Field,
  Loading,
  Modal,
  Pager,
  useNotify,
  When,
} from '../components';
import { CRON_JOBS, KNOWN_TASK_TYPES, parseJsonObject, PRIORITIES } from '../constants';
import { dateTime, fromLocalInput, span, toLocalInput } from '../format';
import { useAction, useResource } from '../hooks';
import { Link } from '../router';
import { useCan } from '../session';

/** Scheduled jobs: once at a time, or every N seconds. */
export function CronJobList() {
  const api = useApi();
  const notify = useNotify();
  const isAdmin = useCan('admin');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<CronJobDto | 'new' | null>(null);
  const list = useResource(
    (signal) => api.get<Paginated<CronJobDto>>(CRON_JOBS, { page, page_size: 25 }, signal),
    [page],
    { refreshMs: 10_000 },
  );
  const act = useAction(async (job: CronJobDto, action: 'cancel' | 'reschedule' | 'delete') => {
    if (action === 'delete') await api.del(`${CRON_JOBS}${job.id}/`);
    else
      await api.patch(`${CRON_JOBS}${job.id}/`, { status: action === 'cancel' ? 'cancelled' : 'scheduled' });
    notify(
      `"${job.name}" ${action === 'delete' ? 'deleted' : action === 'cancel' ? 'cancelled' : 'scheduled again'}`,
    );
    list.reload();
  });

  return (
    <>
      {isAdmin && !list.error && (
        <div class="filters">
          <button type="button" class="primary" onClick={() => setEditing('new')}>
            New scheduled job
          </button>
        </div>
      )}
      {act.error && <ErrorNotice error={act.error} />}
      {list.error && !list.data && (
        <ErrorNotice error={list.error} what="Scheduled jobs" onRetry={list.reload} />
      )}
      {list.loading && <Loading what="Loading scheduled jobs" />}
      {list.data && list.data.results.length === 0 && (
        <Empty title="No scheduled job">One-off runs at a time, or runs every N seconds.</Empty>
      )}
      {list.data && list.data.results.length > 0 && (
        <div class="table-wrap">
          <table class="table responsive" data-testid="cron-job-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Schedule</th>
                <th>Status</th>
                <th>Next run</th>
                <th>Last run</th>
                {isAdmin && <th>Actions</th>}
              </tr>
            </thead>
            <tbody>
              {list.data.results.map((job) => (
                <tr key={job.id}>
                  <td data-label="Name">
                    <strong>{job.name}</strong>
                    <div class="muted small">{job.task_type}</div>
                  </td>
                  <td data-label="Schedule">
                    {job.schedule_type === 'once'
                      ? `once at ${dateTime(job.run_at)}`
                      : `every ${span(job.interval_seconds ?? 0)}${job.start_at ? ` from ${dateTime(job.start_at)}` : ''}`}
                  </td>
                  <td data-label="Status">
                    <Badge value={job.status} />
                  </td>
                  <td data-label="Next run">
                    <When iso={job.next_run_at} />
                  </td>
                  <td data-label="Last run">
                    <When iso={job.last_run_at} />{' '}
                    {job.last_task_id && <Link to={`/tasks/${job.last_task_id}`}>{job.last_task_id}</Link>}
                    <div class="muted small">{job.total_run_count} runs</div>
                  </td>
                  {isAdmin && (
                    <td data-label="Actions" class="actions">
                      {job.status === 'scheduled' && (
                        <button type="button" disabled={act.busy} onClick={() => act.run(job, 'cancel')}>
                          Pause
                        </button>
                      )}
                      {job.status === 'cancelled' && (
                        <button type="button" disabled={act.busy} onClick={() => act.run(job, 'reschedule')}>
                          Resume
                        </button>
                      )}
                      <button type="button" onClick={() => setEditing(job)}>
                        Edit
                      </button>
                      <ConfirmButton
                        label="Delete"
                        confirm="Delete?"
                        onConfirm={() => act.run(job, 'delete')}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && <Pager count={list.data.count} page={page} pageSize={25} onPage={setPage} />}
      {editing && (
        <CronJobForm
          job={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => (setEditing(null), list.reload())}
        />
      )}
    </>
  );
}

function CronJobForm({
  job,
  onClose,
  onSaved,
}: {
  job: CronJobDto | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const api = useApi();
  const notify = useNotify();
  const [name, setName] = useState(job?.name ?? '');
  const [taskType, setTaskType] = useState(job?.task_type ?? '');
  const [type, setType] = useState<CronJobScheduleType>(job?.schedule_type ?? 'once');
  const [runAt, setRunAt] = useState(toLocalInput(job?.run_at));
  const [interval, setIntervalSeconds] = useState(
    job?.interval_seconds ? String(job.interval_seconds) : '3600',
  );
  const [startAt, setStartAt] = useState(toLocalInput(job?.start_at));
  const [context, setContext] = useState(job ? JSON.stringify(job.context_data) : '');
  const [priority, setPriority] = useState<TaskPriority>(job?.priority ?? 'normal');
  const [queue, setQueue] = useState(job?.queue ?? 'default');
  const save = useAction((body: CreateCronJobBody) =>
    job ? api.patch<CronJobDto>(`${CRON_JOBS}${job.id}/`, body) : api.post<CronJobDto>(CRON_JOBS, body),
  );
  const parsed = parseJsonObject(context);
  const error =
    save.error ??
    (!parsed.ok ? new ApiError(400, 'LOCAL', parsed.error, { context_data: [parsed.error] }) : undefined);

  const submit = async (event: TargetedEvent<HTMLFormElement, Event>) => {
    event.preventDefault();
    if (!parsed.ok) return;
    const saved = await save.run({
      name: name.trim(),
      task_type: taskType.trim(),
      schedule_type: type,
      run_at: type === 'once' ? (fromLocalInput(runAt) ?? null) : null,
      interval_seconds: type === 'interval' ? Number(interval) : null,
      start_at: type === 'interval' ? (fromLocalInput(startAt) ?? null) : null,
      context_data: parsed.value ?? {},
      priority,
      queue: queue.trim() || 'default',
    });
    if (saved) {
      notify(`"${saved.name}" saved`);
      onSaved();
    }
  };

  return (
    <Modal title={job ? `Edit "${job.name}"` : 'New scheduled job'} onClose={onClose}>
      <form class="form-grid" onSubmit={submit} aria-label="Scheduled job">
        <Field label="Name" name="name" error={error}>
          <input name="name" required value={name} onInput={bind(setName)} />
        </Field>
        <Field label="Task type" name="task_type" error={error}>
          <input
            name="task_type"
            required
            list="cron-task-types"
            value={taskType}
            onInput={bind(setTaskType)}
          />
          <datalist id="cron-task-types">
            {KNOWN_TASK_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </Field>
        <Field label="Schedule" name="schedule_type" error={error}>
          <select
            name="schedule_type"
            value={type}
            onChange={(e) => setType(e.currentTarget.value as CronJobScheduleType)}
          >
            <option value="once">once, at a time</option>
            <option value="interval">every N seconds</option>
          </select>
        </Field>
        {type === 'once' ? (
          <Field label="Run at" name="run_at" error={error} hint="Your local time">
            <input name="run_at" type="datetime-local" required value={runAt} onInput={bind(setRunAt)} />
          </Field>
        ) : (
          <>
            <Field
              label="Every (seconds)"
              name="interval_seconds"
              error={error}
              hint={interval ? span(Number(interval)) : undefined}
            >
              <input
                name="interval_seconds"
                type="number"
                min={1}
                required
                value={interval}
                onInput={bind(setIntervalSeconds)}
              />
            </Field>
            <Field label="First run" name="start_at" error={error} hint="Default: one interval from now">
              <input name="start_at" type="datetime-local" value={startAt} onInput={bind(setStartAt)} />
            </Field>
          </>
        )}
        <Field label="Priority" name="priority" error={error}>
          <select
            name="priority"
            value={priority}
            onChange={(e) => setPriority(e.currentTarget.value as TaskPriority)}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Queue" name="queue" error={error}>
          <input name="queue" value={queue} onInput={bind(setQueue)} />
        </Field>
        <Field label="Context data (JSON object)" name="context_data" error={error} wide>
          <textarea
            name="context_data"
            rows={3}
            class="mono"
            spellcheck={false}
            value={context}
            onInput={bind(setContext)}
            placeholder="{}"
          />
        </Field>
        {save.error && <ErrorNotice error={save.error} />}
        <footer class="form-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={save.busy}>
            {save.busy ? 'Saving…' : 'Save'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
