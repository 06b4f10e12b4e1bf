import { cachePolicy, resolveUiPath } from './ui-files';

const files = new Set(['index.html', 'favicon.svg', 'assets/index-Abc123.js', 'assets/index-Def456.css']);
const isFile = (file: string) => files.has(file);

describe('resolveUiPath', () => {
  it('should serve the page for the root and for app routes (SPA fallback)', () => {
    expect(resolveUiPath('', isFile)).toEqual({ kind: 'fallback' });
    expect(resolveUiPath('index.html', isFile)).toEqual({ kind: 'fallback' });
    expect(resolveUiPath('tasks/123', isFile)).toEqual({ kind: 'fallback' });
    expect(resolveUiPath('schedules/periodic/7/', isFile)).toEqual({ kind: 'fallback' });
  });

  it('should serve an existing file with its cache policy', () => {
    expect(resolveUiPath('assets/index-Abc123.js', isFile)).toEqual({
      kind: 'file',
      file: 'assets/index-Abc123.js',
      cacheControl: 'public, max-age=31536000, immutable',
      html: false,
    });
    expect(resolveUiPath('favicon.svg', isFile)).toMatchObject({
      kind: 'file',
      cacheControl: 'public, max-age=3600',
    });
  });

  it('should answer 404 for a missing asset instead of the page', () => {
    expect(resolveUiPath('assets/index-Old999.js', isFile)).toEqual({ kind: 'not_found' });
    expect(resolveUiPath('assets/chunk', isFile)).toEqual({ kind: 'not_found' });
    expect(resolveUiPath('robots.txt', isFile)).toEqual({ kind: 'not_found' });
  });

  it('should refuse paths that try to leave the folder or reach dotfiles', () => {
    for (const bad of [
      '../main.js',
      'assets/../../apps/gateway/main.js',
      '..',
      '.env',
      'a/.git/config',
      'x\0y',
      'a\\..\\b',
    ]) {
      expect(resolveUiPath(bad, () => true)).toEqual({ kind: 'not_found' });
    }
  });
});

describe('cachePolicy', () => {
  it('should keep hashed assets forever and revalidate pages', () => {
    expect(cachePolicy('assets/x-1.js')).toMatch(/immutable/);
    expect(cachePolicy('index.html')).toBe('no-cache');
  });
});
