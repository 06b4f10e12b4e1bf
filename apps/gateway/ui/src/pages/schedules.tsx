import type {
  CalendarDto,
  CalendarMode,
  CalendarPreviewResponse,
  CreateCalendarBody,
  CreateCronJobBody,
  CreatePeriodicTaskBody,
  CronJobDto,
  CronJobScheduleType,
  MisfirePolicy,
  OverlapPolicy,
  PeriodicRunDto,
  PeriodicTaskDto,
  TaskPriority,
} from '@app/contracts';
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { Paginated } from '../api';
import { ApiError, useApi } from '../api';
import { Badge, bind, ConfirmButton, Empty, ErrorNotice, Field, Loading, Modal, PageHeader, Pager, Tabs, useNotify, When } from '../components';
import { KNOWN_TASK_TYPES, parseJsonObject, PRIORITIES } from '../constants';
import { dateTime, fromLocalInput, span, TIME_ZONES, toLocalInput, words } from '../format';
import { useAction, useResource } from '../hooks';
import { Link, navigate, setQuery } from '../router';
import { useCan } from '../session';
import { CronPreview } from './cron-validator';

const PERIODIC = '/tasks/scheduled/periodic-tasks/';
const CRON_JOBS = '/tasks/scheduled/cron-jobs/';
const CALENDARS = '/tasks/scheduled/calendars/';
type Tab = 'periodic' | 'jobs' | 'calendars';

