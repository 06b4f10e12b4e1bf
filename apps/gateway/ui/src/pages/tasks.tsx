import type { TaskDto } from '@app/contracts';
import { useEffect, useState } from 'preact/hooks';
import type { Paginated } from '../api';
import { errorOf, useApi } from '../api';
import {
  Badge,
  bind,
  Empty,
  ErrorNotice,
  Loading,
  PageHeader,
  Pager,
  ProgressBar,
  useNotify,
  When,
} from '../components';
import { KNOWN_TASK_TYPES, PRIORITIES, RETRYABLE, TASK_STATUSES, CANCELLABLE } from '../constants';
import { fromLocalInput, ms, toLocalInput } from '../format';
import { useDebounced, useResource } from '../hooks';
import { Link, navigate, setQuery } from '../router';
import { useCan } from '../session';
import { CreateTaskForm } from './task-form';

const FILTERS = [
  'status',
  'priority',
  'task_type',
  'queue',
  'search',
  'created_at__gte',
  'ordering',
] as const;
const ORDERINGS = [
  ['', 'Newest first'],
  ['created_at', 'Oldest first'],
  ['-priority', 'Priority'],
  ['-execution_time', 'Slowest'],
  ['-completed_at', 'Recently finished'],
  ['status', 'Status'],
] as const;

