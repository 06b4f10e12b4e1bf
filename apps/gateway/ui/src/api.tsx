import type { ErrorBody, PaginatedResponse } from '@app/contracts';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Session } from './session';

export type { PaginatedResponse as Paginated };

/** A failed call, with the gateway's error body (`{detail, error_code, field_errors}`) when there was one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fieldErrors: Record<string, string[]> = {},
    readonly errorId?: string,
  ) {
    super(detail);
  }

  /** The route is not on this gateway (its API has not landed), or its service does not answer. */
  get unavailable(): boolean {
    return this.missingRoute || this.status === 503;
  }

  get missingRoute(): boolean {
    return (
      this.status === 404 &&
      this.code === 'NOT_FOUND' &&
      /^Cannot (GET|POST|PATCH|PUT|DELETE)\b/.test(this.detail)
    );
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export type Api = {
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  del(path: string): Promise<void>;
  /** A streaming GET (Server-Sent Events): the response, once its status is known to be 2xx. */
  stream(path: string, signal: AbortSignal): Promise<Response>;
};

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Calls the public REST API as the signed-in user in the selected brand. A 401 signs out (the token
 * expired or was refused); every other failure becomes an ApiError for the page to show.
 */
export function createApi(session: Session, onUnauthorized: (detail: string) => void): Api {
  const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
    authorization: `Bearer ${session.token}`,
    'x-brand-id': String(session.brand.id),
    accept: 'application/json',
    ...extra,
  });

  async function send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(
        0,
        'NETWORK_ERROR',
        `The gateway could not be reached (${(error as Error).message}).`,
      );
    }
    if (response.ok) return response;
    const failure = await toApiError(response);
    if (failure.status === 401) onUnauthorized(failure.detail);
    throw failure;
  }

  async function json<T>(response: Response): Promise<T> {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    get: async (path, query, signal) => json(await send('GET', path + queryString(query), undefined, signal)),
    post: async (path, body) => json(await send('POST', path, body ?? {})),
    patch: async (path, body) => json(await send('PATCH', path, body)),
    del: async (path) => void (await send('DELETE', path)),
    stream: (path, signal) => send('GET', path, undefined, signal),
  };
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | null = null;
  try {
    body = (await response.json()) as Partial<ErrorBody>;
  } catch {
    // not JSON (a proxy's error page): keep the status line
  }
  const detail =
    typeof body?.detail === 'string' ? body.detail : `${response.status} ${response.statusText || 'error'}`;
  return new ApiError(
    response.status,
    body?.error_code ?? `HTTP_${response.status}`,
    detail,
    body?.field_errors ?? {},
    body?.error_id,
  );
}

export function errorOf(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'CLIENT_ERROR', error instanceof Error ? error.message : String(error));
}

export const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside a signed-in view');
  return api;
}
