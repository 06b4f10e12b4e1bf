import type { CheckpointDto, CheckpointSummaryDto, CreateJobBody, JobDto, TaskPriority } from '@app/contracts';
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { Paginated } from '../api';
import { ApiError, useApi } from '../api';
import { Badge, bind, Empty, ErrorNotice, Field, Json, Loading, Modal, PageHeader, Pager, ProgressBar, Stat, useNotify, When } from '../components';
import { JOB_STATUSES, KNOWN_TASK_TYPES, parseJsonObject, PRIORITIES, QUEUE_PATTERN } from '../constants';
import { bytes, dateTime, num, span } from '../format';
import { useAction, useResource } from '../hooks';
import { Link, navigate, setQuery } from '../router';
import { useCan } from '../session';

const BASE = '/tasks/persistent-jobs/persistent-jobs/';
const OVER = ['completed', 'failed', 'cancelled'];

function progressText(job: JobDto): string {
  const p = job.progress;
  const parts: string[] = [];
  if (p.total_steps) parts.push(`step ${p.current_step ?? 0}/${p.total_steps}`);
  if (p.items_total) parts.push(`${num(p.items_processed ?? 0)}/${num(p.items_total)} items`);
  if (p.eta_seconds !== null && !OVER.includes(job.status)) parts.push(`ETA ${span(p.eta_seconds)}`);
  return parts.join(' · ');
}

/** What a user may ask of a job now (the API has the last word). */
function jobActions(job: JobDto): Array<'pause' | 'resume' | 'cancel'> {
  const actions: Array<'pause' | 'resume' | 'cancel'> = [];
  if (job.status === 'running' || job.status === 'pending' || job.status === 'retrying') actions.push('pause');
  if (job.is_resumable) actions.push('resume');
  if (!OVER.includes(job.status)) actions.push('cancel');
  return actions;
}

function useJobAction(after: () => void) {
  const api = useApi();
  const notify = useNotify();
  return useAction(async (job: JobDto, action: 'pause' | 'resume' | 'cancel') => {
    const updated = await api.post<JobDto>(`${BASE}${job.id}/${action}/`);
    notify(
      action === 'pause'
        ? updated.status === 'pausing'
          ? `Job #${job.id} pausing: it stops at its next checkpoint`
          : `Job #${job.id} paused`
        : action === 'resume'
          ? `Job #${job.id} resumed from its last checkpoint`
          : `Job #${job.id} cancelled`,
    );
    after();
    return updated;
  });
}

function JobButtons({ job, act }: { job: JobDto; act: ReturnType<typeof useJobAction> }) {
  return (
    <>
      {jobActions(job).map((action) => (
        <button key={action} type="button" class={action === 'cancel' ? 'danger' : action === 'resume' ? 'primary' : ''} disabled={act.busy} onClick={() => act.run(job, action)}>
          {action === 'pause' ? 'Pause' : action === 'resume' ? 'Resume' : 'Cancel'}
        </button>
      ))}
    </>
  );
}

