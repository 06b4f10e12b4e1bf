import { constants, createHmac, createSign, KeyObject, randomBytes, sign as cryptoSign } from 'node:crypto';

/**
 * Tokens written by hand, byte by byte, so an attack is exactly what it says (a library would refuse
 * to sign `alg: none` or HS256 with a PEM key, which is the point of the attack).
 */
export type Claims = Record<string, unknown>;

export function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

export function unsigned(header: Record<string, unknown>, claims: Claims): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
}

export function hmacToken(claims: Claims, secret: string | Buffer, alg = 'HS256', extraHeader: Record<string, unknown> = {}): string {
  const input = unsigned({ alg, typ: 'JWT', ...extraHeader }, claims);
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

export function rsaToken(claims: Claims, privateKey: KeyObject, alg: 'RS256' | 'RS384' | 'RS512' = 'RS256'): string {
  const input = unsigned({ alg, typ: 'JWT' }, claims);
  const signer = createSign({ RS256: 'RSA-SHA256', RS384: 'RSA-SHA384', RS512: 'RSA-SHA512' }[alg]);
  return `${input}.${signer.update(input).sign(privateKey, 'base64url')}`;
}

export function pssToken(claims: Claims, privateKey: KeyObject): string {
  const input = unsigned({ alg: 'PS256', typ: 'JWT' }, claims);
  const signature = cryptoSign('sha256', Buffer.from(input), { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  return `${input}.${signature.toString('base64url')}`;
}

export function ecToken(claims: Claims, privateKey: KeyObject): string {
  const input = unsigned({ alg: 'ES256', typ: 'JWT' }, claims);
  const signature = cryptoSign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

export function now(): number {
  return Math.floor(Date.now() / 1000);
}

/** Valid claims for one brand, as the platform requires them (SPEC §3). */
export function claimsFor(brandId: number, overrides: Claims = {}): Claims {
  return {
    sub: '41',
    username: 'mallory',
    brands: [{ id: brandId, name: 'victim', role: 'admin' }],
    iat: now(),
    exp: now() + 600,
    ...overrides,
  };
}

export function without(claims: Claims, ...keys: string[]): Claims {
  return Object.fromEntries(Object.entries(claims).filter(([key]) => !keys.includes(key)));
}

export function randomGarbage(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}
