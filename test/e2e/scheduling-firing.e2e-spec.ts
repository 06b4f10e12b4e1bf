import { Actor, CoreSubject, ErrorCode } from '@app/contracts';
import { AppError, NatsBus, NatsSettings } from '@app/platform';
import { ApiClient, AppProcess, eventually } from '@app/testing';
import { Client } from 'pg';
import { sharedStack } from './stack-file';

// Firing tests wait for real seconds to pass; jest's project-level testTimeout does not reach hooks.
jest.setTimeout(60_000);

const stack = sharedStack();
const base = stack.info.gatewayUrl;
const P = '/tasks/scheduled/periodic-tasks';
const J = '/tasks/scheduled/cron-jobs';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

type Run = {
  scheduled_for: string;
  fired_at: string | null;
  status: string;
  reason: string | null;
  task_id: string | null;
  task_status: string | null;
  trigger: string;
  error?: string | null;
};
type Task = {
  id: number;
  task_id: string;
  status: string;
  created_at: string;
  is_periodic: boolean;
  periodic_task_id: number | null;
  idempotency_key: string;
  created_by: { id: number };
};

async function allRuns(api: ApiClient, id: number): Promise<Run[]> {
  const res = await api.get(`${P}/${id}/runs/?page_size=200&ordering=scheduled_for`);
  expect(res.status).toBe(200);
  return res.body.results;
}

async function tasksOf(api: ApiClient, periodicId: number): Promise<Task[]> {
  const res = await api.get(`/tasks/?periodic_task_id=${periodicId}&page_size=200`);
  expect(res.status).toBe(200);
  return res.body.results;
}