export function JobsPage({ query }: { query: URLSearchParams }) {
  const api = useApi();
  const notify = useNotify();
  const canEdit = useCan('editor');
  const status = query.get('status') ?? '';
  const resumable = query.get('resumable') === 'true';
  const page = Number(query.get('page') ?? '1') || 1;
  const [creating, setCreating] = useState(false);
  const list = useResource(
    (signal) => api.get<Paginated<JobDto>>(resumable ? `${BASE}resumable/` : BASE, { status, page, page_size: 25 }, signal),
    [status, resumable, page],
    { refreshMs: 2000 },
  );
  const act = useJobAction(list.reload);

  return (
    <section data-testid="jobs">
      <PageHeader title="Persistent jobs">
        {canEdit && !list.error && (
          <button type="button" class="primary" onClick={() => setCreating(true)}>
            New job
          </button>
        )}
      </PageHeader>
      <div class="filters">
        <label class="field compact">
          <span class="label">Status</span>
          <select name="status" value={status} onChange={(e) => setQuery({ status: e.currentTarget.value, page: null })}>
            <option value="">Any status</option>
            {JOB_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label class="check-field">
          <input type="checkbox" checked={resumable} onChange={(e) => setQuery({ resumable: e.currentTarget.checked ? 'true' : null, page: null })} /> Resumable only
        </label>
      </div>
      {act.error && <ErrorNotice error={act.error} />}
      {list.error && !list.data && <ErrorNotice error={list.error} what="Persistent jobs" onRetry={list.reload} />}
      {list.loading && <Loading what="Loading jobs" />}
      {list.data && list.data.results.length === 0 && <Empty title={resumable ? 'Nothing to resume' : 'No persistent job'}>Long jobs that checkpoint their progress, and can be paused and resumed, appear here.</Empty>}
      {list.data && list.data.results.length > 0 && (
        <div class="table-wrap">
          <table class="table responsive" data-testid="job-table">
            <thead>
              <tr>
                <th>Job</th>
                <th>Status</th>
                <th class="wide-col">Progress</th>
                <th>Checkpoints</th>
                <th>Resumes</th>
                <th>Created</th>
                {canEdit && <th>Actions</th>}
              </tr>
            </thead>
            <tbody>
              {list.data.results.map((job) => (
                <tr key={job.id} data-job-id={job.id} data-status={job.status}>
                  <td data-label="Job">
                    <Link to={`/jobs/${job.id}`}>
                      #{job.id} {job.task_type}
                    </Link>
                    {job.description && <div class="muted small clip">{job.description}</div>}
                  </td>
                  <td data-label="Status">
                    <Badge value={job.status} />
                  </td>
                  <td data-label="Progress" class="wide-col">
                    <ProgressBar value={job.progress.percentage} status={job.status} />
                    <span class="muted small">{progressText(job)}</span>
                  </td>
                  <td data-label="Checkpoints">
                    {num(job.checkpoint_count)}
                    {job.last_checkpoint_at && (
                      <div class="muted small">
                        last <When iso={job.last_checkpoint_at} />
                      </div>
                    )}
                  </td>
                  <td data-label="Resumes">
                    {job.resume_count}
                    {job.auto_resume ? <span class="muted small"> (auto ≤ {job.max_resumes})</span> : ''}
                  </td>
                  <td data-label="Created">
                    <When iso={job.created_at} />
                  </td>
                  {canEdit && (
                    <td data-label="Actions" class="actions">
                      <JobButtons job={job} act={act} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && <Pager count={list.data.count} page={page} pageSize={25} onPage={(p) => setQuery({ page: p }, { replace: false })} />}
      {creating && (
        <JobForm
          onClose={() => setCreating(false)}
          onCreated={(job) => {
            notify(`Job #${job.id} created`);
            navigate(`/jobs/${job.id}`);
          }}
        />
      )}
    </section>
  );
}

export function JobDetailPage({ id }: { id: string }) {
  const api = useApi();
  const canEdit = useCan('editor');
  const job = useResource((signal) => api.get<JobDto>(`${BASE}${encodeURIComponent(id)}/`, undefined, signal), [id], { refreshMs: 2000 });
  const checkpoints = useResource(
    (signal) => api.get<Paginated<CheckpointSummaryDto>>('/tasks/persistent-jobs/checkpoints/', { job: id, page_size: 20, ordering: '-sequence' }, signal),
    [id, job.data?.checkpoint_count],
  );
  const [shown, setShown] = useState<number | null>(null);
  const act = useJobAction(job.reload);

  if (job.error && !job.data) return <ErrorNotice error={job.error} what="This job" onRetry={job.reload} />;
  if (!job.data) return <Loading what="Loading the job" />;
  const j = job.data;
  return (
    <section data-testid="job-detail" data-status={j.status}>
      <PageHeader title={`Job #${j.id} · ${j.task_type}`}>{canEdit && <JobButtons job={j} act={act} />}</PageHeader>
      <p class="breadcrumbs">
        <Link to="/jobs">Persistent jobs</Link> / #{j.id}
      </p>
      {act.error && <ErrorNotice error={act.error} />}
      <div class="card">
        <div class="status-line">
          <Badge value={j.status} />
          <span class="muted">{progressText(j)}</span>
        </div>
        <ProgressBar value={j.progress.percentage} status={j.status} label="Job progress" />
        <div class="muted">{j.progress.message ?? ' '}</div>
      </div>
      {j.error && (
        <div class="card error-card">
          <h2>Error</h2>
          <p>
            <strong>{j.error.type}</strong>: {j.error.message}
          </p>
        </div>
      )}
      <div class="stats">
        <Stat label="Checkpoints" value={num(j.checkpoint_count)} hint={`keeps the last ${j.checkpoint_retention}`} />
        <Stat label="Last checkpoint" value={<When iso={j.last_checkpoint_at} />} />
        <Stat label="Resumes" value={num(j.resume_count)} hint={j.auto_resume ? `automatic up to ${j.max_resumes}` : 'manual only'} />
        <Stat label="Attempts" value={num(j.attempts)} />
      </div>
      <div class="two-col">
        <div class="card">
          <h2>Fields</h2>
          <dl class="kv">
            <dt>Task</dt>
            <dd>{j.task ? <Link to={`/tasks/${j.task}`}>{j.task_id}</Link> : '—'}</dd>
            <dt>Priority</dt>
            <dd>
              <Badge value={j.priority} />
            </dd>
            <dt>Queue</dt>
            <dd class="mono">{j.queue}</dd>
            <dt>Created</dt>
            <dd>
              {dateTime(j.created_at)} by {j.created_by.username}
            </dd>
            <dt>Started</dt>
            <dd>{dateTime(j.started_at)}</dd>
            <dt>Finished</dt>
            <dd>{dateTime(j.completed_at)}</dd>
            {j.description && (
              <>
                <dt>Description</dt>
                <dd>{j.description}</dd>
              </>
            )}
          </dl>
          <h3>Context data</h3>
          <Json value={j.context_data} />
          {j.result_data && (
            <>
              <h3>Result</h3>
              <Json value={j.result_data} />
            </>
          )}
        </div>
        <div class="card">
          <h2>Checkpoints</h2>
          {checkpoints.error && <ErrorNotice error={checkpoints.error} what="Checkpoints" />}
          {checkpoints.data && checkpoints.data.results.length === 0 && <p class="muted">No checkpoint yet.</p>}
          {checkpoints.data && checkpoints.data.results.length > 0 && (
            <ol class="checkpoints" data-testid="checkpoint-list">
              {checkpoints.data.results.map((c) => (
                <li key={c.id}>
                  <button type="button" class="link" onClick={() => setShown(c.id)}>
                    #{c.sequence}
                    {c.step ? ` · ${c.step}` : ''}
                  </button>{' '}
                  <span class="muted small">
                    attempt {c.attempt} · {bytes(c.size_bytes)} · <When iso={c.created_at} />
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
      {shown !== null && <CheckpointView id={shown} onClose={() => setShown(null)} />}
    </section>
  );
}

function CheckpointView({ id, onClose }: { id: number; onClose: () => void }) {
  const api = useApi();
  const checkpoint = useResource((signal) => api.get<CheckpointDto>(`/tasks/persistent-jobs/checkpoints/${id}/`, undefined, signal), [id]);
  return (
    <Modal title={`Checkpoint ${checkpoint.data ? `#${checkpoint.data.sequence}` : ''}`} onClose={onClose} wide>
      {checkpoint.error && <ErrorNotice error={checkpoint.error} />}
      {checkpoint.loading && <Loading />}
      {checkpoint.data && (
        <>
          <p class="muted">
            {dateTime(checkpoint.data.created_at)} · worker <span class="mono">{checkpoint.data.worker_id}</span> · attempt {checkpoint.data.attempt}
          </p>
          {checkpoint.data.progress && (
            <>
              <h3>Progress</h3>
              <Json value={checkpoint.data.progress} />
            </>
          )}
          <h3>State</h3>
          <Json value={checkpoint.data.state} />
        </>
      )}
    </Modal>
  );
}

function JobForm({ onClose, onCreated }: { onClose: () => void; onCreated: (job: JobDto) => void }) {
  const api = useApi();
  const [taskType, setTaskType] = useState('seo_keyword_analysis');
  const [context, setContext] = useState('{"keyword_ids": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "step_ms": 500}');
  const [queue, setQueue] = useState('default');
  const [priority, setPriority] = useState<TaskPriority>('normal');
  const [description, setDescription] = useState('');
  const [autoResume, setAutoResume] = useState(true);
  const [maxResumes, setMaxResumes] = useState('3');
  const [retention, setRetention] = useState('10');
  const create = useAction(async (body: CreateJobBody) => api.post<JobDto>(BASE, body));
  const parsed = parseJsonObject(context);
  const local: Record<string, string[]> = {};
  if (!parsed.ok) local.context_data = [parsed.error];
  if (queue && !QUEUE_PATTERN.test(queue)) local.queue = ['Lower case letters, digits, _ and -'];
  const error = create.error ?? (Object.keys(local).length ? new ApiError(400, 'LOCAL', 'Check the highlighted fields', local) : undefined);

  const submit = async (event: TargetedEvent<HTMLFormElement, Event>) => {
    event.preventDefault();
    if (!parsed.ok || Object.keys(local).length) return;
    const job = await create.run({
      task_type: taskType.trim(),
      context_data: parsed.value,
      queue: queue.trim() || undefined,
      priority,
      description: description.trim() || undefined,
      auto_resume: autoResume,
      max_resumes: Number(maxResumes),
      checkpoint_retention: Number(retention),
    });
    if (job) onCreated(job);
  };

  return (
    <Modal title="New persistent job" onClose={onClose}>
      <form class="form-grid" onSubmit={submit} aria-label="New persistent job">
        <Field label="Task type" name="task_type" error={error} hint="Its handler must checkpoint to be resumable">
          <input name="task_type" required list="job-task-types" value={taskType} onInput={bind(setTaskType)} />
          <datalist id="job-task-types">
            {KNOWN_TASK_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </Field>
        <Field label="Queue" name="queue" error={error}>
          <input name="queue" value={queue} onInput={bind(setQueue)} />
        </Field>
        <Field label="Priority" name="priority" error={error}>
          <select name="priority" value={priority} onChange={(e) => setPriority(e.currentTarget.value as TaskPriority)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Automatic resumes (max)" name="max_resumes" error={error}>
          <input name="max_resumes" type="number" min={0} max={100} value={maxResumes} onInput={bind(setMaxResumes)} />
        </Field>
        <Field label="Context data (JSON object)" name="context_data" error={error} wide>
          <textarea name="context_data" rows={3} class="mono" spellcheck={false} value={context} onInput={bind(setContext)} />
        </Field>
        <Field label="Checkpoints kept" name="checkpoint_retention" error={error}>
          <input name="checkpoint_retention" type="number" min={1} max={1000} value={retention} onInput={bind(setRetention)} />
        </Field>
        <Field label="Description" name="description" error={error}>
          <input name="description" value={description} onInput={bind(setDescription)} />
        </Field>
        <label class="check-field">
          <input type="checkbox" name="auto_resume" checked={autoResume} onChange={(e) => setAutoResume(e.currentTarget.checked)} /> Resume by itself after an interruption
        </label>
        {create.error && <ErrorNotice error={create.error} />}
        <footer class="form-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={create.busy}>
            {create.busy ? 'Creating…' : 'Create job'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
