import type { Role } from '@app/contracts';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Brand = { id: number; name: string; role: Role };

/** What the dashboard knows of the signed-in user: read from the token for display only; the API decides. */
export type Session = {
  token: string;
  userId: string;
  username: string;
  brands: Brand[];
  expiresAt: number | null;
  brand: Brand;
};

const TOKEN_KEY = 'megahub.token';
const BRAND_KEY = 'megahub.brand';
const ROLES: readonly Role[] = ['viewer', 'editor', 'admin'];
const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export type Decoded =
  | { ok: true; userId: string; username: string; brands: Brand[]; expiresAt: number | null }
  | { ok: false; error: string };

/** Reads a JWT's payload without verifying it (the gateway verifies every call). */
export function decodeToken(raw: string, now = Date.now()): Decoded {
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) {
    return { ok: false, error: 'This is not a JWT: expected three base64url parts separated by dots.' };
  }
  let claims: Record<string, unknown>;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) =>
      c.charCodeAt(0),
    );
    claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return { ok: false, error: 'The token payload is not readable JSON.' };
  }
  const brands = Array.isArray(claims.brands) ? claims.brands.filter(isBrand) : [];
  if (brands.length === 0)
    return { ok: false, error: 'The token lists no brand (claim "brands": [{id, name, role}]).' };
  const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  if (expiresAt !== null && expiresAt <= now) {
    return {
      ok: false,
      error: `The token expired on ${new Date(expiresAt).toLocaleString()}. Mint a new one with npm run token.`,
    };
  }
  return {
    ok: true,
    userId: String(claims.sub ?? ''),
    username: typeof claims.username === 'string' ? claims.username : `user ${String(claims.sub ?? '?')}`,
    brands,
    expiresAt,
  };
}

function isBrand(value: unknown): value is Brand {
  const b = value as Brand | null;
  return !!b && Number.isInteger(b.id) && b.id > 0 && typeof b.name === 'string' && ROLES.includes(b.role);
}

/** The session kept for this browser tab (sessionStorage: gone when the tab closes). */
export function loadSession(): Session | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  const decoded = decodeToken(token);
  if (!decoded.ok) {
    clearSession();
    return null;
  }
  const wanted = Number(sessionStorage.getItem(BRAND_KEY));
  const brand = decoded.brands.find((b) => b.id === wanted) ?? decoded.brands[0];
  return {
    token,
    userId: decoded.userId,
    username: decoded.username,
    brands: decoded.brands,
    expiresAt: decoded.expiresAt,
    brand,
  };
}

export function saveSession(token: string, brandId: number): void {
  sessionStorage.setItem(TOKEN_KEY, token.trim().replace(/^Bearer\s+/i, ''));
  sessionStorage.setItem(BRAND_KEY, String(brandId));
}

export function clearSession(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(BRAND_KEY);
}

export function can(session: Session, role: Role): boolean {
  return RANK[session.brand.role] >= RANK[role];
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in view');
  return session;
}

/** Whether the current user may do what needs `role` in the selected brand (to hide controls, not to guard). */
export function useCan(role: Role): boolean {
  return can(useSession(), role);
}