async function createPeriodic(api: ApiClient, body: Record<string, unknown>) {
  const res = await api.post(`${P}/`, {
    name: `p-${Math.random().toString(36).slice(2)}`,
    task_type: 'noop',
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body as { id: number; next_run_at: string | null; created_at: string };
}

/** What a scheduler that was down leaves behind: a schedule whose stored next run is long past. */
async function simulateDowntime(periodicId: number, nextRunAt: string): Promise<void> {
  const db = new Client({ connectionString: stack.info.databaseUrl });
  await db.connect();
  try {
    await db.query(`UPDATE task_scheduling.periodic_task SET next_run_at = $2 WHERE id = $1`, [periodicId, nextRunAt]);
  } finally {
    await db.end();
  }
}

describe('scheduling: the firing engine', () => {
  // The shared stack runs one scheduler; this file adds a second one for the whole file.
  let second: AppProcess;
  beforeAll(async () => {
    second = await stack.startApp('task-scheduling', { label: 'task-scheduling-second' });
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
  }, 60_000);

  let api: ApiClient;
  beforeEach(() => {
    api = ApiClient.forNewBrand(base, 'admin');
  });

  it('should fire an every-second schedule once per instant with two schedulers, within a second', async () => {
    const periodic = await createPeriodic(api, { cron_expression: '* * * * * *', context_data: { n: 1 } });
    await eventually(async () => ((await tasksOf(api, periodic.id)).length >= 7 ? true : undefined), {
      timeoutMs: 15_000,
      what: 'seven runs',
    });
    await api.post(`${P}/${periodic.id}/pause/`);
    const tasks = await tasksOf(api, periodic.id);
    const keys = tasks.map((t) => t.idempotency_key);
    // One task per scheduled instant, never two.
    expect(new Set(keys).size).toBe(keys.length);
    for (const task of tasks) {
      expect(task).toMatchObject({
        is_periodic: true,
        periodic_task_id: periodic.id,
        status: 'pending',
        created_by: { id: 1 },
      });
      expect(task.idempotency_key).toMatch(
        new RegExp(`^periodic:${periodic.id}:\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z$`),
      );
    }
    const runs = await allRuns(api, periodic.id);
    const fired = runs.filter((r) => r.status === 'fired');
    expect(fired).toHaveLength(tasks.length);
    expect(new Set(fired.map((r) => r.scheduled_for)).size).toBe(fired.length);
    expect(new Set(fired.map((r) => r.task_id))).toEqual(new Set(tasks.map((t) => t.task_id)));
    // Consecutive seconds, none skipped, each fired well within a second of its instant.
    const instants = fired.map((r) => Date.parse(r.scheduled_for));
    instants.slice(1).forEach((instant, i) => expect(instant - instants[i]).toBe(1000));
    const lags = fired.map((r) => Date.parse(r.fired_at as string) - Date.parse(r.scheduled_for));
    expect(Math.max(...lags)).toBeLessThan(1000);
    expect(lags.every((lag) => lag >= 0)).toBe(true);
    const detail = (await api.get(`${P}/${periodic.id}/`)).body;
    expect(detail.total_run_count).toBe(tasks.length);
    expect(detail.last_task_id).toBe(fired[fired.length - 1].task_id);
    expect(detail.last_task_status).toBe('pending');
    const active = await api.get(`/tasks/?is_periodic=true&status=active&page_size=200`);
    expect(active.body.count).toBe(tasks.length);
  });

  it('should take the task already created for an instant, as after a crash before the commit', async () => {
    // A replica that died after task-core created the task but before it advanced the schedule left
    // exactly this behind: a task carrying the instant's key. The next firing must adopt it.
    const startAt = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
    const periodic = await createPeriodic(api, {
      cron_expression: '* * * * * *',
      start_at: startAt.toISOString(),
      max_runs: 2,
    });
    expect(periodic.next_run_at).toBe(startAt.toISOString());
    const key = `periodic:${periodic.id}:${startAt.toISOString()}`;
    const earlier = await api.post('/tasks/', { task_type: 'noop', idempotency_key: key });
    expect(earlier.status).toBe(201);
    const runs = await eventually(
      async () => {
        const found = (await allRuns(api, periodic.id)).filter((r) => r.status === 'fired');
        return found.length >= 2 ? found : undefined;
      },
      { timeoutMs: 10_000, what: 'two runs' },
    );
    expect(runs[0]).toMatchObject({ scheduled_for: startAt.toISOString(), task_id: earlier.body.task_id });
    expect(runs[1].task_id).not.toBe(earlier.body.task_id);
    // Two runs, two tasks in the brand: the first instant did not get a second task.
    expect((await api.get('/tasks/')).body.count).toBe(2);
  });

  it('should create a pass of many schedules in one bulk request, each instant once, with two schedulers', async () => {
    const count = 40;
    const startAt = new Date(Math.ceil((Date.now() + 4000) / 1000) * 1000);
    const schedules = await Promise.all(
      Array.from({ length: count }, () =>
        createPeriodic(api, { cron_expression: '* * * * * *', start_at: startAt.toISOString(), max_runs: 3 }),
      ),
    );
    const ids = new Set(schedules.map((p) => p.id));
    const tasks = await eventually(
      async () => {
        const res = await api.get(`/tasks/?is_periodic=true&page_size=200`);
        return res.body.count >= count * 3 ? (res.body.results as Task[]) : undefined;
      },
      { timeoutMs: 20_000, what: `${count * 3} tasks` },
    );
    expect(tasks).toHaveLength(count * 3);
    // Each task names its schedule as its origin, and its key names the same schedule and an instant.
    const keys = tasks.map((t) => t.idempotency_key);
    expect(new Set(keys).size).toBe(keys.length);
    const byInstant = new Map<string, Task[]>();
    for (const task of tasks) {
      expect(task.is_periodic).toBe(true);
      expect(ids.has(task.periodic_task_id as number)).toBe(true);
      const [, id, ...rest] = task.idempotency_key.split(':');
      expect(Number(id)).toBe(task.periodic_task_id);
      const instant = rest.join(':');
      byInstant.set(instant, [...(byInstant.get(instant) ?? []), task]);
    }
    expect([...byInstant.keys()].sort()).toEqual(
      [0, 1, 2].map((s) => new Date(startAt.getTime() + s * 1000).toISOString()),
    );
    for (const [instant, created] of byInstant) {
      expect(created).toHaveLength(count);
      // One statement per claim: an instant's tasks share their insert time (at most one claim per
      // replica), where one request per task would have spread them out.
      expect(new Set(created.map((t) => t.created_at)).size).toBeLessThanOrEqual(2);
      // Sent ahead of the instant with it as not_before: task-core never inserts before it.
      for (const task of created) {
        expect(Date.parse(task.created_at)).toBeGreaterThanOrEqual(Date.parse(instant));
        expect(Date.parse(task.created_at) - Date.parse(instant)).toBeLessThan(1000);
      }
    }
    for (const p of schedules.slice(0, 3)) {
      const runs = await allRuns(api, p.id);
      expect(runs.map((r) => [r.status, r.trigger])).toEqual([
        ['fired', 'schedule'],
        ['fired', 'schedule'],
        ['fired', 'schedule'],
      ]);
      expect((await api.get(`${P}/${p.id}/`)).body).toMatchObject({ total_run_count: 3, next_run_at: null });
    }
  });

  it('should fail a schedule task-core refuses alone, and still fire the others of its batch', async () => {
    const startAt = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
    const [good, bad, other] = await Promise.all(
      [0, 1, 2].map(() =>
        createPeriodic(api, { cron_expression: '* * * * * *', start_at: startAt.toISOString(), max_runs: 2 }),
      ),
    );
    // A stored schedule task-core would refuse (the API cannot make one): its task type breaks the pattern.
    const db = new Client({ connectionString: stack.info.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE task_scheduling.periodic_task SET task_type = 'Not A Type' WHERE id = $1`, [
        bad.id,
      ]);
    } finally {
      await db.end();
    }
    for (const p of [good, other]) {
      await eventually(
        async () => ((await api.get(`${P}/${p.id}/`)).body.next_run_at === null ? true : undefined),
        { timeoutMs: 10_000, what: 'two firings' },
      );
      expect((await tasksOf(api, p.id)).map((t) => t.periodic_task_id)).toEqual([p.id, p.id]);
    }
    const failed = await eventually(
      async () => {
        const runs = await allRuns(api, bad.id);
        return runs.length >= 2 ? runs : undefined;
      },
      { timeoutMs: 10_000, what: 'two failed runs' },
    );
    await api.post(`${P}/${bad.id}/pause/`);
    expect(failed[0]).toMatchObject({
      scheduled_for: startAt.toISOString(),
      status: 'failed',
      task_id: null,
    });
    expect(failed.every((r) => r.status === 'failed')).toBe(true);
    expect(failed[0].error).toContain('VALIDATION_FAILED');
    expect(await tasksOf(api, bad.id)).toHaveLength(0);
  });

  it('should stop firing when paused and when max_runs is reached', async () => {
    const limited = await createPeriodic(api, { cron_expression: '* * * * * *', max_runs: 3 });
    await eventually(
      async () => ((await api.get(`${P}/${limited.id}/`)).body.next_run_at === null ? true : undefined),
      { timeoutMs: 10_000 },
    );
    const detail = (await api.get(`${P}/${limited.id}/`)).body;
    expect(detail.total_run_count).toBe(3);
    expect(await tasksOf(api, limited.id)).toHaveLength(3);

    const paused = await createPeriodic(api, { cron_expression: '* * * * * *' });
    await eventually(async () => ((await tasksOf(api, paused.id)).length >= 1 ? true : undefined), {
      timeoutMs: 10_000,
    });
    await api.post(`${P}/${paused.id}/pause/`);
    const count = (await tasksOf(api, paused.id)).length;
    // Nothing fires while paused: wait for the other schedule of this brand to prove time went by.
    const probe = await createPeriodic(api, { cron_expression: '* * * * * *' });
    await eventually(async () => ((await tasksOf(api, probe.id)).length >= 2 ? true : undefined), {
      timeoutMs: 10_000,
    });
    expect(await tasksOf(api, paused.id)).toHaveLength(count);
    await api.post(`${P}/${probe.id}/pause/`);
  });

  it('should not back-fill the instants before its creation, even with run_all (catch-up is for downtime)', async () => {
    const periodic = await createPeriodic(api, {
      cron_expression: '* * * * * *',
      start_at: new Date(Date.now() - 12_000).toISOString(),
      misfire_policy: 'run_all',
      max_runs: 2,
    });
    expect(Date.parse(periodic.next_run_at as string)).toBeGreaterThan(Date.parse(periodic.created_at));
    const runs = await eventually(
      async () => {
        const found = await allRuns(api, periodic.id);
        return found.length >= 2 ? found : undefined;
      },
      { timeoutMs: 10_000, what: 'two runs' },
    );
    expect(runs.map((r) => r.status)).toEqual(['fired', 'fired']);
    for (const run of runs) expect(Date.parse(run.scheduled_for)).toBeGreaterThan(Date.parse(periodic.created_at));
  });

  describe('misfire policies after downtime', () => {
    // A daily schedule two hours behind the clock, started four days and three hours ago, whose stored
    // next run is its instant of four days ago: its five instants (the latest two hours ago) all fell
    // due while "no scheduler ran" for it.
    const now = Date.now();
    const at = new Date(now - 2 * HOUR_MS);
    const cron = `${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
    const startAt = new Date(now - 4 * DAY_MS - 3 * HOUR_MS).toISOString();
    const instants = [4, 3, 2, 1, 0].map((days) => {
      const instant = new Date(at.getTime() - days * DAY_MS);
      instant.setUTCSeconds(0, 0);
      return instant.toISOString();
    });

    const settled = async (id: number, runs: number) =>
      eventually(
        async () => {
          const found = await allRuns(api, id);
          return found.length >= runs ? found : undefined;
        },
        { timeoutMs: 10_000, what: `${runs} runs` },
      );

    it('should record every missed instant and fire none with skip', async () => {
      const periodic = await createPeriodic(api, {
        cron_expression: cron,
        start_at: startAt,
        misfire_policy: 'skip',
      });
      // Created now, it starts from now (creation does not back-fill): tomorrow's instant is next.
      expect(Date.parse(periodic.next_run_at as string)).toBe(Date.parse(instants[4]) + DAY_MS);
      await simulateDowntime(periodic.id, instants[0]);
      const runs = await settled(periodic.id, 5);
      expect(runs.map((r) => [r.scheduled_for, r.status, r.reason])).toEqual(
        instants.map((i) => [i, 'missed', 'misfire_skipped']),
      );
      expect(await tasksOf(api, periodic.id)).toHaveLength(0);
      const detail = (await api.get(`${P}/${periodic.id}/`)).body;
      expect(Date.parse(detail.next_run_at)).toBe(Date.parse(instants[4]) + DAY_MS);
      expect(detail.total_run_count).toBe(0);
    });

    it('should fire the latest instant once and coalesce the others with run_once', async () => {
      const periodic = await createPeriodic(api, {
        cron_expression: cron,
        start_at: startAt,
        misfire_policy: 'run_once',
      });
      await simulateDowntime(periodic.id, instants[0]);
      const runs = await settled(periodic.id, 5);
      expect(runs.map((r) => [r.scheduled_for, r.status, r.reason])).toEqual([
        ...instants.slice(0, 4).map((i) => [i, 'missed', 'misfire_coalesced']),
        [instants[4], 'fired', null],
      ]);
      const tasks = await tasksOf(api, periodic.id);
      expect(tasks.map((t) => t.idempotency_key)).toEqual([`periodic:${periodic.id}:${instants[4]}`]);
    });

    it('should fire every missed instant with run_all', async () => {
      const periodic = await createPeriodic(api, {
        cron_expression: cron,
        start_at: startAt,
        misfire_policy: 'run_all',
      });
      await simulateDowntime(periodic.id, instants[0]);
      const runs = await settled(periodic.id, 5);
      expect(runs.map((r) => [r.scheduled_for, r.status])).toEqual(instants.map((i) => [i, 'fired']));
      const keys = (await tasksOf(api, periodic.id)).map((t) => t.idempotency_key).sort();
      expect(keys).toEqual(instants.map((i) => `periodic:${periodic.id}:${i}`).sort());
      expect((await api.get(`${P}/${periodic.id}/`)).body.total_run_count).toBe(5);
    });

    it('should only consider the days the calendar allows', async () => {
      // Exclude the weekday of the two most recent instants: run_once falls back to the third.
      const excluded = [new Date(instants[4]).getUTCDay(), new Date(instants[3]).getUTCDay()];
      const calendar = (
        await api.post('/tasks/scheduled/calendars/', { name: 'skip two days', weekdays: excluded })
      ).body;
      const periodic = await createPeriodic(api, {
        cron_expression: cron,
        start_at: startAt,
        misfire_policy: 'run_once',
        calendar: calendar.id,
      });
      await simulateDowntime(periodic.id, instants[0]);
      const runs = await settled(periodic.id, 3);
      expect(runs.map((r) => [r.scheduled_for, r.status])).toEqual([
        [instants[0], 'missed'],
        [instants[1], 'missed'],
        [instants[2], 'fired'],
      ]);
    });
  });

  it('should skip instants while the last task is still active with overlap_policy skip, then fire again', async () => {
    const periodic = await createPeriodic(api, { cron_expression: '* * * * * *', overlap_policy: 'skip' });
    const skipped = await eventually(
      async () => {
        const runs = await allRuns(api, periodic.id);
        return runs.filter((r) => r.status === 'skipped_overlap').length >= 2 ? runs : undefined;
      },
      { timeoutMs: 10_000, what: 'two skipped runs' },
    );
    expect(skipped.filter((r) => r.status === 'fired')).toHaveLength(1);
    expect(skipped.find((r) => r.status === 'skipped_overlap')?.reason).toBe('previous_run_active');
    const [first] = await tasksOf(api, periodic.id);
    // The pending task ends (cancelled): its event frees the schedule, and the next instant fires.
    expect((await api.post(`/tasks/${first.id}/cancel/`)).status).toBe(200);
    const tasks = await eventually(
      async () => {
        const found = await tasksOf(api, periodic.id);
        return found.length >= 2 ? found : undefined;
      },
      { timeoutMs: 10_000, what: 'a second task' },
    );
    await api.post(`${P}/${periodic.id}/pause/`);
    const runs = await allRuns(api, periodic.id);
    expect(runs.find((r) => r.task_id === first.task_id)?.task_status).toBe('cancelled');
    expect(tasks.filter((t) => t.status === 'pending')).toHaveLength(1);
  });

  it('should create a task at once with run-now, and record it as a manual run', async () => {
    const periodic = await createPeriodic(api, {
      cron_expression: '0 0 1 1 *',
      enabled: false,
      context_data: { manual: true },
    });
    const res = await api.post(`${P}/${periodic.id}/run-now/`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      trigger: 'manual',
      status: 'fired',
      task_status: 'pending',
      periodic_task_id: periodic.id,
    });
    const task = (await api.get(`/tasks/${res.body.task_id}/`)).body;
    expect(task).toMatchObject({
      is_periodic: true,
      periodic_task_id: periodic.id,
      context_data: { manual: true },
    });
    const detail = (await api.get(`${P}/${periodic.id}/`)).body;
    expect(detail).toMatchObject({
      total_run_count: 1,
      last_task_id: res.body.task_id,
      enabled: false,
      next_run_at: null,
    });
    expect((await allRuns(api, periodic.id)).map((r) => r.trigger)).toEqual(['manual']);
  });

  it('should not run on a day the calendar excludes', async () => {
    const today = new Date().getUTCDay();
    const calendar = (
      await api.post('/tasks/scheduled/calendars/', { name: 'not today', weekdays: [today, (today + 1) % 7] })
    ).body;
    const periodic = await createPeriodic(api, { cron_expression: '* * * * * *', calendar: calendar.id });
    const dayAfterTomorrow = new Date(Date.now() + 2 * DAY_MS).toISOString().slice(0, 10);
    expect(periodic.next_run_at).toBe(`${dayAfterTomorrow}T00:00:00.000Z`);
    const open = await createPeriodic(api, { cron_expression: '* * * * * *' });
    await eventually(async () => ((await tasksOf(api, open.id)).length >= 2 ? true : undefined), {
      timeoutMs: 10_000,
    });
    await api.post(`${P}/${open.id}/pause/`);
    expect(await tasksOf(api, periodic.id)).toHaveLength(0);
  });

  describe('task-core: a bulk create sent ahead with not_before', () => {
    let bus: NatsBus;
    beforeAll(async () => {
      bus = new NatsBus(new NatsSettings(stack.info.natsUrl.split(','), stack.info.namespace, 10_000));
      await bus.connect();
    });
    afterAll(async () => {
      await bus?.onApplicationShutdown();
    });

    const actorOf = (client: ApiClient): Actor => ({
      brand_id: client.brandId,
      brand_name: 'same',
      user_id: 1,
      username: 'scheduler',
      role: 'admin',
    });

    async function databaseNow(): Promise<number> {
      const db = new Client({ connectionString: stack.info.databaseUrl });
      await db.connect();
      try {
        return (await db.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0].now.getTime();
      } finally {
        await db.end();
      }
    }

    it('should insert only once the database clock reaches not_before', async () => {
      const notBefore = new Date((await databaseNow()) + 400).toISOString();
      const response = await bus.request(CoreSubject.TaskBulkCreate, {
        actor: actorOf(api),
        body: { tasks: [1, 2, 3].map((n) => ({ task_type: 'noop', idempotency_key: `nb:${n}` })) },
        not_before: notBefore,
      });
      expect(response.created).toBe(3);
      for (const task of response.results ?? [])
        expect(Date.parse(task.created_at)).toBeGreaterThanOrEqual(Date.parse(notBefore));
      // Asked again (a replica adopting the batch after a crash): the same tasks, none inserted.
      const again = await bus.request(CoreSubject.TaskBulkCreate, {
        actor: actorOf(api),
        body: { tasks: [1, 2, 3].map((n) => ({ task_type: 'noop', idempotency_key: `nb:${n}` })) },
        not_before: notBefore,
      });
      expect(again.created).toBe(0);
      expect(again.results?.map((t) => t.task_id)).toEqual(response.results?.map((t) => t.task_id));
    });

    it('should refuse a not_before more than a few seconds ahead, at once and inserting nothing', async () => {
      const startedAt = Date.now();
      const refusal = await bus
        .request(CoreSubject.TaskBulkCreate, {
          actor: actorOf(api),
          body: { tasks: [{ task_type: 'noop', idempotency_key: 'nb:far' }] },
          not_before: new Date((await databaseNow()) + 60_000).toISOString(),
        })
        .catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(AppError);
      expect(refusal).toMatchObject({ code: ErrorCode.ValidationFailed });
      expect((refusal as AppError).fieldErrors).toHaveProperty('not_before');
      expect(Date.now() - startedAt).toBeLessThan(5000);
      expect((await api.get('/tasks/')).body.count).toBe(0);
    });
  });

  describe('scheduled jobs', () => {
    it('should fire a once job exactly once and mark it fired', async () => {
      const job = (
        await api.post(`${J}/`, {
          name: 'soon',
          task_type: 'noop',
          schedule_type: 'once',
          run_at: new Date(Date.now() + 1000).toISOString(),
        })
      ).body;
      const fired = await eventually(
        async () => {
          const current = (await api.get(`${J}/${job.id}/`)).body;
          return current.status === 'fired' ? current : undefined;
        },
        { timeoutMs: 10_000, what: 'the job to fire' },
      );
      expect(fired).toMatchObject({ next_run_at: null, total_run_count: 1 });
      const task = (await api.get(`/tasks/${fired.last_task_id}/`)).body;
      expect(task).toMatchObject({
        task_type: 'noop',
        status: 'pending',
        idempotency_key: `cronjob:${job.id}:${job.run_at}`,
      });
    });

    it('should fire an interval job every interval, once per instant, until cancelled', async () => {
      const job = (
        await api.post(`${J}/`, {
          name: 'tick',
          task_type: 'noop',
          schedule_type: 'interval',
          interval_seconds: 1,
          start_at: new Date().toISOString(),
        })
      ).body;
      await eventually(
        async () => ((await api.get(`${J}/${job.id}/`)).body.total_run_count >= 4 ? true : undefined),
        { timeoutMs: 10_000 },
      );
      const cancelled = (await api.patch(`${J}/${job.id}/`, { status: 'cancelled' })).body;
      expect(cancelled.next_run_at).toBeNull();
      const tasks = (await api.get(`/tasks/?task_type=noop&page_size=200`)).body.results as Task[];
      const keys = tasks.map((t) => t.idempotency_key).filter((k) => k.startsWith(`cronjob:${job.id}:`));
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.length).toBe(cancelled.total_run_count);
      expect(cancelled.total_run_count).toBeGreaterThanOrEqual(4);
    });
  });
});
