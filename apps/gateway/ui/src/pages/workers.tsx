import type { WorkerDto, WorkerOverviewResponse } from '@app/contracts';
import { useState } from 'preact/hooks';
import type { Paginated } from '../api';
import { useApi } from '../api';
import {
  Badge,
  Empty,
  ErrorNotice,
  Loading,
  PageHeader,
  Pager,
  ProgressBar,
  Stat,
  Tabs,
  When,
} from '../components';
import { mb, num, percent, span } from '../format';
import { useResource } from '../hooks';

type StatusFilter = '' | 'online' | 'stale' | 'offline';

/** The worker registry (from heartbeats): shared infrastructure; counts are this brand's own work. */
export function WorkersPage() {
  const api = useApi();
  const [status, setStatus] = useState<StatusFilter>('');
  const [page, setPage] = useState(1);
  const overview = useResource(
    (signal) => api.get<WorkerOverviewResponse>('/tasks/monitoring/workers/overview/', undefined, signal),
    [],
    { refreshMs: 5000 },
  );
  const list = useResource(
    (signal) =>
      api.get<Paginated<WorkerDto>>('/tasks/monitoring/workers/', { status, page, page_size: 50 }, signal),
    [status, page],
    { refreshMs: 5000 },
  );
  const o = overview.data;

  return (
    <section data-testid="workers">
      <PageHeader title="Workers">
        <Tabs<StatusFilter>
          tabs={[
            { id: '', label: 'All' },
            { id: 'online', label: 'Online' },
            { id: 'stale', label: 'Stale' },
            { id: 'offline', label: 'Offline' },
          ]}
          value={status}
          onChange={(s) => (setStatus(s), setPage(1))}
        />
      </PageHeader>
      {overview.error && !o && (
        <ErrorNotice error={overview.error} what="The worker registry" onRetry={overview.reload} />
      )}
      {o && (
        <div class="stats">
          <Stat
            label="Online"
            value={num(o.totals.online)}
            hint={`${num(o.totals.stale)} stale · ${num(o.totals.offline)} offline`}
          />
          <Stat
            label="Utilisation"
            value={percent(o.capacity.utilisation, 0)}
            hint={`${num(o.capacity.busy_slots)} of ${num(o.capacity.concurrency)} slots busy`}
          />
          <Stat
            label="Idle with backlog"
            value={num(o.totals.idle_with_backlog)}
            tone={o.totals.idle_with_backlog > 0 ? 'warn' : undefined}
          />
          <Stat
            label="Stale after"
            value={span(o.thresholds.stale_after_seconds)}
            hint={`offline after ${span(o.thresholds.offline_after_seconds)}`}
          />
        </div>
      )}
      {list.error && !list.data && !overview.error && (
        <ErrorNotice error={list.error} what="The worker list" onRetry={list.reload} />
      )}
      {list.loading && !overview.error && <Loading what="Loading workers" />}
      {list.data && list.data.results.length === 0 && (
        <Empty title="No worker seen">
          Start one: node dist/apps/worker/main.js (WORKER_QUEUES picks its queues).
        </Empty>
      )}
      {list.data && list.data.results.length > 0 && (
        <div class="table-wrap">
          <table class="table responsive" data-testid="worker-table">
            <thead>
              <tr>
                <th>Worker</th>
                <th>Status</th>
                <th class="wide-col">Utilisation</th>
                <th>Queues</th>
                <th>Processed</th>
                <th>Failed</th>
                <th>Memory</th>
                <th>Last seen</th>
                <th>Up since</th>
              </tr>
            </thead>
            <tbody>
              {list.data.results.map((w) => (
                <tr key={w.id} data-status={w.status}>
                  <td data-label="Worker">
                    <span class="mono">{w.id}</span>
                    <div class="muted small">
                      {w.hostname} · pid {w.pid} · v{w.version}
                    </div>
                  </td>
                  <td data-label="Status">
                    <Badge value={w.status} />
                    {w.state !== 'running' && <Badge value={w.state} />}
                    {w.idle_with_backlog && <Badge value="warning" label="idle with backlog" />}
                  </td>
                  <td data-label="Utilisation" class="wide-col">
                    <ProgressBar
                      value={w.utilisation * 100}
                      label={`${w.busy_slots} of ${w.concurrency} slots`}
                    />
                    <span class="muted small">
                      {w.busy_slots}/{w.concurrency} slots
                    </span>
                  </td>
                  <td data-label="Queues" class="mono">
                    {w.queues.join(', ') || '—'}
                    <div class="muted small">
                      {w.task_types.length ? w.task_types.join(', ') : 'all task types'}
                    </div>
                  </td>
                  <td data-label="Processed">{num(w.processed)}</td>
                  <td data-label="Failed">{num(w.failed)}</td>
                  <td data-label="Memory">{mb(w.memory_mb)}</td>
                  <td data-label="Last seen">
                    <When iso={w.last_seen} />
                  </td>
                  <td data-label="Up since">
                    <When iso={w.started_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && <Pager count={list.data.count} page={page} pageSize={50} onPage={setPage} />}
      {o && o.by_task_type.length > 0 && (
        <div class="card">
          <h2>Capacity by task type</h2>
          <div class="table-wrap">
            <table class="table responsive">
              <thead>
                <tr>
                  <th>Task type</th>
                  <th>Workers online</th>
                  <th>Busy / slots</th>
                  <th>Waiting</th>
                  <th>Processed 24 h</th>
                  <th>Failed 24 h</th>
                </tr>
              </thead>
              <tbody>
                {o.by_task_type.map((t) => (
                  <tr key={t.task_type}>
                    <td data-label="Task type">{t.task_type}</td>
                    <td data-label="Workers online">{num(t.workers_online)}</td>
                    <td data-label="Busy / slots">
                      {num(t.busy_slots)} / {num(t.concurrency)}
                    </td>
                    <td data-label="Waiting">{num(t.pending)}</td>
                    <td data-label="Processed 24 h">{num(t.processed_24h)}</td>
                    <td data-label="Failed 24 h">{num(t.failed_24h)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
