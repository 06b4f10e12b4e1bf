import { ApiClient } from '@app/testing';
import { sharedStack } from './stack-file';

/** Methods a route lacks (405 with `Allow`) and the seed's base URLs as API roots (issue #18, item 8). */
const base = sharedStack().info.gatewayUrl;

describe('methods and API roots', () => {
  let api: ApiClient;
  beforeEach(() => {
    api = ApiClient.forNewBrand(base, 'admin');
  });

  it('should answer a method the route lacks with 405 and Allow, in the error format', async () => {
    const cases: Array<[string, string, string[]]> = [
      ['PUT', '/tasks/', ['GET', 'POST']],
      ['DELETE', '/tasks/1/', ['GET']],
      ['PUT', '/tasks/monitoring/alert-rules/1/', ['DELETE', 'GET', 'PATCH']],
      ['GET', '/tasks/1/retry/', ['POST']],
      ['POST', '/tasks/scheduled/calendars/1/preview/', ['GET']],
      ['DELETE', '/tasks/scheduled/', ['GET']],
    ];
    for (const [method, path, allowed] of cases) {
      const res = await api.request(method, path);
      const allow = (res.headers.get('allow') ?? '').split(',').map((m) => m.trim()).filter((m) => m !== 'HEAD').sort();
      expect({ method, path, status: res.status, allow, body: res.body }).toEqual({
        method,
        path,
        status: 405,
        allow: allowed,
        body: { detail: `Method "${method}" not allowed.`, error_code: 'METHOD_NOT_ALLOWED', field_errors: {} },
      });
    }
    // A path no route has is still a 404.
    expect((await api.request('PUT', '/tasks/nothing/here/')).status).toBe(404);
  });

  it('should answer the seed base URLs as API roots listing their resources', async () => {
    const roots: Array<[string, string[]]> = [
      ['/tasks/monitoring/', ['alert-rules', 'alerts', 'metrics', 'workers']],
      ['/tasks/persistent-jobs/', ['checkpoints', 'persistent-jobs']],
      ['/tasks/scheduled/', ['calendars', 'cron-jobs', 'periodic-tasks']],
    ];
    for (const [path, resources] of roots) {
      const res = await api.withRole('viewer').get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.body).toEqual(Object.fromEntries(resources.map((r) => [r, `${base}${path}${r}/`])));
      for (const url of Object.values(res.body as Record<string, string>)) {
        expect({ url, status: (await api.get(url.slice(base.length))).status }).toEqual({ url, status: 200 });
      }
      expect((await api.get(path.slice(0, -1))).status).toBe(200);
      expect((await api.get(path, { anonymous: true })).status).toBe(401);
      const foreign = await api.stranger().get(path, { noBrand: true, headers: { 'x-brand-id': String(api.brandId) } });
      expect({ path, status: foreign.status, code: foreign.body.error_code }).toEqual({ path, status: 403, code: 'BRAND_ACCESS_DENIED' });
      expect((await api.get(path, { noBrand: true, headers: { 'x-brand-id': 'nine' } })).status).toBe(400);
    }
  });
});
