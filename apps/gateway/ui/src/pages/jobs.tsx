import type { CheckpointDto, CheckpointSummaryDto, JobDto } from '@app/contracts';
import { useState } from 'preact/hooks';
import type { Paginated } from '../api';
import { useApi } from '../api';
import {
  Badge,
  Empty,
  ErrorNotice,
  Json,
  Loading,
  Modal,
  PageHeader,
  Pager,
  ProgressBar,
  Stat,
  useNotify,
  When,
} from '../components';
import { JOB_STATUSES, CHECKPOINTS, JOBS } from '../constants';
import { bytes, dateTime, num, span } from '../format';
import { useAction, useResource } from '../hooks';
import { Link, navigate, setQuery } from '../router';
import { JobForm } from './job-form';
import { useCan } from '../session';

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
  if (job.status === 'running' || job.status === 'pending' || job.status === 'retrying')
    actions.push('pause');
  if (job.is_resumable) actions.push('resume');
  if (!OVER.includes(job.status)) actions.push('cancel');
  return actions;
}

function useJobAction(after: () => void) {
  const api = useApi();
  const notify = useNotify();
  return useAction(async (job: JobDto, action: 'pause' | 'resume' | 'cancel') => {
    const updated = await api.post<JobDto>(`${JOBS}${job.id}/${action}/`);
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
        <button
          key={action}
          type="button"
          class={action === 'cancel' ? 'danger' : action === 'resume' ? 'primary' : ''}
          disabled={act.busy}
          onClick={() => act.run(job, action)}
        >
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
    (signal) =>
      api.get<Paginated<JobDto>>(
        resumable ? `${JOBS}resumable/` : JOBS,
        { status, page, page_size: 25 },
        signal,
      ),
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
          <select
            name="status"
            value={status}
            onChange={(e) => setQuery({ status: e.currentTarget.value, page: null })}
          >
            <option value="">Any status</option>
            {JOB_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label class="check-field">
          <input
            type="checkbox"
            checked={resumable}
            onChange={(e) => setQuery({ resumable: e.currentTarget.checked ? 'true' : null, page: null })}
          />{' '}
          Resumable only
        </label>
      </div>
      {act.error && <ErrorNotice error={act.error} />}
      {list.error && !list.data && (
        <ErrorNotice error={list.error} what="Persistent jobs" onRetry={list.reload} />
      )}
      {list.loading && <Loading what="Loading jobs" />}
      {list.data && list.data.results.length === 0 && (
        <Empty title={resumable ? 'Nothing to resume' : 'No persistent job'}>
          Long jobs that checkpoint their progress, and can be paused and resumed, appear here.
        </Empty>
      )}
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
      {list.data && (
        <Pager
          count={list.data.count}
          page={page}
          pageSize={25}
          onPage={(p) => setQuery({ page: p }, { replace: false })}
        />
      )}
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
  const job = useResource(
    (signal) => api.get<JobDto>(`${JOBS}${encodeURIComponent(id)}/`, undefined, signal),
    [id],
    { refreshMs: 2000 },
  );
  const checkpoints = useResource(
    (signal) =>
      api.get<Paginated<CheckpointSummaryDto>>(
        CHECKPOINTS,
        { job: id, page_size: 20, ordering: '-sequence' },
        signal,
      ),
    [id, job.data?.checkpoint_count],
  );
  const [shown, setShown] = useState<number | null>(null);
  const act = useJobAction(job.reload);

  if (job.error && !job.data) return <ErrorNotice error={job.error} what="This job" onRetry={job.reload} />;
  if (!job.data) return <Loading what="Loading the job" />;
  const j = job.data;
  return (
    <section data-testid="job-detail" data-status={j.status}>
      <PageHeader title={`Job #${j.id} · ${j.task_type}`}>
        {canEdit && <JobButtons job={j} act={act} />}
      </PageHeader>
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
        <Stat
          label="Checkpoints"
          value={num(j.checkpoint_count)}
          hint={`keeps the last ${j.checkpoint_retention}`}
        />
        <Stat label="Last checkpoint" value={<When iso={j.last_checkpoint_at} />} />
        <Stat
          label="Resumes"
          value={num(j.resume_count)}
          hint={j.auto_resume ? `automatic up to ${j.max_resumes}` : 'manual only'}
        />
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
          {checkpoints.data && checkpoints.data.results.length === 0 && (
            <p class="muted">No checkpoint yet.</p>
          )}
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
  const checkpoint = useResource(
    (signal) => api.get<CheckpointDto>(`${CHECKPOINTS}${id}/`, undefined, signal),
    [id],
  );
  return (
    <Modal
      title={`Checkpoint ${checkpoint.data ? `#${checkpoint.data.sequence}` : ''}`}
      onClose={onClose}
      wide
    >
      {checkpoint.error && <ErrorNotice error={checkpoint.error} />}
      {checkpoint.loading && <Loading />}
      {checkpoint.data && (
        <>
          <p class="muted">
            {dateTime(checkpoint.data.created_at)} · worker{' '}
            <span class="mono">{checkpoint.data.worker_id}</span> · attempt {checkpoint.data.attempt}
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
