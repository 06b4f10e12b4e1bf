import type { Role } from '@app/contracts';

// Pure logic (no DOM): checked by both TypeScript programs and unit-tested by the root jest project.

export type Brand = { id: number; name: string; role: Role };

const ROLES: readonly Role[] = ['viewer', 'editor', 'admin'];

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
