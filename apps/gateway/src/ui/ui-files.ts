import path from 'node:path';

/** Where the dashboard's built assets are: `dist/ui`, beside `dist/apps/gateway/main.js`. */
export function defaultUiRoot(): string {
  return path.resolve(__dirname, '..', '..', 'ui');
}

/** Hashed build output: the name changes with the content, so browsers may keep it forever. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The page itself must be revalidated, or a browser would keep asking for last build's assets. */
const REVALIDATE = 'no-cache';
const SHORT = 'public, max-age=3600';

export type UiTarget =
  | { kind: 'file'; file: string; cacheControl: string; html: boolean }
  | { kind: 'fallback' }
  | { kind: 'not_found' };

/**
 * What a request under `/tasks/ui/` serves: the file it names when there is one; `index.html` for
 * an app route (no extension: the SPA routes on the client); a 404 for a missing asset, so that a
 * stale page never receives HTML in place of a script. `relative` is the decoded path after the prefix.
 */
export function resolveUiPath(relative: string, isFile: (file: string) => boolean): UiTarget {
  if (relative.includes('\0') || relative.includes('\\')) return { kind: 'not_found' };
  const segments = relative.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) return { kind: 'not_found' };
  const file = segments.join('/');
  if (file === '' || file === 'index.html') return { kind: 'fallback' };
  if (isFile(file))
    return { kind: 'file', file, cacheControl: cachePolicy(file), html: file.endsWith('.html') };
  const last = segments[segments.length - 1];
  if (segments[0] === 'assets' || /\.[a-z0-9]{1,8}$/i.test(last)) return { kind: 'not_found' };
  return { kind: 'fallback' };
}

export function cachePolicy(file: string): string {
  if (file.startsWith('assets/')) return IMMUTABLE;
  if (file.endsWith('.html')) return REVALIDATE;
  return SHORT;
}

export const INDEX_CACHE_CONTROL = REVALIDATE;

/**
 * Headers of the page. The token lives in sessionStorage, so script injection is the threat that
 * matters: only our own scripts run, the page talks only to its own origin and is never framed.
 */
export const HTML_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};
