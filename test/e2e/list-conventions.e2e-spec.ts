import { ApiClient } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { sharedStack } from './stack-file';

/**
 * The DRF query conventions the seed follows, the same on every list of every service behind the
 * gateway (issue #18, item 6): `__in` lookups, page_size capped, booleans, a page past the end, nulls
 * last.
 */
const base = sharedStack().info.gatewayUrl;
const JOBS = '/tasks/persistent-jobs/persistent-jobs/';
const P = '/tasks/scheduled/periodic-tasks/';

/** A queue no worker serves: what is created there stays pending. */
const idleQueue = () => `q-idle-${randomBytes(4).toString('hex')}`;

// Every list route, with a filter that takes `__in` and a boolean filter where the route has one.
const LISTS: Array<{ path: string; in?: string; boolean?: string }> = [
  { path: '/tasks/', in: 'status__in=pending,running', boolean: 'is_periodic' },
  { path: '/tasks/monitoring/metrics/', in: 'status__in=completed,failed' },
  { path: '/tasks/monitoring/workers/', in: 'status__in=online,stale', boolean: 'idle_with_backlog' },
  { path: '/tasks/monitoring/alert-rules/', in: 'severity__in=info,critical', boolean: 'enabled' },
  { path: '/tasks/monitoring/alerts/', in: 'status__in=active,resolved' },
  { path: JOBS, in: 'status__in=pending,paused', boolean: 'auto_resume' },
  { path: `${JOBS}resumable/`, in: 'status__in=paused' },
  { path: '/tasks/persistent-jobs/checkpoints/' },
  { path: P, in: 'task_type__in=noop,daily_seo_report', boolean: 'enabled' },
  { path: `${P}ready-for-execution/` },
  { path: '/tasks/scheduled/cron-jobs/', in: 'schedule_type__in=once,interval' },
  { path: '/tasks/scheduled/calendars/' },
];

const query = (path: string, params: string) => `${path}${path.includes('?') ? '&' : '?'}${params}`;

