import { ApiClient } from '@app/testing';
import { sharedStack } from './stack-file';

/** The documented error body on every service behind the gateway (issue #18, item 7). */
const base = sharedStack().info.gatewayUrl;
const JOBS = '/tasks/persistent-jobs/persistent-jobs/';
const P = '/tasks/scheduled/periodic-tasks/';

describe('error bodies (documented shape)', () => {
  let api: ApiClient;
  beforeEach(() => {
    api = ApiClient.forNewBrand(base, 'admin');
  });

  it('should carry field_errors, empty, on 401, 403, 404 and unreadable JSON', async () => {
    const shape = (code: string) => ({ detail: expect.any(String), error_code: code, field_errors: {} });
    expect((await api.get('/tasks/', { anonymous: true })).body).toEqual(shape('NOT_AUTHENTICATED'));
    const foreign = { noBrand: true, headers: { 'x-brand-id': String(api.brandId + 1) } };
    expect((await api.get('/tasks/', foreign)).body).toEqual(shape('BRAND_ACCESS_DENIED'));
    expect((await api.withRole('viewer').post('/tasks/', { task_type: 'noop' })).body).toEqual(shape('PERMISSION_DENIED'));
    expect((await api.get('/tasks/999999999/')).body).toEqual(shape('TASK_NOT_FOUND'));
    expect((await api.get('/tasks/nothing/here/')).body).toEqual(shape('NOT_FOUND'));
    expect((await api.get('/tasks/scheduled/calendars/999999/')).body).toEqual(shape('CALENDAR_NOT_FOUND'));
    const malformed = await api.post('/tasks/', undefined, { rawBody: '{"task_type": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual(shape('VALIDATION_FAILED'));
  });

  it('should say that a missing field is required, once, on every create', async () => {
    const required = ['This field is required.'];
    const cases: Array<[string, string[]]> = [
      ['/tasks/', ['task_type']],
      ['/tasks/monitoring/alert-rules/', ['metric', 'name', 'operator', 'threshold']],
      [JOBS, ['task_type']],
      [P, ['cron_expression', 'task_type']],
      ['/tasks/scheduled/cron-jobs/', ['name', 'schedule_type', 'task_type']],
      ['/tasks/scheduled/calendars/', ['name']],
      [`${P}validate-cron/`, ['cron_expression']],
    ];
    for (const [path, fields] of cases) {
      const res = await api.post(path, {});
      expect({ path, status: res.status, field_errors: res.body.field_errors }).toEqual({
        path,
        status: 400,
        field_errors: Object.fromEntries(fields.map((f) => [f, required])),
      });
    }
    const nulled = await api.post('/tasks/scheduled/calendars/', { name: null });
    expect(nulled.body.field_errors).toEqual({ name: ['This field may not be null.'] });
    const bulk = await api.post('/tasks/bulk/', { tasks: [{ task_type: 'noop' }, {}] });
    expect(bulk.body.field_errors).toEqual({ 'tasks.1.task_type': required });
  });

  it('should give each message once', async () => {
    const expected = ['name must be 1-200 characters', 'name must be a string'];
    const calendar = await api.post('/tasks/scheduled/calendars/', { name: 5 });
    expect(Object.keys(calendar.body.field_errors)).toEqual(['name']);
    expect([...calendar.body.field_errors.name].sort()).toEqual(expected);
    const rule = await api.post('/tasks/monitoring/alert-rules/', { name: 7, metric: 'failure_rate', operator: 'gt', threshold: 0.5 });
    expect(Object.keys(rule.body.field_errors)).toEqual(['name']);
    expect([...rule.body.field_errors.name].sort()).toEqual(expected);
  });

  it('should report every bad field of a calendar at once', async () => {
    const res = await api.post('/tasks/scheduled/calendars/', {
      name: '',
      timezone: 'Nowhere/Else',
      dates: ['2026-02-30'],
      ranges: [{ start: '2026-03-10', end: '2026-03-01' }],
      weekdays: [9],
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.field_errors).sort()).toEqual(['dates.0', 'name', 'ranges.0.end', 'timezone', 'weekdays']);
    expect(res.body.field_errors.timezone).toEqual(['unknown time zone: Nowhere/Else']);
    const calendar = (await api.post('/tasks/scheduled/calendars/', { name: 'ok' })).body;
    const patched = await api.patch(`/tasks/scheduled/calendars/${calendar.id}/`, { timezone: 'Mars/Base', weekdays: [8] });
    expect(Object.keys(patched.body.field_errors).sort()).toEqual(['timezone', 'weekdays']);
    const preview = await api.get(`/tasks/scheduled/calendars/${calendar.id}/preview/?from=2026-02-30&to=2026-13-01`);
    expect(preview.status).toBe(400);
    expect(Object.keys(preview.body.field_errors).sort()).toEqual(['from', 'to']);
  });
});
