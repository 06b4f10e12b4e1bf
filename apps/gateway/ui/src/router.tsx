import type { ComponentChildren, TargetedMouseEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** Where the app is mounted (`/tasks/ui/`); routes below are written without it (`/tasks/12`). */
export const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');

export type Location = { path: string; query: URLSearchParams };

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

function current(): Location {
  const raw = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : '/';
  const path = raw.replace(/\/+$/, '') || '/';
  return { path, query: new URLSearchParams(window.location.search) };
}

export function href(to: string): string {
  return BASE + (to.startsWith('/') ? to : `/${to}`);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = href(to);
  if (url === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  listeners.forEach((l) => l());
}

/** Rewrites the query string of the current page (filters, page number) without a history entry each keystroke. */
export function setQuery(
  changes: Record<string, string | number | null | undefined>,
  options: { replace?: boolean } = { replace: true },
): void {
  const { path, query } = current();
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') query.delete(key);
    else query.set(key, String(value));
  }
  const text = query.toString();
  navigate(path + (text ? `?${text}` : ''), options);
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    listeners.add(update);
    update(); // a navigation between the first render and now
    return () => void listeners.delete(update);
  }, []);
  return location;
}

/** `/tasks/:ref` against `/tasks/12` → `{ref: '12'}`; null when it does not match. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return null;
  }
  return params;
}

type LinkProps = { to: string; class?: string; title?: string; children?: ComponentChildren };

/** An in-app link: a real <a href> (open in a new tab works), handled by the router on a plain click. */
export function Link({ to, ...props }: LinkProps) {
  const handle = (event: TargetedMouseEvent<HTMLAnchorElement>) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(to);
  };
  return <a {...props} href={href(to)} onClick={handle} />;
}

/** Replaces the current entry with `to` (an alias route such as `/`). */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