export function SchedulesPage({ query }: { query: URLSearchParams }) {
  const tab = (['jobs', 'calendars'].includes(query.get('tab') ?? '') ? query.get('tab') : 'periodic') as Tab;
  return (
    <section data-testid="schedules">
      <PageHeader title="Schedules">
        <Tabs<Tab>
          tabs={[
            { id: 'periodic', label: 'Periodic tasks' },
            { id: 'jobs', label: 'Scheduled jobs' },
            { id: 'calendars', label: 'Calendars' },
          ]}
          value={tab}
          onChange={(id) => setQuery({ tab: id === 'periodic' ? null : id, page: null })}
        />
      </PageHeader>
      {tab === 'periodic' && <PeriodicList query={query} />}
      {tab === 'jobs' && <CronJobList />}
      {tab === 'calendars' && <CalendarList />}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------
// Periodic tasks
// ---------------------------------------------------------------------------------------------------

function usePeriodicAction(after: (action: 'pause' | 'resume' | 'run-now' | 'delete') => void) {
  const api = useApi();
  const notify = useNotify();
  return useAction(async (task: PeriodicTaskDto, action: 'pause' | 'resume' | 'run-now' | 'delete') => {
    if (action === 'delete') {
      await api.del(`${PERIODIC}${task.id}/`);
      notify(`"${task.name}" deleted`);
    } else if (action === 'run-now') {
      const run = await api.post<PeriodicRunDto>(`${PERIODIC}${task.id}/run-now/`);
      notify(run.task_id ? `"${task.name}" ran now: task ${run.task_id}` : `"${task.name}": ${words(run.status)}${run.error ? ` (${run.error})` : ''}`, run.status === 'fired' ? 'ok' : 'bad');
    } else {
      await api.post(`${PERIODIC}${task.id}/${action}/`);
      notify(`"${task.name}" ${action === 'pause' ? 'paused' : 'resumed'}`);
    }
    after(action);
  });
}

function PeriodicButtons({ task, act, onEdit }: { task: PeriodicTaskDto; act: ReturnType<typeof usePeriodicAction>; onEdit: () => void }) {
  return (
    <>
      <button type="button" disabled={act.busy} onClick={() => act.run(task, 'run-now')}>
        Run now
      </button>
      <button type="button" disabled={act.busy} onClick={() => act.run(task, task.enabled ? 'pause' : 'resume')}>
        {task.enabled ? 'Pause' : 'Resume'}
      </button>
      <button type="button" onClick={onEdit}>
        Edit
      </button>
      <ConfirmButton label="Delete" confirm="Delete it and its run history?" onConfirm={() => act.run(task, 'delete')} />
    </>
  );
}

function PeriodicList({ query }: { query: URLSearchParams }) {
  const api = useApi();
  const isAdmin = useCan('admin');
  const page = Number(query.get('page') ?? '1') || 1;
  const [editing, setEditing] = useState<PeriodicTaskDto | 'new' | null>(null);
  const list = useResource((signal) => api.get<Paginated<PeriodicTaskDto>>(PERIODIC, { page, page_size: 25 }, signal), [page], { refreshMs: 10_000 });
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
      {list.error && !list.data && <ErrorNotice error={list.error} what="Periodic tasks" onRetry={list.reload} />}
      {list.loading && <Loading what="Loading periodic tasks" />}
      {list.data && list.data.results.length === 0 && <Empty title="No periodic task">{isAdmin ? 'Create one: a task type, a cron expression and a time zone.' : 'An admin of this brand can create them.'}</Empty>}
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
                    <Badge value={task.enabled ? 'enabled' : 'disabled'} label={task.enabled ? 'enabled' : 'paused'} />
                    <div class="muted small">{task.task_type}</div>
                  </td>
                  <td data-label="Schedule">
                    <code>{task.cron_expression}</code>
                    <div class="muted small">
                      {task.description} · {task.timezone}
                    </div>
                  </td>
                  <td data-label="Next run">{task.next_run_at ? <span title={dateTime(task.next_run_at, task.timezone)}>{dateTime(task.next_run_at, task.timezone)}</span> : <span class="muted">—</span>}</td>
                  <td data-label="Last run">
                    <When iso={task.last_run_at} /> {task.last_task_status && <Badge value={task.last_task_status} />}
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
      {list.data && <Pager count={list.data.count} page={page} pageSize={25} onPage={(p) => setQuery({ page: p }, { replace: false })} />}
      {editing && <PeriodicForm task={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={() => (setEditing(null), list.reload())} />}
    </>
  );
}

export function PeriodicDetailPage({ id }: { id: string }) {
  const api = useApi();
  const isAdmin = useCan('admin');
  const [editing, setEditing] = useState(false);
  const [page, setPage] = useState(1);
  const task = useResource((signal) => api.get<PeriodicTaskDto>(`${PERIODIC}${encodeURIComponent(id)}/`, undefined, signal), [id], { refreshMs: 10_000 });
  const runs = useResource((signal) => api.get<Paginated<PeriodicRunDto>>(`${PERIODIC}${encodeURIComponent(id)}/runs/`, { page, page_size: 25 }, signal), [id, page, task.data?.total_run_count], { refreshMs: 10_000 });
  const act = usePeriodicAction((action) => (action === 'delete' ? navigate('/schedules') : (task.reload(), runs.reload())));

  if (task.error && !task.data) return <ErrorNotice error={task.error} what="This periodic task" onRetry={task.reload} />;
  if (!task.data) return <Loading what="Loading the periodic task" />;
  const t = task.data;
  return (
    <section data-testid="periodic-detail">
      <PageHeader title={t.name}>{isAdmin && <PeriodicButtons task={t} act={act} onEdit={() => setEditing(true)} />}</PageHeader>
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
              {dateTime(t.last_run_at, t.timezone)} {t.last_task_id && <Link to={`/tasks/${t.last_task_id}`}>{t.last_task_id}</Link>}
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
          <CronPreview expression={t.cron_expression} timezone={t.timezone} calendar={t.calendar} calendarMode={t.calendar_mode} count={8} />
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
                      <Badge value={run.status} /> {run.reason && <span class="muted small">{words(run.reason)}</span>}
                      {run.error && <div class="muted small">{run.error}</div>}
                    </td>
                    <td data-label="Task">
                      {run.task_id ? <Link to={`/tasks/${run.task_id}`}>{run.task_id}</Link> : '—'} {run.task_status && <Badge value={run.task_status} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {runs.data && <Pager count={runs.data.count} page={page} pageSize={25} onPage={setPage} />}
      </div>
      {editing && <PeriodicForm task={t} onClose={() => setEditing(false)} onSaved={() => (setEditing(false), task.reload())} />}
    </section>
  );
}

const PRESETS: Array<[string, string]> = [
  ['*/5 * * * *', 'Every 5 minutes'],
  ['0 * * * *', 'Hourly'],
  ['0 9 * * *', 'Daily at 09:00'],
  ['0 9 * * 1-5', 'Weekdays at 09:00'],
  ['0 6 1 * *', 'Monthly'],
];

function PeriodicForm({ task, onClose, onSaved }: { task: PeriodicTaskDto | null; onClose: () => void; onSaved: () => void }) {
  const api = useApi();
  const notify = useNotify();
  const [name, setName] = useState(task?.name ?? '');
  const [taskType, setTaskType] = useState(task?.task_type ?? '');
  const [cron, setCron] = useState(task?.cron_expression ?? '0 9 * * 1-5');
  const [timezone, setTimezone] = useState(task?.timezone ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'));
  const [context, setContext] = useState(task ? JSON.stringify(task.context_data) : '');
  const [priority, setPriority] = useState<TaskPriority>(task?.priority ?? 'normal');
  const [queue, setQueue] = useState(task?.queue ?? 'default');
  const [enabled, setEnabled] = useState(task?.enabled ?? true);
  const [startAt, setStartAt] = useState(toLocalInput(task?.start_at));
  const [endAt, setEndAt] = useState(toLocalInput(task?.end_at));
  const [maxRuns, setMaxRuns] = useState(task?.max_runs ? String(task.max_runs) : '');
  const [calendar, setCalendar] = useState(task?.calendar ? String(task.calendar) : '');
  const [calendarMode, setCalendarMode] = useState<CalendarMode>(task?.calendar_mode ?? 'exclude');
  const [misfire, setMisfire] = useState<MisfirePolicy>(task?.misfire_policy ?? 'run_once');
  const [overlap, setOverlap] = useState<OverlapPolicy>(task?.overlap_policy ?? 'allow');
  const calendars = useResource((signal) => api.get<Paginated<CalendarDto>>(CALENDARS, { page_size: 200 }, signal), []);
  const save = useAction((body: CreatePeriodicTaskBody) => (task ? api.patch<PeriodicTaskDto>(`${PERIODIC}${task.id}/`, body) : api.post<PeriodicTaskDto>(PERIODIC, body)));
  const parsed = parseJsonObject(context);
  const error = save.error ?? (!parsed.ok ? new ApiError(400, 'LOCAL', parsed.error, { context_data: [parsed.error] }) : undefined);

  const submit = async (event: TargetedEvent<HTMLFormElement, Event>) => {
    event.preventDefault();
    if (!parsed.ok) return;
    const nullable = <T,>(value: T | undefined): T | null | undefined => (value === undefined ? (task ? null : undefined) : value);
    const saved = await save.run({
      name: name.trim(),
      task_type: taskType.trim(),
      cron_expression: cron.trim(),
      timezone: timezone.trim() || 'UTC',
      context_data: parsed.value ?? {},
      priority,
      queue: queue.trim() || 'default',
      enabled,
      start_at: nullable(fromLocalInput(startAt)),
      end_at: nullable(fromLocalInput(endAt)),
      max_runs: nullable(maxRuns ? Number(maxRuns) : undefined),
      calendar: nullable(calendar ? Number(calendar) : undefined),
      calendar_mode: calendarMode,
      misfire_policy: misfire,
      overlap_policy: overlap,
    });
    if (saved) {
      notify(`Periodic task "${saved.name}" saved: next run ${dateTime(saved.next_run_at, saved.timezone)}`);
      onSaved();
    }
  };

  return (
    <Modal title={task ? `Edit "${task.name}"` : 'New periodic task'} onClose={onClose} wide>
      <form class="form-grid" onSubmit={submit} aria-label="Periodic task">
        <Field label="Name" name="name" error={error}>
          <input name="name" required maxLength={200} value={name} onInput={bind(setName)} />
        </Field>
        <Field label="Task type" name="task_type" error={error}>
          <input name="task_type" required list="periodic-task-types" value={taskType} onInput={bind(setTaskType)} />
          <datalist id="periodic-task-types">
            {KNOWN_TASK_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </Field>
        <Field label="Cron expression" name="cron_expression" error={error} hint="minute hour day-of-month month day-of-week (seconds first if six fields), or @hourly, @daily…">
          <input name="cron_expression" required class="mono" spellcheck={false} value={cron} onInput={bind(setCron)} />
        </Field>
        <Field label="Time zone" name="timezone" error={error} hint="IANA name, e.g. Europe/Paris">
          <input name="timezone" list="time-zones" value={timezone} onInput={bind(setTimezone)} />
          <datalist id="time-zones">
            {TIME_ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </Field>
        <div class="presets wide">
          {PRESETS.map(([expression, label]) => (
            <button key={expression} type="button" class="chip" onClick={() => setCron(expression)}>
              {label}
            </button>
          ))}
        </div>
        <div class="wide">
          <CronPreview expression={cron} timezone={timezone} calendar={calendar ? Number(calendar) : null} calendarMode={calendarMode} />
        </div>
        <Field label="Priority" name="priority" error={error}>
          <select name="priority" value={priority} onChange={(e) => setPriority(e.currentTarget.value as TaskPriority)}>
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
          <textarea name="context_data" rows={3} class="mono" spellcheck={false} value={context} onInput={bind(setContext)} placeholder="{}" />
        </Field>
        <Field label="Calendar" name="calendar" error={error}>
          <select name="calendar" value={calendar} onChange={(e) => setCalendar(e.currentTarget.value)}>
            <option value="">None</option>
            {calendars.data?.results.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Calendar mode" name="calendar_mode" error={error}>
          <select name="calendar_mode" value={calendarMode} disabled={!calendar} onChange={(e) => setCalendarMode(e.currentTarget.value as CalendarMode)}>
            <option value="exclude">skip the calendar's days</option>
            <option value="only">run on the calendar's days only</option>
          </select>
        </Field>
        <Field label="Start at" name="start_at" error={error} hint="Your local time">
          <input name="start_at" type="datetime-local" value={startAt} onInput={bind(setStartAt)} />
        </Field>
        <Field label="End at" name="end_at" error={error}>
          <input name="end_at" type="datetime-local" value={endAt} onInput={bind(setEndAt)} />
        </Field>
        <Field label="Max runs" name="max_runs" error={error}>
          <input name="max_runs" type="number" min={1} value={maxRuns} onInput={bind(setMaxRuns)} />
        </Field>
        <Field label="After downtime (misfire)" name="misfire_policy" error={error}>
          <select name="misfire_policy" value={misfire} onChange={(e) => setMisfire(e.currentTarget.value as MisfirePolicy)}>
            <option value="skip">skip missed runs</option>
            <option value="run_once">run once for all missed</option>
            <option value="run_all">run every missed run (capped)</option>
          </select>
        </Field>
        <Field label="When the last run is still going" name="overlap_policy" error={error}>
          <select name="overlap_policy" value={overlap} onChange={(e) => setOverlap(e.currentTarget.value as OverlapPolicy)}>
            <option value="allow">run anyway</option>
            <option value="skip">skip this run</option>
          </select>
        </Field>
        <label class="check-field">
          <input type="checkbox" name="enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> Enabled
        </label>
        {save.error && <ErrorNotice error={save.error} />}
        <footer class="form-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={save.busy}>
            {save.busy ? 'Saving…' : 'Save periodic task'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------------
// Scheduled jobs (one-off or interval)
// ---------------------------------------------------------------------------------------------------

function CronJobList() {
  const api = useApi();
  const notify = useNotify();
  const isAdmin = useCan('admin');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<CronJobDto | 'new' | null>(null);
  const list = useResource((signal) => api.get<Paginated<CronJobDto>>(CRON_JOBS, { page, page_size: 25 }, signal), [page], { refreshMs: 10_000 });
  const act = useAction(async (job: CronJobDto, action: 'cancel' | 'reschedule' | 'delete') => {
    if (action === 'delete') await api.del(`${CRON_JOBS}${job.id}/`);
    else await api.patch(`${CRON_JOBS}${job.id}/`, { status: action === 'cancel' ? 'cancelled' : 'scheduled' });
    notify(`"${job.name}" ${action === 'delete' ? 'deleted' : action === 'cancel' ? 'cancelled' : 'scheduled again'}`);
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
      {list.error && !list.data && <ErrorNotice error={list.error} what="Scheduled jobs" onRetry={list.reload} />}
      {list.loading && <Loading what="Loading scheduled jobs" />}
      {list.data && list.data.results.length === 0 && <Empty title="No scheduled job">One-off runs at a time, or runs every N seconds.</Empty>}
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
                  <td data-label="Schedule">{job.schedule_type === 'once' ? `once at ${dateTime(job.run_at)}` : `every ${span(job.interval_seconds ?? 0)}${job.start_at ? ` from ${dateTime(job.start_at)}` : ''}`}</td>
                  <td data-label="Status">
                    <Badge value={job.status} />
                  </td>
                  <td data-label="Next run">
                    <When iso={job.next_run_at} />
                  </td>
                  <td data-label="Last run">
                    <When iso={job.last_run_at} /> {job.last_task_id && <Link to={`/tasks/${job.last_task_id}`}>{job.last_task_id}</Link>}
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
                      <ConfirmButton label="Delete" confirm="Delete?" onConfirm={() => act.run(job, 'delete')} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && <Pager count={list.data.count} page={page} pageSize={25} onPage={setPage} />}
      {editing && <CronJobForm job={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={() => (setEditing(null), list.reload())} />}
    </>
  );
}

function CronJobForm({ job, onClose, onSaved }: { job: CronJobDto | null; onClose: () => void; onSaved: () => void }) {
  const api = useApi();
  const notify = useNotify();
  const [name, setName] = useState(job?.name ?? '');
  const [taskType, setTaskType] = useState(job?.task_type ?? '');
  const [type, setType] = useState<CronJobScheduleType>(job?.schedule_type ?? 'once');
  const [runAt, setRunAt] = useState(toLocalInput(job?.run_at));
  const [interval, setIntervalSeconds] = useState(job?.interval_seconds ? String(job.interval_seconds) : '3600');
  const [startAt, setStartAt] = useState(toLocalInput(job?.start_at));
  const [context, setContext] = useState(job ? JSON.stringify(job.context_data) : '');
  const [priority, setPriority] = useState<TaskPriority>(job?.priority ?? 'normal');
  const [queue, setQueue] = useState(job?.queue ?? 'default');
  const save = useAction((body: CreateCronJobBody) => (job ? api.patch<CronJobDto>(`${CRON_JOBS}${job.id}/`, body) : api.post<CronJobDto>(CRON_JOBS, body)));
  const parsed = parseJsonObject(context);
  const error = save.error ?? (!parsed.ok ? new ApiError(400, 'LOCAL', parsed.error, { context_data: [parsed.error] }) : undefined);

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
          <input name="task_type" required list="cron-task-types" value={taskType} onInput={bind(setTaskType)} />
          <datalist id="cron-task-types">
            {KNOWN_TASK_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </Field>
        <Field label="Schedule" name="schedule_type" error={error}>
          <select name="schedule_type" value={type} onChange={(e) => setType(e.currentTarget.value as CronJobScheduleType)}>
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
            <Field label="Every (seconds)" name="interval_seconds" error={error} hint={interval ? span(Number(interval)) : undefined}>
              <input name="interval_seconds" type="number" min={1} required value={interval} onInput={bind(setIntervalSeconds)} />
            </Field>
            <Field label="First run" name="start_at" error={error} hint="Default: one interval from now">
              <input name="start_at" type="datetime-local" value={startAt} onInput={bind(setStartAt)} />
            </Field>
          </>
        )}
        <Field label="Priority" name="priority" error={error}>
          <select name="priority" value={priority} onChange={(e) => setPriority(e.currentTarget.value as TaskPriority)}>
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
          <textarea name="context_data" rows={3} class="mono" spellcheck={false} value={context} onInput={bind(setContext)} placeholder="{}" />
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

// ---------------------------------------------------------------------------------------------------
// Calendars
// ---------------------------------------------------------------------------------------------------

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function CalendarList() {
  const api = useApi();
  const notify = useNotify();
  const isAdmin = useCan('admin');
  const [editing, setEditing] = useState<CalendarDto | 'new' | null>(null);
  const [previewing, setPreviewing] = useState<CalendarDto | null>(null);
  const list = useResource((signal) => api.get<Paginated<CalendarDto>>(CALENDARS, { page_size: 200 }, signal), []);
  const remove = useAction(async (calendar: CalendarDto) => {
    await api.del(`${CALENDARS}${calendar.id}/`);
    notify(`Calendar "${calendar.name}" deleted`);
    list.reload();
  });

  return (
    <>
      {isAdmin && !list.error && (
        <div class="filters">
          <button type="button" class="primary" onClick={() => setEditing('new')}>
            New calendar
          </button>
        </div>
      )}
      {remove.error && <ErrorNotice error={remove.error} />}
      {list.error && !list.data && <ErrorNotice error={list.error} what="Calendars" onRetry={list.reload} />}
      {list.loading && <Loading what="Loading calendars" />}
      {list.data && list.data.results.length === 0 && <Empty title="No calendar">Holidays, maintenance windows, business days: periodic tasks skip them or run on them only.</Empty>}
      {list.data && list.data.results.length > 0 && (
        <ul class="cards" data-testid="calendar-list">
          {list.data.results.map((c) => (
            <li key={c.id} class="card">
              <div class="row">
                <strong>{c.name}</strong> <span class="muted">{c.timezone}</span>
              </div>
              {c.description && <p class="muted">{c.description}</p>}
              <p class="small">
                {c.weekdays.length > 0 && `${c.weekdays.map((d) => WEEKDAYS[d]).join(', ')} · `}
                {c.dates.length} dates · {c.ranges.length} ranges
              </p>
              <div class="row">
                <button type="button" onClick={() => setPreviewing(c)}>
                  Preview
                </button>
                {isAdmin && (
                  <>
                    <button type="button" onClick={() => setEditing(c)}>
                      Edit
                    </button>
                    <ConfirmButton label="Delete" confirm="Delete this calendar?" onConfirm={() => remove.run(c)} />
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {editing && <CalendarForm calendar={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={() => (setEditing(null), list.reload())} />}
      {previewing && <CalendarPreview calendar={previewing} onClose={() => setPreviewing(null)} />}
    </>
  );
}

function CalendarPreview({ calendar, onClose }: { calendar: CalendarDto; onClose: () => void }) {
  const api = useApi();
  const preview = useResource((signal) => api.get<CalendarPreviewResponse>(`${CALENDARS}${calendar.id}/preview/`, undefined, signal), [calendar.id]);
  return (
    <Modal title={`"${calendar.name}" in the next 30 days`} onClose={onClose}>
      {preview.error && <ErrorNotice error={preview.error} />}
      {preview.loading && <Loading />}
      {preview.data &&
        (preview.data.days.length === 0 ? (
          <p class="muted">
            No day of this calendar between {preview.data.from} and {preview.data.to}.
          </p>
        ) : (
          <ul class="day-list">
            {preview.data.days.map((day) => (
              <li key={day}>{new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}</li>
            ))}
          </ul>
        ))}
    </Modal>
  );
}

function CalendarForm({ calendar, onClose, onSaved }: { calendar: CalendarDto | null; onClose: () => void; onSaved: () => void }) {
  const api = useApi();
  const notify = useNotify();
  const [name, setName] = useState(calendar?.name ?? '');
  const [description, setDescription] = useState(calendar?.description ?? '');
  const [timezone, setTimezone] = useState(calendar?.timezone ?? 'UTC');
  const [weekdays, setWeekdays] = useState<number[]>(calendar?.weekdays ?? []);
  const [dates, setDates] = useState((calendar?.dates ?? []).join('\n'));
  const [ranges, setRanges] = useState((calendar?.ranges ?? []).map((r) => `${r.start}..${r.end}`).join('\n'));
  const save = useAction((body: CreateCalendarBody) => (calendar ? api.patch<CalendarDto>(`${CALENDARS}${calendar.id}/`, body) : api.post<CalendarDto>(CALENDARS, body)));
  const lines = (text: string) => text.split(/[\n,]+/).map((s) => s.trim()).filter(Boolean);

  const submit = async (event: TargetedEvent<HTMLFormElement, Event>) => {
    event.preventDefault();
    const saved = await save.run({
      name: name.trim(),
      description: description.trim(),
      timezone: timezone.trim() || 'UTC',
      weekdays: [...weekdays].sort(),
      dates: lines(dates),
      ranges: lines(ranges).map((line) => {
        const [start, end] = line.split(/\s*(?:\.\.|→|to)\s*/);
        return { start: start ?? '', end: end ?? start ?? '' };
      }),
    });
    if (saved) {
      notify(`Calendar "${saved.name}" saved`);
      onSaved();
    }
  };

  return (
    <Modal title={calendar ? `Edit "${calendar.name}"` : 'New calendar'} onClose={onClose}>
      <form class="form-grid" onSubmit={submit} aria-label="Calendar">
        <Field label="Name" name="name" error={save.error}>
          <input name="name" required value={name} onInput={bind(setName)} />
        </Field>
        <Field label="Time zone" name="timezone" error={save.error}>
          <input name="timezone" list="calendar-zones" value={timezone} onInput={bind(setTimezone)} />
          <datalist id="calendar-zones">
            {TIME_ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </Field>
        <Field label="Description" name="description" error={save.error} wide>
          <input name="description" value={description} onInput={bind(setDescription)} />
        </Field>
        <fieldset class="wide weekdays">
          <legend>Weekdays</legend>
          {WEEKDAYS.map((day, index) => (
            <label key={day} class="check-field">
              <input type="checkbox" checked={weekdays.includes(index)} onChange={(e) => setWeekdays(e.currentTarget.checked ? [...weekdays, index] : weekdays.filter((d) => d !== index))} /> {day}
            </label>
          ))}
        </fieldset>
        <Field label="Dates (YYYY-MM-DD, one a line)" name="dates" error={save.error}>
          <textarea name="dates" rows={4} class="mono" value={dates} onInput={bind(setDates)} placeholder="2026-12-25" />
        </Field>
        <Field label="Ranges (start..end, one a line)" name="ranges" error={save.error}>
          <textarea name="ranges" rows={4} class="mono" value={ranges} onInput={bind(setRanges)} placeholder="2026-08-01..2026-08-15" />
        </Field>
        {save.error && <ErrorNotice error={save.error} />}
        <footer class="form-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={save.busy}>
            {save.busy ? 'Saving…' : 'Save calendar'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
