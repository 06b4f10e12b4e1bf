import { ApiClient } from '@app/testing';
import { sharedStack } from '../stack-file';

const stack = sharedStack();
const base = stack.info.gatewayUrl;

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('dashboard serving (/tasks/ui/)', () => {
  let assets: string[];

  beforeAll(async () => {
    const page = await get('/tasks/ui/');
    assets = [...page.text.matchAll(/(?:src|href)="(\/tasks\/ui\/assets\/[^"]+)"/g)].map((m) => m[1]);
  });

  it('should serve the page without a token, revalidated on each visit, under a strict CSP', async () => {
    const page = await get('/tasks/ui/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.text).toContain('<div id="app">');
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    expect((await get('/tasks/ui')).status).toBe(200);
  });

  it('should answer app routes with the page (SPA fallback), so deep links and reloads work', async () => {
    const index = await get('/tasks/ui/');
    for (const route of [
      '/tasks/ui/tasks',
      '/tasks/ui/tasks/123',
      '/tasks/ui/schedules/periodic/7/',
      '/tasks/ui/monitoring?period=24h',
    ]) {
      const page = await get(route);
      expect(page.status).toBe(200);
      expect(page.text).toBe(index.text);
      expect(page.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('should serve hashed assets as immutable, with validators for conditional requests', async () => {
    for (const asset of assets) {
      const response = await get(asset);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-type')).toMatch(
        asset.endsWith('.js') ? /javascript/ : /text\/css/,
      );
      const etag = response.headers.get('etag') as string;
      expect(etag).toBeTruthy();
      // As a browser revalidates (fetch would otherwise add `Cache-Control: no-cache`, which bypasses validators).
      expect((await get(asset, { 'if-none-match': etag, 'cache-control': 'max-age=0' })).status).toBe(304);
    }
  });

  it('should send the precompressed variant the browser accepts, and the plain file to others', async () => {
    const script = assets.find((a) => a.endsWith('.js')) as string;
    const plain = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'identity' } });
    const plainBody = await plain.text();
    expect(plain.headers.get('content-encoding')).toBeNull();
    for (const encoding of ['br', 'gzip']) {
      const response = await fetch(`${base}${script}`, { headers: { 'accept-encoding': encoding } });
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(response.headers.get('content-type')).toMatch(/javascript/);
      expect(Number(response.headers.get('content-length'))).toBeLessThan(plainBody.length / 2);
      expect(await response.text()).toBe(plainBody);
    }
  });

  it('should answer 404 in the API error format for a missing asset, never the page', async () => {
    for (const missing of [
      '/tasks/ui/assets/index-Missing1.js',
      '/tasks/ui/robots.txt',
      '/tasks/ui/assets/deep/file',
    ]) {
      const response = await get(missing);
      expect(response.status).toBe(404);
      expect(JSON.parse(response.text)).toMatchObject({ error_code: 'NOT_FOUND' });
    }
  });

  it('should refuse paths that leave the dashboard folder or reach dotfiles', async () => {
    for (const attack of [
      '/tasks/ui/..%2f..%2fapps%2fgateway%2fmain.js',
      '/tasks/ui/%2e%2e/%2e%2e/package.json',
      '/tasks/ui/assets/..%2f..%2f..%2fpackage.json',
      '/tasks/ui/.env',
      '/tasks/ui/%2e%2e%5c%2e%2e%5cpackage.json',
      '/tasks/ui/x%00.js',
    ]) {
      const response = await get(attack);
      expect([400, 404]).toContain(response.status);
      expect(response.text).not.toContain('"dependencies"');
      expect(response.text).not.toContain('webpack');
    }
  });

  it('should keep the API behind its token: only the dashboard files are public', async () => {
    const anonymous = new ApiClient(base, '', 1);
    expect((await anonymous.get('/tasks/', { anonymous: true })).status).toBe(401);
    expect((await anonymous.get('/tasks/queue-stats/', { anonymous: true })).status).toBe(401);
    // A task_id-looking path under ui/ is a page, not the task API.
    expect((await get('/tasks/ui/task_abc')).headers.get('content-type')).toMatch(/^text\/html/);
  });
});