/** Every task of the brand: filters in the URL (shareable), refreshed every 3 s for live status. */
export function TasksPage({ query }: { query: URLSearchParams }) {
  const api = useApi();
  const notify = useNotify();
  const canEdit = useCan('editor');
  const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ''])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  const page = Number(query.get('page') ?? '1') || 1;
  const pageSize = Number(query.get('page_size') ?? '25') || 25;
  const [search, setSearch] = useState(filters.search);
  const settledSearch = useDebounced(search, 300);
  useEffect(() => {
    if (settledSearch !== filters.search) setQuery({ search: settledSearch, page: null });
  }, [settledSearch]);

  const list = useResource(
    (signal) => api.get<Paginated<TaskDto>>('/tasks/', { ...filters, page, page_size: pageSize }, signal),
    [JSON.stringify(filters), page, pageSize],
    { refreshMs: 3000 },
  );
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [creating, setCreating] = useState(false);
  const [bulkBusy, setBulkBusy] = useState(false);

  const tasks = list.data?.results ?? [];
  const selectedTasks = tasks.filter((t) => selected.has(t.id));
  const toggle = (id: number) =>
    setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const allSelected = tasks.length > 0 && tasks.every((t) => selected.has(t.id));

  const bulk = async (action: 'retry' | 'cancel') => {
    const eligible = selectedTasks.filter((t) =>
      (action === 'retry' ? RETRYABLE : CANCELLABLE).includes(t.status),
    );
    const skipped = selectedTasks.length - eligible.length;
    setBulkBusy(true);
    const outcomes = await Promise.all(
      eligible.map((t) =>
        api.post(`/tasks/${t.id}/${action}/`).then(
          () => null,
          (e: unknown) => `${t.task_id}: ${errorOf(e).detail}`,
        ),
      ),
    );
    setBulkBusy(false);
    const failures = outcomes.filter((o): o is string => o !== null);
    const done = eligible.length - failures.length;
    const verb = action === 'retry' ? 'retried' : 'cancelled';
    notify(
      `${done} task${done === 1 ? '' : 's'} ${verb}${skipped ? `, ${skipped} skipped (not ${action === 'retry' ? 'failed or cancelled' : 'cancellable'})` : ''}`,
      done ? 'ok' : 'info',
    );
    for (const failure of failures) notify(failure, 'bad');
    setSelected(new Set());
    list.reload();
  };

  const filterSelect = (
    name: (typeof FILTERS)[number],
    label: string,
    options: ReadonlyArray<readonly [string, string]>,
  ) => (
    <label class="field compact">
      <span class="label">{label}</span>
      <select
        name={name}
        value={filters[name]}
        onChange={(e) => setQuery({ [name]: e.currentTarget.value, page: null })}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section>
      <PageHeader title="Tasks">
        {canEdit && (
          <button type="button" class="primary" onClick={() => setCreating(true)}>
            New task
          </button>
        )}
      </PageHeader>

      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label class="field compact grow">
          <span class="label">Search</span>
          <input
            type="search"
            name="search"
            placeholder="task_id, type or description"
            value={search}
            onInput={bind(setSearch)}
          />
        </label>
        {filterSelect('status', 'Status', [
          ['', 'Any status'],
          ['active', 'Active (pending, running, retrying)'],
          ...TASK_STATUSES.map((s) => [s, s] as const),
        ])}
        {filterSelect('priority', 'Priority', [
          ['', 'Any priority'],
          ...PRIORITIES.map((p) => [p, p] as const),
        ])}
        <label class="field compact">
          <span class="label">Type</span>
          <input
            name="task_type"
            list="task-types"
            value={filters.task_type}
            onChange={(e) => setQuery({ task_type: e.currentTarget.value.trim(), page: null })}
          />
        </label>
        <label class="field compact">
          <span class="label">Queue</span>
          <input
            name="queue"
            value={filters.queue}
            onChange={(e) => setQuery({ queue: e.currentTarget.value.trim(), page: null })}
          />
        </label>
        <label class="field compact">
          <span class="label">Created after</span>
          <input
            type="datetime-local"
            name="created_at__gte"
            value={toLocalInput(filters.created_at__gte)}
            onChange={(e) => setQuery({ created_at__gte: fromLocalInput(e.currentTarget.value), page: null })}
          />
        </label>
        {filterSelect('ordering', 'Order', ORDERINGS)}
        {FILTERS.some((f) => filters[f]) && (
          <button type="button" class="link" onClick={() => (setSearch(''), navigate('/tasks'))}>
            Clear filters
          </button>
        )}
        <datalist id="task-types">
          {KNOWN_TASK_TYPES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </form>

      {canEdit && selectedTasks.length > 0 && (
        <div class="bulk-bar" role="toolbar" aria-label="Selection">
          <span>{selectedTasks.length} selected</span>
          <button type="button" disabled={bulkBusy} onClick={() => bulk('retry')}>
            Retry selected
          </button>
          <button type="button" disabled={bulkBusy} onClick={() => bulk('cancel')}>
            Cancel selected
          </button>
          <button type="button" class="link" onClick={() => setSelected(new Set())}>
            Clear
          </button>
        </div>
      )}

      {list.error && <ErrorNotice error={list.error} what="The task list" onRetry={list.reload} />}
      {list.loading && <Loading what="Loading tasks" />}
      {list.data && tasks.length === 0 && (
        <Empty title={FILTERS.some((f) => filters[f]) ? 'No task matches these filters' : 'No tasks yet'}>
          {canEdit
            ? 'Create one with "New task", or through POST /tasks/.'
            : 'Tasks created in this brand appear here.'}
        </Empty>
      )}
      {tasks.length > 0 && (
        <div class="table-wrap">
          <table class="table responsive" data-testid="task-table">
            <thead>
              <tr>
                {canEdit && (
                  <th class="check">
                    <input
                      type="checkbox"
                      aria-label="Select all on this page"
                      checked={allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(tasks.map((t) => t.id)))}
                    />
                  </th>
                )}
                <th>Task</th>
                <th>Type</th>
                <th>Status</th>
                <th class="wide-col">Progress</th>
                <th>Priority</th>
                <th>Queue</th>
                <th>Attempts</th>
                <th>Created</th>
                <th>Run time</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <tr key={task.id} data-task-id={task.task_id} data-status={task.status}>
                  {canEdit && (
                    <td class="check">
                      <input
                        type="checkbox"
                        aria-label={`Select ${task.task_id}`}
                        checked={selected.has(task.id)}
                        onChange={() => toggle(task.id)}
                      />
                    </td>
                  )}
                  <td data-label="Task">
                    <Link to={`/tasks/${task.id}`} class="mono">
                      {task.task_id}
                    </Link>
                    {task.description && <div class="muted small clip">{task.description}</div>}
                  </td>
                  <td data-label="Type">{task.task_type}</td>
                  <td data-label="Status">
                    <Badge value={task.status} />
                  </td>
                  <td data-label="Progress" class="wide-col">
                    <ProgressBar value={task.progress_percentage} status={task.status} />
                  </td>
                  <td data-label="Priority">
                    <Badge value={task.priority} />
                  </td>
                  <td data-label="Queue" class="mono">
                    {task.queue}
                  </td>
                  <td data-label="Attempts">
                    {task.attempts}/{task.max_retries + 1}
                  </td>
                  <td data-label="Created">
                    <When iso={task.created_at} />
                  </td>
                  <td data-label="Run time">{ms(task.metrics?.execution_time_ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && (
        <div class="list-footer">
          <Pager
            count={list.data.count}
            page={page}
            pageSize={pageSize}
            onPage={(p) => setQuery({ page: p }, { replace: false })}
          />
          <label class="field compact inline">
            <span class="label">Per page</span>
            <select
              value={pageSize}
              onChange={(e) => setQuery({ page_size: e.currentTarget.value, page: null })}
            >
              {[25, 50, 100, 200].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}

      {creating && (
        <CreateTaskForm
          onClose={() => setCreating(false)}
          onCreated={(task) => {
            notify(`Task ${task.task_id} created`);
            navigate(`/tasks/${task.id}`);
          }}
        />
      )}
    </section>
  );
}
