import { ApiClient } from '@app/testing';
import { sharedStack } from './stack-file';

jest.setTimeout(60_000);

const base = sharedStack().info.gatewayUrl;
const P = '/tasks/scheduled/periodic-tasks';
const J = '/tasks/scheduled/cron-jobs';
const C = '/tasks/scheduled/calendars';

const ISO_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const DAY_MS = 86_400_000;
const day = (offsetDays: number): string =>
  new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

async function createPeriodic(api: ApiClient, body: Record<string, unknown> = {}) {
  const res = await api.post(`${P}/`, {
    name: `p-${Math.random().toString(36).slice(2)}`,
    task_type: 'noop',
    cron_expression: '0 9 * * *',
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function createCalendar(api: ApiClient, body: Record<string, unknown> = {}) {
  const res = await api.post(`${C}/`, { name: `c-${Math.random().toString(36).slice(2)}`, ...body });
  expect(res.status).toBe(201);
  return res.body;
}

describe('scheduling API (gateway → task-scheduling)', () => {
  let api: ApiClient;
  beforeEach(() => {
    api = ApiClient.forNewBrand(base, 'admin');
  });

  describe('periodic tasks', () => {
    it('should create a periodic task with the documented fields, defaults and a human description', async () => {
      const res = await api.post(`${P}/`, {
        name: 'Daily SEO report',
        task_type: 'daily_seo_report',
        cron_expression: '0 9 * * MON-FRI',
        timezone: 'Europe/Paris',
        context_data: { site: 'humari.fr' },
        priority: 'high',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Daily SEO report',
        task_type: 'daily_seo_report',
        cron_expression: '0 9 * * MON-FRI',
        timezone: 'Europe/Paris',
        description: 'At 09:00, Monday through Friday',
        context_data: { site: 'humari.fr' },
        priority: 'high',
        queue: 'default',
        enabled: true,
        start_at: null,
        end_at: null,
        max_runs: null,
        calendar: null,
        calendar_mode: 'exclude',
        misfire_policy: 'run_once',
        overlap_policy: 'allow',
        last_run_at: null,
        total_run_count: 0,
        last_task_id: null,
        last_task_status: null,
        brand: { id: api.brandId },
        created_by: { id: 1, username: 'martin' },
      });
      expect(res.body.next_run_at).toMatch(ISO_Z);
      // 09:00 in Paris is 07:00 or 08:00 UTC, on a weekday, in the future.
      const next = new Date(res.body.next_run_at);
      expect([7, 8]).toContain(next.getUTCHours());
      expect(next.getTime()).toBeGreaterThan(Date.now());
      expect((await api.get(`${P}/${res.body.id}/`)).body).toEqual(res.body);
    });

    it('should refuse an invalid cron expression or time zone with INVALID_CRON naming the field', async () => {
      const cron = await api.post(`${P}/`, { name: 'x', task_type: 'noop', cron_expression: '61 * * * *' });
      expect(cron.status).toBe(400);
      expect(cron.body.error_code).toBe('INVALID_CRON');
      expect(cron.body.field_errors.cron_expression[0]).toMatch(/minute: 61 is out of range 0-59/);
      const zone = await api.post(`${P}/`, {
        name: 'x',
        task_type: 'noop',
        cron_expression: '* * * * *',
        timezone: 'Mars/Olympus',
      });
      expect(zone.status).toBe(400);
      expect(zone.body.field_errors.timezone[0]).toMatch(/unknown time zone/);
    });

    it('should reject bad input with field errors', async () => {
      const res = await api.post(`${P}/`, {
        name: '',
        task_type: 'Bad Type',
        cron_expression: 5,
        priority: 'urgent',
        misfire_policy: 'sometimes',
        overlap_policy: 'never',
        calendar_mode: 'maybe',
        max_runs: 0,
        start_at: 'tomorrow',
        description: 'read-only',
        brand_id: 3,
      });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.field_errors).sort()).toEqual(
        [
          'brand_id',
          'calendar_mode',
          'cron_expression',
          'description',
          'max_runs',
          'misfire_policy',
          'name',
          'overlap_policy',
          'priority',
          'start_at',
          'task_type',
        ].sort(),
      );
      const dates = await api.post(`${P}/`, {
        name: 'x',
        task_type: 'noop',
        cron_expression: '* * * * *',
        start_at: '2026-06-02T00:00:00Z',
        end_at: '2026-06-01T00:00:00Z',
      });
      expect(dates.status).toBe(400);
      expect(dates.body.field_errors.end_at).toBeDefined();
    });

    it("should accept the seed's example body as written, naming the task from its type and cron", async () => {
      const seed = { cron_expression: '0 9 * * 1-5', task_type: 'daily_seo_report' };
      const first = await api.post(`${P}/`, seed);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ name: 'daily_seo_report (0 9 * * 1-5)', ...seed });
      // Taken in this brand: the next default is numbered; several at once still get one name each.
      const more = await Promise.all([0, 1, 2].map(() => api.post(`${P}/`, seed)));
      expect(more.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(more.map((r) => r.body.name).sort()).toEqual([
        'daily_seo_report (0 9 * * 1-5) #2',
        'daily_seo_report (0 9 * * 1-5) #3',
        'daily_seo_report (0 9 * * 1-5) #4',
      ]);
      // Names are per brand; a name given explicitly that is taken is still refused.
      expect((await api.stranger().post(`${P}/`, seed)).body.name).toBe('daily_seo_report (0 9 * * 1-5)');
      const clash = await api.post(`${P}/`, { ...seed, name: first.body.name });
      expect(clash.status).toBe(400);
      expect(clash.body.field_errors.name[0]).toMatch(/already exists/);
    });

    it('should keep names unique per brand', async () => {
      await createPeriodic(api, { name: 'nightly' });
      const again = await api.post(`${P}/`, {
        name: 'nightly',
        task_type: 'noop',
        cron_expression: '@daily',
      });
      expect(again.status).toBe(400);
      expect(again.body.field_errors.name[0]).toMatch(/already exists/);
      const other = await api
        .stranger()
        .post(`${P}/`, { name: 'nightly', task_type: 'noop', cron_expression: '@daily' });
      expect(other.status).toBe(201);
    });

    it('should list with filters, search and ordering, and paginate', async () => {
      await createPeriodic(api, { name: 'alpha', task_type: 'noop' });
      await createPeriodic(api, { name: 'beta', task_type: 'sleep', enabled: false });
      await createPeriodic(api, { name: 'gamma', task_type: 'noop', cron_expression: '*/5 * * * *' });
      const all = await api.get(`${P}/`);
      expect(all.status).toBe(200);
      expect(all.body.count).toBe(3);
      expect(all.body.results.map((p: { name: string }) => p.name)).toEqual(['alpha', 'beta', 'gamma']);
      expect(
        (await api.get(`${P}/?enabled=false`)).body.results.map((p: { name: string }) => p.name),
      ).toEqual(['beta']);
      expect(
        (await api.get(`${P}/?task_type=noop&ordering=-name`)).body.results.map(
          (p: { name: string }) => p.name,
        ),
      ).toEqual(['gamma', 'alpha']);
      expect((await api.get(`${P}/?search=*/5`)).body.count).toBe(1);
      const page = await api.get(`${P}/?page_size=2`);
      expect(page.body.results).toHaveLength(2);
      expect(page.body.next).toContain('page=2');
      expect((await api.get(`${P}/?ordering=secret`)).status).toBe(400);
      expect((await api.get(`${P}/?enabled=yes`)).status).toBe(400);
      expect((await api.stranger().get(`${P}/`)).body.count).toBe(0);
    });

    it('should move next_run_at when the schedule changes, and keep it for other edits', async () => {
      const created = await createPeriodic(api, { cron_expression: '0 9 * * *' });
      const renamed = await api.patch(`${P}/${created.id}/`, { name: 'renamed', context_data: { a: 1 } });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({
        name: 'renamed',
        context_data: { a: 1 },
        next_run_at: created.next_run_at,
      });
      const moved = await api.patch(`${P}/${created.id}/`, {
        cron_expression: '30 6 * * *',
        timezone: 'Asia/Tokyo',
      });
      expect(moved.status).toBe(200);
      expect(moved.body.description).toBe('At 06:30');
      // 06:30 in Tokyo (UTC+9) is 21:30 UTC.
      expect(moved.body.next_run_at).toMatch(/T21:30:00\.000Z$/);
      const bad = await api.patch(`${P}/${created.id}/`, { cron_expression: '* * * * * * *' });
      expect(bad.status).toBe(400);
      expect(bad.body.field_errors.cron_expression[0]).toMatch(/expected 5 or 6 fields, got 7/);
      const nulled = await api.patch(`${P}/${created.id}/`, { name: null });
      expect(nulled.status).toBe(400);
      expect(nulled.body.field_errors.name).toBeDefined();
      const ended = await api.patch(`${P}/${created.id}/`, { end_at: '2020-01-01T00:00:00Z' });
      expect(ended.body.next_run_at).toBeNull();
      const reopened = await api.patch(`${P}/${created.id}/`, { end_at: null });
      expect(reopened.body.next_run_at).toMatch(/T21:30:00\.000Z$/);
    });

    it('should pause and resume', async () => {
      const created = await createPeriodic(api);
      const paused = await api.post(`${P}/${created.id}/pause/`);
      expect(paused.status).toBe(200);
      expect(paused.body).toMatchObject({ enabled: false, next_run_at: null });
      expect((await api.post(`${P}/${created.id}/pause/`)).body.enabled).toBe(false);
      const resumed = await api.post(`${P}/${created.id}/resume/`);
      expect(resumed.status).toBe(200);
      expect(resumed.body).toMatchObject({ enabled: true, next_run_at: created.next_run_at });
    });

    it('should delete a periodic task', async () => {
      const created = await createPeriodic(api);
      expect((await api.delete(`${P}/${created.id}/`)).status).toBe(204);
      const gone = await api.get(`${P}/${created.id}/`);
      expect(gone.status).toBe(404);
      expect(gone.body.error_code).toBe('PERIODIC_TASK_NOT_FOUND');
      expect((await api.delete(`${P}/${created.id}/`)).status).toBe(404);
    });

    it('should refuse a calendar of another brand as if it did not exist', async () => {
      const foreign = await createCalendar(api.stranger());
      const res = await api.post(`${P}/`, {
        name: 'x',
        task_type: 'noop',
        cron_expression: '@daily',
        calendar: foreign.id,
      });
      expect(res.status).toBe(400);
      expect(res.body.field_errors.calendar[0]).toMatch(/not found/);
    });

    it('should list no ready periodic task when nothing is due, and an empty run history', async () => {
      const created = await createPeriodic(api);
      const ready = await api.get(`${P}/ready-for-execution/`);
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ count: 0, next: null, previous: null, results: [] });
      const runs = await api.get(`${P}/${created.id}/runs/`);
      expect(runs.status).toBe(200);
      expect(runs.body.count).toBe(0);
      expect((await api.get(`${P}/${created.id}/runs/?status=exploded`)).status).toBe(400);
    });
  });

  describe('ready-for-execution', () => {
    const ready = async (query: string) => {
      const res = await api.get(`${P}/ready-for-execution/${query}`);
      expect(res.status).toBe(200);
      return (res.body.results as Array<{ id: number }>).map((p) => p.id);
    };

    it('should show with within_seconds what is about to fire, calendars applied', async () => {
      const soon = await createPeriodic(api, { cron_expression: '* * * * *' });
      const inTwoHours = new Date(Date.now() + 2 * 3_600_000);
      const later = await createPeriodic(api, {
        cron_expression: `${inTwoHours.getUTCMinutes()} ${inTwoHours.getUTCHours()} * * *`,
      });
      // Every minute, but only on a day of 2099: nothing is about to fire.
      const calendar = await createCalendar(api, { dates: ['2099-01-01'] });
      const offDays = await createPeriodic(api, {
        cron_expression: '* * * * *',
        calendar: calendar.id,
        calendar_mode: 'only',
      });
      const paused = await createPeriodic(api, { cron_expression: '* * * * *', enabled: false });
      expect(await ready('?within_seconds=120')).toEqual([soon.id]);
      expect((await ready('?within_seconds=86400')).sort()).toEqual([soon.id, later.id].sort());
      // Without a look-ahead, the seed's meaning: due now and not fired yet.
      const due = await ready('');
      for (const id of [later.id, offDays.id, paused.id]) expect(due).not.toContain(id);
      expect(await api.stranger().get(`${P}/ready-for-execution/?within_seconds=86400`)).toMatchObject({
        status: 200,
        body: { count: 0 },
      });
      for (const bad of ['within_seconds=-1', 'within_seconds=soon', 'within_seconds=99999999']) {
        const res = await api.get(`${P}/ready-for-execution/?${bad}`);
        expect({ bad, status: res.status, fields: Object.keys(res.body.field_errors ?? {}) }).toEqual({
          bad,
          status: 400,
          fields: ['within_seconds'],
        });
      }
    });
  });

  describe('validate-cron', () => {
    const validate = (body: Record<string, unknown>) => api.post(`${P}/validate-cron/`, body);

    it.each([
      // Weekdays at 09:00 Paris across the spring-forward weekend: 08:00Z in CET, 07:00Z in CEST.
      [
        '0 9 * * MON-FRI',
        'Europe/Paris',
        '2026-03-27T00:00:00Z',
        3,
        ['2026-03-27T08:00:00.000Z', '2026-03-30T07:00:00.000Z', '2026-03-31T07:00:00.000Z'],
      ],
      // 02:30 does not exist on 2026-03-08 in New York: it fires once, shifted to 03:30 EDT.
      [
        '30 2 * * *',
        'America/New_York',
        '2026-03-07T12:00:00Z',
        3,
        ['2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z'],
      ],
      // 01:30 happens twice on 2026-11-01 in New York: it fires once, at the first one (EDT).
      [
        '30 1 * * *',
        'America/New_York',
        '2026-10-31T12:00:00Z',
        2,
        ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'],
      ],
      // Both day fields restricted: the 13th OR a Friday (Vixie).
      [
        '0 0 13 * FRI',
        'UTC',
        '2026-01-01T00:00:00Z',
        4,
        [
          '2026-01-02T00:00:00.000Z',
          '2026-01-09T00:00:00.000Z',
          '2026-01-13T00:00:00.000Z',
          '2026-01-16T00:00:00.000Z',
        ],
      ],
      // Six fields: seconds first.
      [
        '*/15 * * * * *',
        'UTC',
        '2026-01-01T00:00:00Z',
        3,
        ['2026-01-01T00:00:15.000Z', '2026-01-01T00:00:30.000Z', '2026-01-01T00:00:45.000Z'],
      ],
      // L is the last day of the month, leap years included.
      [
        '0 12 L * *',
        'UTC',
        '2024-02-01T00:00:00Z',
        2,
        ['2024-02-29T12:00:00.000Z', '2024-03-31T12:00:00.000Z'],
      ],
      [
        '0 0 29 2 *',
        'UTC',
        '2025-01-01T00:00:00Z',
        2,
        ['2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z'],
      ],
      // The last Friday of the month, and a macro.
      [
        '0 18 * * 5L',
        'UTC',
        '2026-01-01T00:00:00Z',
        2,
        ['2026-01-30T18:00:00.000Z', '2026-02-27T18:00:00.000Z'],
      ],
      ['@monthly', 'Asia/Kolkata', '2026-01-15T00:00:00Z', 1, ['2026-01-31T18:30:00.000Z']],
    ])('should list the next runs of %s in %s', async (cron, timezone, from, count, expected) => {
      const res = await validate({ cron_expression: cron, timezone, from, count });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ valid: true, error: null, timezone, next_runs: expected });
      expect(typeof res.body.description).toBe('string');
    });

    it('should describe the expression in words', async () => {
      expect((await validate({ cron_expression: '0 9 * * MON-FRI' })).body.description).toBe(
        'At 09:00, Monday through Friday',
      );
      expect((await validate({ cron_expression: '@hourly' })).body.description).toBe('Every hour');
    });

    it.each([
      ['61 * * * *', 'UTC', /minute: 61 is out of range 0-59/],
      ['* * * *', 'UTC', /expected 5 or 6 fields, got 4/],
      ['0 0 30 2 *', 'UTC', /none of the selected days exists/],
      ['*/60 * * * *', 'UTC', /step 60 is out of range/],
      ['0 0 * * FUN', 'UTC', /unknown name FUN/],
      ['0 0 * JANUARY *', 'UTC', /unknown name JANUARY/],
      ['5-1 * * * *', 'UTC', /reversed/],
      ['@fortnightly', 'UTC', /unknown macro/],
      ['', 'UTC', /empty/],
      ['0 9 * * *', 'Mars/Olympus', /unknown time zone/],
      ['0 9 * * *', '+02:00', /unknown time zone/],
    ])('should answer valid: false for %j in %s', async (cron, timezone, error) => {
      const res = await validate({ cron_expression: cron, timezone });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ valid: false, description: null, next_runs: [] });
      expect(res.body.error).toMatch(error);
    });

    it('should default to five runs after now, in UTC', async () => {
      const res = await validate({ cron_expression: '* * * * * *' });
      expect(res.body.timezone).toBe('UTC');
      expect(res.body.next_runs).toHaveLength(5);
      expect(new Date(res.body.next_runs[0]).getTime()).toBeGreaterThan(Date.now() - 2000);
    });

    it('should apply a calendar in exclude and only modes, reading days in its zone', async () => {
      const weekends = await createCalendar(api, { weekdays: [0, 6] });
      const from = '2026-01-01T00:00:00Z'; // a Thursday
      const excluded = await validate({
        cron_expression: '0 9 * * *',
        from,
        count: 4,
        calendar: weekends.id,
      });
      expect(excluded.body.next_runs).toEqual([
        '2026-01-01T09:00:00.000Z',
        '2026-01-02T09:00:00.000Z',
        '2026-01-05T09:00:00.000Z',
        '2026-01-06T09:00:00.000Z',
      ]);
      const only = await validate({
        cron_expression: '0 9 * * *',
        from,
        count: 4,
        calendar: weekends.id,
        calendar_mode: 'only',
      });
      expect(only.body.next_runs).toEqual([
        '2026-01-03T09:00:00.000Z',
        '2026-01-04T09:00:00.000Z',
        '2026-01-10T09:00:00.000Z',
        '2026-01-11T09:00:00.000Z',
      ]);
      // 23:00 UTC on Jan 1 is already Jan 2 in Tokyo, the calendar's zone, so that run is excluded.
      const tokyo = await createCalendar(api, { timezone: 'Asia/Tokyo', dates: ['2026-01-02'] });
      const shifted = await validate({ cron_expression: '0 23 * * *', from, count: 2, calendar: tokyo.id });
      expect(shifted.body.next_runs).toEqual(['2026-01-02T23:00:00.000Z', '2026-01-03T23:00:00.000Z']);
    });

    it('should reject bad input with field errors, and let a viewer validate', async () => {
      const res = await validate({
        cron_expression: '* * * * *',
        count: 101,
        from: 'yesterday',
        calendar_mode: 'sometimes',
        extra: 1,
      });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.field_errors).sort()).toEqual(['calendar_mode', 'count', 'extra', 'from']);
      expect((await validate({})).body.field_errors.cron_expression).toBeDefined();
      const foreign = await createCalendar(api.stranger());
      expect(
        (await validate({ cron_expression: '@daily', calendar: foreign.id })).body.field_errors.calendar,
      ).toBeDefined();
      expect(
        (await api.withRole('viewer').post(`${P}/validate-cron/`, { cron_expression: '@daily' })).status,
      ).toBe(200);
      expect(
        (await api.post(`${P}/validate-cron/`, { cron_expression: '@daily' }, { anonymous: true })).status,
      ).toBe(401);
    });
  });

  describe('scheduled jobs', () => {
    it('should create a once job and an interval job', async () => {
      const runAt = new Date(Date.now() + 3_600_000).toISOString();
      const once = await api.post(`${J}/`, {
        name: 'one shot',
        task_type: 'noop',
        schedule_type: 'once',
        run_at: runAt,
        context_data: { a: 1 },
      });
      expect(once.status).toBe(201);
      expect(once.body).toMatchObject({
        name: 'one shot',
        schedule_type: 'once',
        run_at: runAt,
        interval_seconds: null,
        start_at: null,
        status: 'scheduled',
        next_run_at: runAt,
        total_run_count: 0,
        last_task_id: null,
        priority: 'normal',
        queue: 'default',
      });
      const startAt = new Date(Date.now() + 7_200_000).toISOString();
      const every = await api.post(`${J}/`, {
        name: 'every hour',
        task_type: 'noop',
        schedule_type: 'interval',
        interval_seconds: 3600,
        start_at: startAt,
      });
      expect(every.status).toBe(201);
      expect(every.body).toMatchObject({
        schedule_type: 'interval',
        interval_seconds: 3600,
        start_at: startAt,
        next_run_at: startAt,
        run_at: null,
      });
      const list = await api.get(`${J}/?schedule_type=interval`);
      expect(list.body.results.map((j: { id: number }) => j.id)).toEqual([every.body.id]);
      expect((await api.get(`${J}/${once.body.id}/`)).body).toEqual(once.body);
    });

    it('should reject inconsistent timing with field errors', async () => {
      const noRunAt = await api.post(`${J}/`, { name: 'x', task_type: 'noop', schedule_type: 'once' });
      expect(noRunAt.status).toBe(400);
      expect(noRunAt.body.field_errors.run_at).toBeDefined();
      const noInterval = await api.post(`${J}/`, {
        name: 'x',
        task_type: 'noop',
        schedule_type: 'interval',
        run_at: new Date().toISOString(),
      });
      expect(Object.keys(noInterval.body.field_errors).sort()).toEqual(['interval_seconds', 'run_at']);
      const bad = await api.post(`${J}/`, {
        name: 'x',
        task_type: 'noop',
        schedule_type: 'weekly',
        interval_seconds: 0,
      });
      expect(Object.keys(bad.body.field_errors).sort()).toEqual(['interval_seconds', 'schedule_type']);
    });

    it('should cancel, re-arm and delete a job', async () => {
      const runAt = new Date(Date.now() + 3_600_000).toISOString();
      const job = (
        await api.post(`${J}/`, { name: 'x', task_type: 'noop', schedule_type: 'once', run_at: runAt })
      ).body;
      const cancelled = await api.patch(`${J}/${job.id}/`, { status: 'cancelled' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', next_run_at: null });
      expect((await api.patch(`${J}/${job.id}/`, { status: 'fired' })).status).toBe(400);
      const rearmed = await api.patch(`${J}/${job.id}/`, { status: 'scheduled' });
      expect(rearmed.body).toMatchObject({ status: 'scheduled', next_run_at: runAt });
      expect((await api.delete(`${J}/${job.id}/`)).status).toBe(204);
      expect((await api.get(`${J}/${job.id}/`)).body.error_code).toBe('CRON_JOB_NOT_FOUND');
    });
  });

  describe('calendars', () => {
    it('should create a calendar and preview its days', async () => {
      const created = await api.post(`${C}/`, {
        name: 'Holidays 2026',
        timezone: 'Europe/Paris',
        dates: ['2026-12-25', '2026-01-01', '2026-12-25'],
        ranges: [{ start: '2026-08-10', end: '2026-08-12' }],
        weekdays: [0],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'Holidays 2026',
        timezone: 'Europe/Paris',
        dates: ['2026-01-01', '2026-12-25'],
        ranges: [{ start: '2026-08-10', end: '2026-08-12' }],
        weekdays: [0],
        description: '',
      });
      const preview = await api.get(`${C}/${created.body.id}/preview/?from=2026-08-08&to=2026-08-17`);
      expect(preview.status).toBe(200);
      expect(preview.body).toEqual({
        calendar: created.body.id,
        timezone: 'Europe/Paris',
        from: '2026-08-08',
        to: '2026-08-17',
        days: ['2026-08-09', '2026-08-10', '2026-08-11', '2026-08-12', '2026-08-16'],
      });
      const defaults = await api.get(`${C}/${created.body.id}/preview/`);
      expect(defaults.status).toBe(200);
      expect(defaults.body.days.length).toBeGreaterThanOrEqual(4);
      expect((await api.get(`${C}/${created.body.id}/preview/?from=2026-08-08&to=2026-08-01`)).status).toBe(
        400,
      );
      expect((await api.get(`${C}/${created.body.id}/preview/?from=2026-01-01&to=2027-12-31`)).status).toBe(
        400,
      );
      expect(
        (await api.get(`${C}/${created.body.id}/preview/?from=2026-02-30`)).body.field_errors.from,
      ).toBeDefined();
    });

    it('should reject impossible days with field errors', async () => {
      const res = await api.post(`${C}/`, {
        name: 'bad',
        timezone: 'Nowhere/Else',
        dates: ['2026-02-30'],
        ranges: [{ start: '2026-03-10', end: '2026-03-01' }],
      });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.field_errors).sort()).toEqual(['dates.0', 'ranges.0.end', 'timezone']);
      const shape = await api.post(`${C}/`, {
        name: 'bad',
        weekdays: [7],
        dates: ['tomorrow'],
        ranges: [{ start: '2026-01-01' }],
      });
      expect(shape.status).toBe(400);
      expect(Object.keys(shape.body.field_errors).sort()).toEqual(['dates', 'ranges.0.end', 'weekdays']);
    });

    it('should refuse to delete a calendar in use, and delete it once detached', async () => {
      const calendar = await createCalendar(api, { weekdays: [0, 6] });
      const periodic = await createPeriodic(api, { name: 'uses it', calendar: calendar.id });
      const refused = await api.delete(`${C}/${calendar.id}/`);
      expect(refused.status).toBe(409);
      expect(refused.body.error_code).toBe('CALENDAR_IN_USE');
      expect(refused.body.detail).toContain('"uses it"');
      expect((await api.get(`${P}/?calendar=${calendar.id}`)).body.count).toBe(1);
      expect((await api.patch(`${P}/${periodic.id}/`, { calendar: null })).body.calendar).toBeNull();
      expect((await api.delete(`${C}/${calendar.id}/`)).status).toBe(204);
      expect((await api.get(`${C}/${calendar.id}/`)).body.error_code).toBe('CALENDAR_NOT_FOUND');
    });

    it('should move the next run of the periodic tasks using a calendar when it changes', async () => {
      const tomorrow = day(1);
      const calendar = await createCalendar(api, { dates: [tomorrow, day(2)] });
      const periodic = await createPeriodic(api, { cron_expression: '0 0 * * *', calendar: calendar.id });
      expect(periodic.next_run_at).toBe(`${day(3)}T00:00:00.000Z`);
      await api.patch(`${C}/${calendar.id}/`, { dates: [] });
      expect((await api.get(`${P}/${periodic.id}/`)).body.next_run_at).toBe(`${tomorrow}T00:00:00.000Z`);
      const only = await api.patch(`${P}/${periodic.id}/`, { calendar_mode: 'only' });
      // `only` an empty calendar: no day is ever on.
      expect(only.body.next_run_at).toBeNull();
    });

    it('should keep names unique per brand and list with search', async () => {
      await createCalendar(api, { name: 'France', description: 'public holidays' });
      await createCalendar(api, { name: 'Japan' });
      expect((await api.post(`${C}/`, { name: 'France' })).body.field_errors.name).toBeDefined();
      expect(
        (await api.get(`${C}/?search=holidays`)).body.results.map((c: { name: string }) => c.name),
      ).toEqual(['France']);
      expect((await api.get(`${C}/`)).body.count).toBe(2);
    });
  });

  describe('tenancy and roles on every route', () => {
    type Route = {
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
      path: (ids: Ids) => string;
      body?: unknown;
      write: boolean;
      byId: boolean;
    };
    type Ids = { periodic: number; job: number; calendar: number };
    const routes: Route[] = [
      { method: 'GET', path: () => `${P}/`, write: false, byId: false },
      {
        method: 'POST',
        path: () => `${P}/`,
        body: { name: 'r', task_type: 'noop', cron_expression: '@daily' },
        write: true,
        byId: false,
      },
      { method: 'GET', path: () => `${P}/ready-for-execution/`, write: false, byId: false },
      { method: 'GET', path: (i) => `${P}/${i.periodic}/`, write: false, byId: true },
      {
        method: 'PATCH',
        path: (i) => `${P}/${i.periodic}/`,
        body: { name: 'renamed' },
        write: true,
        byId: true,
      },
      { method: 'POST', path: (i) => `${P}/${i.periodic}/pause/`, write: true, byId: true },
      { method: 'POST', path: (i) => `${P}/${i.periodic}/resume/`, write: true, byId: true },
      { method: 'POST', path: (i) => `${P}/${i.periodic}/run-now/`, write: true, byId: true },
      { method: 'GET', path: (i) => `${P}/${i.periodic}/runs/`, write: false, byId: true },
      { method: 'DELETE', path: (i) => `${P}/${i.periodic}/`, write: true, byId: true },
      { method: 'GET', path: () => `${J}/`, write: false, byId: false },
      {
        method: 'POST',
        path: () => `${J}/`,
        body: { name: 'j', task_type: 'noop', schedule_type: 'once', run_at: '2030-01-01T00:00:00Z' },
        write: true,
        byId: false,
      },
      { method: 'GET', path: (i) => `${J}/${i.job}/`, write: false, byId: true },
      { method: 'PATCH', path: (i) => `${J}/${i.job}/`, body: { name: 'renamed' }, write: true, byId: true },
      { method: 'DELETE', path: (i) => `${J}/${i.job}/`, write: true, byId: true },
      { method: 'GET', path: () => `${C}/`, write: false, byId: false },
      { method: 'POST', path: () => `${C}/`, body: { name: 'c' }, write: true, byId: false },
      { method: 'GET', path: (i) => `${C}/${i.calendar}/`, write: false, byId: true },
      { method: 'GET', path: (i) => `${C}/${i.calendar}/preview/`, write: false, byId: true },
      {
        method: 'PATCH',
        path: (i) => `${C}/${i.calendar}/`,
        body: { name: 'renamed' },
        write: true,
        byId: true,
      },
      { method: 'DELETE', path: (i) => `${C}/${i.calendar}/`, write: true, byId: true },
    ];

    let ids: Ids;
    beforeEach(async () => {
      const calendar = await createCalendar(api);
      const periodic = await createPeriodic(api, { cron_expression: '0 0 1 1 *' });
      const job = (
        await api.post(`${J}/`, {
          name: 'j',
          task_type: 'noop',
          schedule_type: 'once',
          run_at: '2030-01-01T00:00:00Z',
        })
      ).body;
      ids = { periodic: periodic.id, job: job.id, calendar: calendar.id };
    });

    it.each(
      routes.map((r) => [
        `${r.method} ${r.path({ periodic: 0, job: 0, calendar: 0 }).replace(/\/0\//, '/{id}/')}`,
        r,
      ]),
    )('should guard %s', async (_, route) => {
      const r = route as Route;
      const path = r.path(ids);
      const anonymous = await api.request(r.method, path, { body: r.body, anonymous: true });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error_code).toBe('NOT_AUTHENTICATED');
      const noBrand = await api.request(r.method, path, { body: r.body, noBrand: true });
      expect(noBrand.status).toBe(400);
      if (r.byId) {
        const foreign = await api.stranger().request(r.method, path, { body: r.body });
        expect(foreign.status).toBe(404);
        const missing = await api.request(
          r.method,
          r.path({ periodic: 2_000_000_000, job: 2_000_000_000, calendar: 2_000_000_000 }),
          { body: r.body },
        );
        expect(missing.status).toBe(404);
        const notAnId = await api.request(r.method, path.replace(/\/\d+\//, '/abc/'), { body: r.body });
        expect(notAnId.status).toBe(404);
      }
      if (r.write) {
        for (const role of ['viewer', 'editor'] as const) {
          const denied = await api.withRole(role).request(r.method, path, { body: r.body });
          expect(denied.status).toBe(403);
          expect(denied.body.error_code).toBe('PERMISSION_DENIED');
        }
      } else {
        expect((await api.withRole('viewer').request(r.method, path)).status).toBe(200);
      }
      const allowed = await api.request(r.method, path, { body: r.body });
      expect(allowed.status).toBeLessThan(300);
    });

    it('should reject unknown body fields on every write with a body', async () => {
      for (const r of routes.filter((route) => route.body !== undefined)) {
        const res = await api.request(r.method, r.path(ids), {
          body: { ...(r.body as object), surprise: true },
        });
        expect(res.status).toBe(400);
        expect(res.body.field_errors.surprise).toEqual(['unknown field']);
      }
    });
  });
});