describe('query conventions on every list route (DRF)', () => {
  let api: ApiClient;
  beforeEach(() => {
    api = ApiClient.forNewBrand(base, 'admin');
  });

  it('should accept __in lookups and refuse unknown values in them', async () => {
    for (const list of LISTS.filter((l) => l.in)) {
      const res = await api.get(query(list.path, list.in as string));
      expect({ path: list.path, status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ path: list.path, status: 200, body: 'ok' });
      const field = (list.in as string).split('=')[0];
      const bad = await api.get(query(list.path, `${field}=NONSENSE`));
      expect({ path: list.path, status: bad.status, fields: Object.keys(bad.body.field_errors ?? {}) }).toEqual({
        path: list.path,
        status: 400,
        fields: [field],
      });
    }
  });

  it('should filter tasks with __in like the comma list, both lookups applying together', async () => {
    const queue = idleQueue();
    await api.post('/tasks/bulk/', {
      tasks: [
        { task_type: 'report.daily', priority: 'low', queue },
        { task_type: 'report.daily', priority: 'critical', queue },
        { task_type: 'noop', priority: 'high', queue },
      ],
    });
    expect((await api.get('/tasks/?priority__in=high,critical')).body.count).toBe(2);
    expect((await api.get('/tasks/?task_type__in=noop,report.daily')).body.count).toBe(3);
    expect((await api.get(`/tasks/?queue__in=${queue},elsewhere&status__in=pending`)).body.count).toBe(3);
    expect((await api.get('/tasks/?priority=low,high&priority__in=high,critical')).body.count).toBe(1);
    const jobs = await Promise.all([0, 1].map(() => api.post(JOBS, { task_type: 'noop', queue })));
    await api.post(`${JOBS}${jobs[0].body.id}/pause/`);
    expect((await api.get(`${JOBS}?status__in=paused,failed`)).body.results.map((j: { id: number }) => j.id)).toEqual([jobs[0].body.id]);
  });

  it('should cap page_size at 200 instead of refusing it', async () => {
    const queue = idleQueue();
    await api.post('/tasks/bulk/', { tasks: Array.from({ length: 201 }, () => ({ task_type: 'noop', queue })) });
    const page = await api.get('/tasks/?page_size=500');
    expect(page.status).toBe(200);
    expect(page.body.count).toBe(201);
    expect(page.body.results).toHaveLength(200);
    expect(page.body.next).toBe(`${base}/tasks/?page_size=500&page=2`);
    expect((await api.get('/tasks/?page_size=500&page=2')).body.results).toHaveLength(1);
    for (const list of LISTS) {
      const res = await api.get(query(list.path, 'page_size=1000'));
      expect({ path: list.path, status: res.status }).toEqual({ path: list.path, status: 200 });
    }
    for (const bad of ['page_size=0', 'page_size=abc', 'page=0']) {
      expect((await api.get(`/tasks/?${bad}`)).status).toBe(400);
    }
  });

  it('should read booleans as true/True/1 and false/False/0', async () => {
    const queue = idleQueue();
    await api.post('/tasks/bulk/', { tasks: [{ task_type: 'noop', queue, is_resumable: true }, { task_type: 'noop', queue }] });
    for (const [value, count] of [['true', 1], ['True', 1], ['1', 1], ['false', 1], ['False', 1], ['0', 1]] as const) {
      expect({ value, count: (await api.get(`/tasks/?is_resumable=${value}`)).body.count }).toEqual({ value, count });
    }
    expect((await api.get('/tasks/?is_periodic=False&has_metrics=0')).body.count).toBe(2);
    expect((await api.get('/tasks/?is_resumable=yes')).status).toBe(400);
    for (const list of LISTS.filter((l) => l.boolean)) {
      for (const value of ['True', '0']) {
        const res = await api.get(query(list.path, `${list.boolean}=${value}`));
        expect({ path: list.path, value, status: res.status }).toEqual({ path: list.path, value, status: 200 });
      }
    }
  });

  it('should answer 404 "Invalid page." for a page past the end, and an empty first page', async () => {
    for (const list of LISTS) {
      const first = await api.get(query(list.path, 'page=1'));
      expect({ path: list.path, status: first.status }).toEqual({ path: list.path, status: 200 });
      // Far past the end even of the worker registry, which every brand shares.
      const past = await api.get(query(list.path, 'page=1000000'));
      expect({ path: list.path, status: past.status, detail: past.body.detail, code: past.body.error_code }).toEqual({
        path: list.path,
        status: 404,
        detail: 'Invalid page.',
        code: 'NOT_FOUND',
      });
    }
    const queue = idleQueue();
    await api.post('/tasks/bulk/', { tasks: [{ task_type: 'noop', queue }, { task_type: 'noop', queue }, { task_type: 'noop', queue }] });
    expect((await api.get('/tasks/?page_size=2&page=2')).status).toBe(200);
    expect((await api.get('/tasks/?page_size=2&page=3')).status).toBe(404);
  });

  it('should put nulls last when ordering by a nullable field, in both directions', async () => {
    const queue = idleQueue();
    const tasks = (await api.post('/tasks/bulk/', { tasks: [0, 1, 2].map(() => ({ task_type: 'noop', queue })) })).body.results;
    await api.post(`/tasks/${tasks[1].id}/cancel/`);
    for (const ordering of ['completed_at', '-completed_at']) {
      const ids = (await api.get(`/tasks/?ordering=${ordering}`)).body.results.map((t: { id: number }) => t.id);
      expect({ ordering, first: ids[0] }).toEqual({ ordering, first: tasks[1].id });
    }
    const jobs = [];
    for (let i = 0; i < 3; i++) jobs.push((await api.post(JOBS, { task_type: 'noop', queue })).body);
    await api.post(`${JOBS}${jobs[1].id}/cancel/`);
    for (const ordering of ['completed_at', '-completed_at']) {
      const ids = (await api.get(`${JOBS}?ordering=${ordering}`)).body.results.map((j: { id: number }) => j.id);
      expect({ ordering, first: ids[0] }).toEqual({ ordering, first: jobs[1].id });
    }
  });
});
