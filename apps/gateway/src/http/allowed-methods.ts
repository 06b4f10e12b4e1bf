import type { FastifyInstance } from 'fastify';

type Route = { pattern: RegExp; methods: Set<string> };

/**
 * The methods each registered path answers, to tell a path nobody serves (404) from a method the path
 * lacks (405 with `Allow`, as DRF answers). Fastify's router only says "not found" for both; this table
 * is filled from its `onRoute` hook, so every route (Nest's, Swagger's, the dashboard's) is in it.
 */
export class AllowedMethods {
  private readonly routes = new Map<string, Route>();

  /** Collects every route registered on `fastify` from now on; call before the routes are registered. */
  static collect(fastify: FastifyInstance): AllowedMethods {
    const table = new AllowedMethods();
    fastify.addHook('onRoute', (route) => table.add(route.method, route.url));
    return table;
  }

  add(method: string | string[], url: string): void {
    const key = withoutTrailingSlash(url);
    const route = this.routes.get(key) ?? { pattern: patternOf(key), methods: new Set<string>() };
    for (const m of Array.isArray(method) ? method : [method]) route.methods.add(m.toUpperCase());
    // Fastify answers HEAD wherever it answers GET.
    if (route.methods.has('GET')) route.methods.add('HEAD');
    this.routes.set(key, route);
  }

  /** The methods some route answers at `path` (a request path, query string allowed), sorted; empty when none. */
  for(path: string): string[] {
    const bare = withoutTrailingSlash(path.split('?')[0]);
    const allowed = new Set<string>();
    for (const route of this.routes.values()) {
      if (route.pattern.test(bare)) route.methods.forEach((m) => allowed.add(m));
    }
    return [...allowed].sort();
  }
}

// The gateway's router ignores trailing slashes (DRF paths end with one): so does this table.
function withoutTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** `/tasks/:ref/retry` → `^/tasks/[^/]+/retry$`; `*` matches the rest of the path. */
function patternOf(url: string): RegExp {
  const source = url
    .split(/(:\w+(?:\([^)]*\))?|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}
