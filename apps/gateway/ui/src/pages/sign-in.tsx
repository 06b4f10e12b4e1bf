import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, errorOf } from '../api';
import { Badge, ErrorNotice } from '../components';
import { dateTime } from '../format';
import { decodeToken } from '../token';

/**
 * Takes a JWT (from `npm run token` or your identity provider), shows what it claims, and checks it
 * against the gateway before keeping it for this tab.
 */
export function SignIn({
  reason,
  onSignIn,
}: {
  reason?: string;
  onSignIn: (token: string, brandId: number) => void;
}) {
  const [token, setToken] = useState('');
  const [brandId, setBrandId] = useState<number>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const decoded = token.trim() ? decodeToken(token) : null;
  const brand = decoded?.ok ? (decoded.brands.find((b) => b.id === brandId) ?? decoded.brands[0]) : undefined;

  const submit = async (event: TargetedEvent<HTMLFormElement, Event>) => {
    event.preventDefault();
    if (!decoded?.ok || !brand) return;
    setBusy(true);
    setError(undefined);
    try {
      // One cheap call proves the gateway accepts the token for this brand before we keep it.
      const response = await fetch('/tasks/?page_size=1', {
        headers: {
          authorization: `Bearer ${token.trim().replace(/^Bearer\s+/i, '')}`,
          'x-brand-id': String(brand.id),
          accept: 'application/json',
        },
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as {
          detail?: string;
          error_code?: string;
          field_errors?: Record<string, string[]>;
        };
        throw new ApiError(
          response.status,
          body.error_code ?? `HTTP_${response.status}`,
          body.detail ?? response.statusText,
          body.field_errors ?? {},
        );
      }
      onSignIn(token, brand.id);
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="sign-in">
      <form class="card" onSubmit={submit} aria-label="Sign in">
        <h1>
          MEGAHUB <span>Tasks</span>
        </h1>
        <p class="muted">
          Paste a token to open the operator dashboard. It stays in this tab only (sessionStorage).
        </p>
        {reason && (
          <div class="notice warn" role="alert">
            {reason}
          </div>
        )}
        <label class="field wide">
          <span class="label">Token (JWT)</span>
          <textarea
            name="token"
            rows={5}
            spellcheck={false}
            autoComplete="off"
            placeholder="eyJhbGciOi…"
            value={token}
            onInput={(e) => (setToken(e.currentTarget.value), setError(undefined))}
          />
          <span class="hint">
            For development: <code>npm run -s token -- --user 1:martin --brand 9:Humari:admin</code>
          </span>
        </label>
        {decoded && !decoded.ok && (
          <div class="notice error" role="alert">
            {decoded.error}
          </div>
        )}
        {decoded?.ok && (
          <div class="token-preview" data-testid="token-preview">
            <div>
              Signed as <strong>{decoded.username}</strong>
              {decoded.expiresAt && (
                <span class="muted"> · expires {dateTime(new Date(decoded.expiresAt).toISOString())}</span>
              )}
            </div>
            <label class="field wide">
              <span class="label">Brand</span>
              <select
                name="brand"
                value={brand?.id}
                onChange={(e) => setBrandId(Number(e.currentTarget.value))}
              >
                {decoded.brands.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name} (#{b.id}) · {b.role}
                  </option>
                ))}
              </select>
            </label>
            {brand && (
              <div class="muted small">
                Role in this brand: <Badge value={brand.role} />{' '}
                {brand.role === 'viewer'
                  ? 'read only'
                  : brand.role === 'editor'
                    ? 'create, retry, cancel, pause, resume'
                    : 'everything, including alert rules and schedules'}
              </div>
            )}
          </div>
        )}
        {error && <ErrorNotice error={error} />}
        <button type="submit" class="primary" disabled={!decoded?.ok || busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
