import { ROLES, Role } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Algorithm } from 'jsonwebtoken';
import { passportJwtSecret } from 'jwks-rsa';
import { createPublicKey, createSecretKey } from 'node:crypto';
import { ExtractJwt, JwtFromRequestFunction, Strategy, StrategyOptionsWithRequest } from 'passport-jwt';
import { TokenUser } from './tenancy.decorators';
import { VerifiedTokenCache } from './verified-tokens';

/** How tokens are verified (SPEC §3). Exactly one of secret, publicKey or jwksUrl is set. */
export class JwtSettings {
  constructor(
    readonly algorithms: Algorithm[],
    readonly keys: { secret?: string; publicKey?: string; jwksUrl?: string },
    readonly issuer?: string,
    readonly audience?: string,
    readonly clockToleranceSeconds = 30,
  ) {}
}

export const JWT_STRATEGY = 'megahub-jwt';

/** Thrown by claim validation; the guard turns it into a 401 with this reason. */
export class InvalidTokenError extends Error {}

/** The one way a token is read from a request, for verification and for the cache alike. */
const bearerToken: JwtFromRequestFunction = ExtractJwt.fromAuthHeaderAsBearerToken();

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  /** Absent with JWKS: a key withdrawn from the set must stop its tokens at once. */
  private readonly verified?: VerifiedTokenCache;

  constructor(settings: JwtSettings) {
    const keyOptions = settings.keys.jwksUrl
      ? {
          secretOrKeyProvider: passportJwtSecret({
            jwksUri: settings.keys.jwksUrl,
            cache: true,
            rateLimit: true,
            jwksRequestsPerMinute: 10,
          }),
        }
      : { secretOrKey: keyObject(settings.keys) };
    const options: StrategyOptionsWithRequest = {
      jwtFromRequest: bearerToken,
      // validate() gets the request, to remember the verified token.
      passReqToCallback: true,
      ignoreExpiration: false,
      // Pinned: a token signed with any other algorithm (`none`, HS256 with a public key…) is refused.
      algorithms: settings.algorithms,
      issuer: settings.issuer,
      audience: settings.audience,
      jsonWebTokenOptions: { clockTolerance: settings.clockToleranceSeconds },
      ...keyOptions,
    };
    super(options);
    if (!settings.keys.jwksUrl) this.verified = new VerifiedTokenCache(settings.clockToleranceSeconds);
  }

  /** Called by passport only after the signature, algorithm, issuer, audience, exp and nbf checks passed. */
  validate(request: unknown, payload: Record<string, unknown>): TokenUser {
    const user = parseClaims(payload);
    this.verified?.remember(bearerToken(request), user, payload.exp as number);
    return user;
  }

  /** The user of the request's token when this process verified it before and it has not expired since. */
  recall(request: unknown): TokenUser | undefined {
    return this.verified?.recall(bearerToken(request));
  }
}

/**
 * The verification key, parsed once. Given a string, jsonwebtoken tries `createPublicKey` on it for every
 * token and falls back to a secret key when that throws: 17% of the gateway's CPU under POST /tasks/.
 * passport-jwt hands the value to jsonwebtoken untouched, which accepts a KeyObject.
 */
function keyObject(keys: JwtSettings['keys']): string {
  const key = keys.secret !== undefined ? createSecretKey(Buffer.from(keys.secret)) : createPublicKey(keys.publicKey ?? '');
  return key as unknown as string;
}

/** Checks the claims SPEC §3 requires: exp, numeric sub, username, brands [{id, name, role}]. */
export function parseClaims(payload: Record<string, unknown>): TokenUser {
  if (typeof payload.exp !== 'number') throw new InvalidTokenError('token has no exp claim');
  const sub = payload.sub;
  const userId = typeof sub === 'number' ? sub : typeof sub === 'string' && /^\d{1,15}$/.test(sub) ? Number(sub) : NaN;
  if (!Number.isSafeInteger(userId) || userId <= 0) throw new InvalidTokenError('sub must be a positive user id');
  if (typeof payload.username !== 'string' || payload.username.length === 0 || payload.username.length > 200) {
    throw new InvalidTokenError('username claim is missing');
  }
  if (!Array.isArray(payload.brands)) throw new InvalidTokenError('brands claim is missing');
  const brands = payload.brands.map((raw: unknown) => {
    const brand = raw as { id?: unknown; name?: unknown; role?: unknown };
    const valid =
      typeof brand === 'object' &&
      brand !== null &&
      Number.isSafeInteger(brand.id) &&
      (brand.id as number) > 0 &&
      typeof brand.name === 'string' &&
      brand.name.length <= 200 &&
      ROLES.includes(brand.role as Role);
    if (!valid) throw new InvalidTokenError('brands must be a list of {id, name, role}');
    return { id: brand.id as number, name: brand.name as string, role: brand.role as Role };
  });
  return { userId, username: payload.username, brands };
}
