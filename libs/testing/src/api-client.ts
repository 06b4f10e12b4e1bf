import { mintToken, newBrandId, TestBrand } from './tokens';
import { Role } from '@app/contracts';

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

export type RequestOptions = {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** Leave out the Authorization header. */
  anonymous?: boolean;
  /** Leave out X-Brand-ID. */
  noBrand?: boolean;
};

/** Talks to the gateway as one user acting in one brand. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
    readonly brandId: number,
  ) {}

  /** A user with a fresh brand of their own, in the given role. */
  static forNewBrand(baseUrl: string, role: Role = 'admin', userId = 1): ApiClient {
    const brand: TestBrand = { id: newBrandId(), name: `brand-${Date.now()}`, role };
    return new ApiClient(baseUrl, mintToken({ userId, brands: [brand] }), brand.id);
  }

  /** The same user acting in the same brand with another role. */
  withRole(role: Role): ApiClient {
    const token = mintToken({ brands: [{ id: this.brandId, name: 'same', role }] });
    return new ApiClient(this.baseUrl, token, this.brandId);
  }

  /** Another user with a brand of their own: must never see this client's objects. */
  stranger(): ApiClient {
    return ApiClient.forNewBrand(this.baseUrl, 'admin', 2);
  }

  get<T = any>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request('GET', path, options);
  }
  post<T = any>(path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request('POST', path, { ...options, body });
  }
  patch<T = any>(path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request('PATCH', path, { ...options, body });
  }
  delete<T = any>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request('DELETE', path, options);
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (!options.anonymous) headers.authorization = `Bearer ${this.token}`;
    if (!options.noBrand) headers['x-brand-id'] = String(this.brandId);
    let payload: string | undefined = options.rawBody;
    if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined) headers['content-type'] = headers['content-type'] ?? 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (metrics, docs): keep the text
    }
    return { status: response.status, body: body as T, headers: response.headers };
  }
}
