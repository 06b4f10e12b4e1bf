import type { DashboardPeriod, DashboardResponse, QueueStatsResponse } from '@app/contracts';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useApi } from '../api';
import { BarList, PALETTE, TimeChart } from '../chart';
import { Badge, Empty, ErrorNotice, Loading, PageHeader, Stat, Tabs } from '../components';
import { mb, ms, num, percent, span, usd } from '../format';
import { useResource } from '../hooks';
import { Link, setQuery } from '../router';

const PERIODS: Array<{ id: DashboardPeriod; label: string }> = [
  { id: '1h', label: 'Last hour' },
  { id: '24h', label: 'Last 24 hours' },
  { id: '7d', label: 'Last 7 days' },
];

type DepthSample = { t: number; pending: number; running: number; retrying: number };

/** `GET /tasks/monitoring/metrics/dashboard/` drawn as charts, with task-core's queue stats beside it. */
export function MonitoringPage({ query }: { query: URLSearchParams }) {
  const api = useApi();
  const period = (
    PERIODS.some((p) => p.id === query.get('period')) ? query.get('period') : '1h'
  ) as DashboardPeriod;
  const taskType = query.get('task_type') ?? '';
  const dashboard = useResource(
    (signal) =>
      api.get<DashboardResponse>(
        '/tasks/monitoring/metrics/dashboard/',
        { period, task_type: taskType },
        signal,
      ),
    [period, taskType],
    { refreshMs: 10_000 },
  );
  const queues = useResource(
    (signal) => api.get<QueueStatsResponse>('/tasks/queue-stats/', undefined, signal),
    [],
    { refreshMs: 10_000 },
  );

  // Queue depth is a "now" figure: the page keeps the samples it saw to draw its recent course.
  const [depth, setDepth] = useState<DepthSample[]>([]);
  useEffect(() => {
    const rows = queues.data?.queues;
    if (!rows) return;
    const sum = (key: 'pending' | 'running' | 'retrying') => rows.reduce((total, row) => total + row[key], 0);
    const sample = {
      t: Date.parse(queues.data?.generated_at ?? '') / 1000 || Date.now() / 1000,
      pending: sum('pending'),
      running: sum('running'),
      retrying: sum('retrying'),
    };
    setDepth((all) => [...all.filter((s) => s.t < sample.t), sample].slice(-360));
  }, [queues.data]);

  const data = dashboard.data;
  return (
    <section data-testid="monitoring">
      <PageHeader title="Monitoring">
        <Tabs tabs={PERIODS} value={period} onChange={(id) => setQuery({ period: id })} />
      </PageHeader>

      {dashboard.error && !data && (
        <ErrorNotice error={dashboard.error} what="The monitoring dashboard" onRetry={dashboard.reload} />
      )}
      {dashboard.loading && <Loading what="Loading the dashboard" />}
      {data && <Dashboard data={data} taskType={taskType} />}

      <div class="card">
        <h2>Queue depth</h2>
        {queues.error && <ErrorNotice error={queues.error} what="Queue statistics" />}
        {depth.length > 0 && (
          <>
            <div class="stats">
              <Stat label="Waiting" value={num(depth[depth.length - 1].pending)} />
              <Stat label="Running" value={num(depth[depth.length - 1].running)} />
              <Stat label="Retrying" value={num(depth[depth.length - 1].retrying)} />
              {data?.queue_depth && (
                <Stat
                  label="Oldest waiting"
                  value={
                    data.queue_depth.oldest_pending_age_seconds === null
                      ? '—'
                      : span(data.queue_depth.oldest_pending_age_seconds)
                  }
                />
              )}
            </div>
            <TimeChart
              testId="chart-queue-depth"
              height={160}
              x={depth.map((s) => s.t)}
              series={[
                { label: 'Waiting', color: PALETTE.warn, fill: true },
                { label: 'Running', color: PALETTE.info },
                { label: 'Retrying', color: PALETTE.bad },
              ]}
              values={[
                depth.map((s) => s.pending),
                depth.map((s) => s.running),
                depth.map((s) => s.retrying),
              ]}
            />
            <p class="muted small">Sampled every 10 s while this page is open.</p>
          </>
        )}
        {queues.data && queues.data.queues.length > 0 && (
          <div class="table-wrap">
            <table class="table responsive" data-testid="queue-stats">
              <thead>
                <tr>
                  <th>Queue</th>
                  <th>Priority</th>
                  <th>Waiting</th>
                  <th>Running</th>
                  <th>Retrying</th>
                  <th>Done 24 h</th>
                  <th>Failed 24 h</th>
                  <th>Oldest waiting</th>
                  <th>Per minute</th>
                  <th>Mean wait</th>
                </tr>
              </thead>
              <tbody>
                {queues.data.queues.map((row) => (
                  <tr key={`${row.queue}:${row.priority}`}>
                    <td data-label="Queue" class="mono">
                      {row.queue}
                    </td>
                    <td data-label="Priority">
                      <Badge value={row.priority} />
                    </td>
                    <td data-label="Waiting">{num(row.pending)}</td>
                    <td data-label="Running">{num(row.running)}</td>
                    <td data-label="Retrying">{num(row.retrying)}</td>
                    <td data-label="Done 24 h">{num(row.completed_24h)}</td>
                    <td data-label="Failed 24 h">{num(row.failed_24h)}</td>
                    <td data-label="Oldest waiting">
                      {row.oldest_pending_age_seconds === null ? '—' : span(row.oldest_pending_age_seconds)}
                    </td>
                    <td data-label="Per minute">{num(row.throughput_per_minute, 1)}</td>
                    <td data-label="Mean wait">{ms(row.mean_wait_ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {queues.data && queues.data.queues.length === 0 && (
          <Empty title="No queue has work">Queues appear here once tasks are created.</Empty>
        )}
      </div>
    </section>
  );
}

function Dashboard({ data, taskType }: { data: DashboardResponse; taskType: string }) {
  const x = useMemo(() => data.throughput.map((b) => Date.parse(b.start) / 1000), [data]);
  const failureSeries = useMemo(
    () => data.throughput.map((b) => (b.finished > 0 ? b.failed / b.finished : null)),
    [data],
  );
  const types = data.by_task_type;
  return (
    <>
      <div class="filters">
        <label class="field compact">
          <span class="label">Task type</span>
          <select
            name="task_type"
            value={taskType}
            onChange={(e) => setQuery({ task_type: e.currentTarget.value })}
          >
            <option value="">All task types</option>
            {[...new Set([...types.map((t) => t.task_type), ...(taskType ? [taskType] : [])])].map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="stats" data-testid="dashboard-stats">
        <Stat
          label="Executions"
          value={num(data.executions)}
          hint={`${num(data.throughput_per_minute, 2)} / min`}
        />
        <Stat
          label="Failure rate"
          value={percent(data.failure_rate)}
          tone={data.failure_rate && data.failure_rate > 0.1 ? 'bad' : undefined}
          hint={`success ${percent(data.success_rate)}`}
        />
        <Stat
          label="p50 execution"
          value={ms(data.execution_time_ms.p50)}
          hint={`mean ${ms(data.execution_time_ms.mean)}`}
        />
        <Stat
          label="p95 execution"
          value={ms(data.execution_time_ms.p95)}
          hint={`p99 ${ms(data.execution_time_ms.p99)}`}
        />
        <Stat label="Cost" value={usd(data.cost_usd.total)} />
        <Stat
          label="Peak memory"
          value={mb(data.memory_usage_mb.max)}
          hint={`mean ${mb(data.memory_usage_mb.mean)}`}
        />
        <Stat
          label="Workers online"
          value={<Link to="/workers">{num(data.workers.online)}</Link>}
          hint={`utilisation ${percent(data.workers.utilisation, 0)}`}
        />
        <Stat
          label="Open alerts"
          value={<Link to="/alerts">{num(data.alerts.open)}</Link>}
          tone={data.alerts.open > 0 ? 'bad' : undefined}
        />
      </div>

      <div class="two-col">
        <div class="card">
          <h2>Throughput</h2>
          {x.length === 0 ? (
            <Empty title="No execution in this period" />
          ) : (
            <TimeChart
              testId="chart-throughput"
              x={x}
              // Drawn in order: each bar is the finished attempts, its red part the failed ones.
              series={[
                { label: 'Finished', color: PALETTE.ok, bars: true },
                { label: 'Failed', color: PALETTE.bad, bars: true },
              ]}
              values={[data.throughput.map((b) => b.finished), data.throughput.map((b) => b.failed)]}
            />
          )}
          <p class="muted small">Per {span(data.bucket_seconds)}</p>
        </div>
        <div class="card">
          <h2>Failure rate</h2>
          {x.length === 0 ? (
            <Empty title="No execution in this period" />
          ) : (
            <TimeChart
              testId="chart-failure-rate"
              x={x}
              series={[{ label: 'Failure rate', color: PALETTE.bad, format: (v) => percent(v, 0) }]}
              values={[failureSeries]}
            />
          )}
          <p class="muted small">Failed attempts ÷ finished attempts, per bucket</p>
        </div>
      </div>

      <div class="two-col">
        <div class="card">
          <h2>Execution time by task type (p95)</h2>
          {types.length === 0 ? (
            <Empty title="No data" />
          ) : (
            <BarList
              testId="chart-p95-by-type"
              rows={types.map((t) => ({
                label: t.task_type,
                value: t.execution_time_ms.p95 ?? 0,
                extra: `mean ${ms(t.execution_time_ms.mean)}`,
              }))}
              format={ms}
              color={PALETTE.violet}
            />
          )}
        </div>
        <div class="card">
          <h2>Cost by task type</h2>
          {types.length === 0 ? (
            <Empty title="No data" />
          ) : (
            <BarList
              testId="chart-cost-by-type"
              rows={types.map((t) => ({ label: t.task_type, value: t.cost_usd }))}
              format={usd}
              color={PALETTE.warn}
            />
          )}
        </div>
      </div>

      <div class="card">
        <h2>Per task type</h2>
        {types.length === 0 ? (
          <Empty title="No execution in this period" />
        ) : (
          <div class="table-wrap">
            <table class="table responsive" data-testid="by-task-type">
              <thead>
                <tr>
                  <th>Task type</th>
                  <th>Executions</th>
                  <th>Completed</th>
                  <th>Failed</th>
                  <th>Success</th>
                  <th>Mean</th>
                  <th>p95</th>
                  <th>Memory max</th>
                  <th>Cost</th>
                </tr>
              </thead>
              <tbody>
                {types.map((t) => (
                  <tr key={t.task_type}>
                    <td data-label="Task type">{t.task_type}</td>
                    <td data-label="Executions">{num(t.executions)}</td>
                    <td data-label="Completed">{num(t.completed)}</td>
                    <td data-label="Failed">{num(t.failed)}</td>
                    <td data-label="Success">{percent(t.success_rate)}</td>
                    <td data-label="Mean">{ms(t.execution_time_ms.mean)}</td>
                    <td data-label="p95">{ms(t.execution_time_ms.p95)}</td>
                    <td data-label="Memory max">{mb(t.memory_usage_mb.max)}</td>
                    <td data-label="Cost">{usd(t.cost_usd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </>
  );
}
