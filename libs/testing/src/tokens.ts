import { Role } from '@app/contracts';
import { randomInt } from 'node:crypto';
import jwt, { Algorithm, SignOptions } from 'jsonwebtoken';

/** Must equal the gateway's development secret (apps/gateway/src/config.ts). */
export const TEST_JWT_SECRET = 'megahub-dev-secret-do-not-use-in-production';

export type TestBrand = { id: number; name: string; role: Role };

export type TokenOptions = {
  userId?: number;
  username?: string;
  brands: TestBrand[];
  secret?: string;
  algorithm?: Algorithm;
  expiresInSeconds?: number;
  extraClaims?: Record<string, unknown>;
  signOptions?: SignOptions;
};

export function mintToken(options: TokenOptions): string {
  const claims = {
    sub: String(options.userId ?? 1),
    username: options.username ?? 'martin',
    brands: options.brands,
    ...options.extraClaims,
  };
  return jwt.sign(claims, options.secret ?? TEST_JWT_SECRET, {
    algorithm: options.algorithm ?? 'HS256',
    expiresIn: options.expiresInSeconds ?? 3600,
    ...options.signOptions,
  });
}

/** A brand id no other test uses: tests isolate by tenant instead of truncating tables. */
export function newBrandId(): number {
  return randomInt(1_000_000, 2_000_000_000);
}
