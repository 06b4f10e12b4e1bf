import { TokenUser } from './tenancy.decorators';

type Entry = { user: TokenUser; refusedFromSeconds: number };

/**
 * Tokens this process has already verified, so that the next request with the same token skips the
 * signature check, the JSON decoding and passport (8% of the gateway's CPU under POST /tasks/).
 *
 * What a verification proves about a token string never changes (signature, algorithm, issuer,
 * audience, claims, and `nbf` once passed), except expiry: that one is checked again on every
 * request, with the same rule and clock tolerance as jsonwebtoken (refused from `exp + tolerance`).
 * Only successful verifications are kept, keyed by the exact token string, so a token changed by one
 * byte is verified from scratch. Bounded: least recently used first out, and long tokens are not kept.
 * Use it only with keys that cannot change while the process runs (a secret or a public key; not
 * JWKS, where a key can be withdrawn).
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clockToleranceSeconds: number,
    private readonly maxEntries = 10_000,
    private readonly maxTokenLength = 4096,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** The user of a token verified before and not expired now, else undefined (verify it again). */
  recall(token: string | null | undefined): TokenUser | undefined {
    if (!token) return undefined;
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (this.nowSeconds() >= entry.refusedFromSeconds) return undefined;
    // Re-inserted last: the Map's order is the recency order.
    this.entries.set(token, entry);
    return entry.user;
  }

  /** After a successful verification: `expSeconds` is the token's `exp` claim. */
  remember(token: string | null | undefined, user: TokenUser, expSeconds: number): void {
    if (!token || token.length > this.maxTokenLength || !Number.isFinite(expSeconds)) return;
    this.entries.delete(token);
    this.entries.set(token, { user: freeze(user), refusedFromSeconds: expSeconds + this.clockToleranceSeconds });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}

// One object is shared by every request with the token: no request may change what the next one sees.
function freeze(user: TokenUser): TokenUser {
  for (const brand of user.brands) Object.freeze(brand);
  Object.freeze(user.brands);
  return Object.freeze(user);
}
