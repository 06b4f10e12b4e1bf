import { BaseEnv, EnvValidationError, loadConfigOrExit, NatsSettings, portFor, validateEnv } from '@app/platform';
import { JwtSettings } from '@app/tenancy';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import type { Algorithm } from 'jsonwebtoken';

/** The secret `npm run token` signs with outside production; production refuses to start with it. */
export const DEV_JWT_SECRET = 'megahub-dev-secret-do-not-use-in-production';

const ALGORITHMS = /^(HS256|HS384|HS512|RS256|RS384|RS512|ES256|ES384|ES512|PS256)(,(HS256|HS384|HS512|RS256|RS384|RS512|ES256|ES384|ES512|PS256))*$/;

class GatewayEnv extends BaseEnv {
  /** Unset: PORT_BASE. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) GATEWAY_PORT?: number;
  @IsOptional() @IsString() JWT_SECRET?: string;
  @IsOptional() @IsString() JWT_PUBLIC_KEY?: string;
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['https', 'http'] }) JWT_JWKS_URL?: string;
  @Matches(ALGORITHMS, { message: 'must be a comma list of HS256, RS256, ES256, …' }) JWT_ALGORITHMS = 'HS256';
  @IsOptional() @IsString() JWT_ISSUER?: string;
  @IsOptional() @IsString() JWT_AUDIENCE?: string;
  @Type(() => Number) @IsInt() @Min(0) @Max(300) JWT_CLOCK_TOLERANCE_SECONDS = 30;
  /** Largest accepted request body; a bulk create of 1,000 tasks needs room. */
  @Type(() => Number) @IsInt() @Min(1024) @Max(100 * 1024 * 1024) BODY_LIMIT_BYTES = 8 * 1024 * 1024;
  @IsIn(['true', 'false']) TRUST_PROXY = 'false';
  /** Requests per brand per minute before 429 (0 disables). */
  @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_PER_MINUTE = 0;
}

export function loadConfig(source: Record<string, string | undefined> = process.env) {
  const env = validateEnv(GatewayEnv, source);
  return {
    service: 'gateway' as const,
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    port: portFor('gateway', env.PORT_BASE, env.GATEWAY_PORT),
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    nats: NatsSettings.fromEnv(env),
    jwt: jwtSettings(env),
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY === 'true',
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
  } as const;
}

function jwtSettings(env: GatewayEnv): JwtSettings {
  const algorithms = env.JWT_ALGORITHMS.split(',') as Algorithm[];
  const symmetric = algorithms.filter((a) => a.startsWith('HS'));
  const problems: string[] = [];
  // Mixing families is how HS/RS confusion attacks start: one family per deployment.
  if (symmetric.length > 0 && symmetric.length < algorithms.length) {
    problems.push('JWT_ALGORITHMS: do not mix HS* with RS*/ES*/PS* algorithms');
  }
  const keys: JwtSettings['keys'] = {};
  if (symmetric.length > 0) {
    keys.secret = env.JWT_SECRET ?? (env.NODE_ENV === 'production' ? undefined : DEV_JWT_SECRET);
    if (!keys.secret) problems.push('JWT_SECRET: required for HS* algorithms');
    if (env.NODE_ENV === 'production' && keys.secret === DEV_JWT_SECRET) {
      problems.push('JWT_SECRET: production refuses the development secret');
    }
    if (env.NODE_ENV === 'production' && keys.secret && keys.secret.length < 32) {
      problems.push('JWT_SECRET: must be at least 32 characters in production');
    }
  } else {
    if (env.JWT_PUBLIC_KEY) keys.publicKey = env.JWT_PUBLIC_KEY.replace(/\\n/g, '\n');
    else if (env.JWT_JWKS_URL) keys.jwksUrl = env.JWT_JWKS_URL;
    else problems.push('JWT_PUBLIC_KEY or JWT_JWKS_URL: required for RS*/ES*/PS* algorithms');
  }
  if (problems.length > 0) throw new EnvValidationError(problems);
  return new JwtSettings(algorithms, keys, env.JWT_ISSUER, env.JWT_AUDIENCE, env.JWT_CLOCK_TOLERANCE_SECONDS);
}

export type GatewayConfig = ReturnType<typeof loadConfig>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function loadConfigFromProcess(): GatewayConfig {
  return loadConfigOrExit(() => loadConfig());
}
