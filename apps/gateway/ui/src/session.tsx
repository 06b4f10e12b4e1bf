import type { Role } from '@app/contracts';
import type { Brand } from './token';
import { decodeToken } from './token';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type { Brand };

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
const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

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
