import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL } from './defaults';
import { DEFAULT_PORT_BASE, MAX_PORT_BASE } from './ports';

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;
const NATS_URLS = /^(nats|tls|ws|wss):\/\/[^\s,]+(,(nats|tls|ws|wss):\/\/[^\s,]+)*$/;

export { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL };

/** Variables every app understands (SPEC §7). */
export class BaseEnv {
  @IsIn(['development', 'test', 'production']) NODE_ENV: string = 'development';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL: string = 'info';
  @Matches(NATS_URLS, { message: 'must be a comma-separated list of nats:// URLs' }) NATS_URL = DEFAULT_NATS_URL;
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, _ or -' }) NATS_NAMESPACE = 'megahub';
  @Type(() => Number) @IsInt() @Min(50) @Max(120_000) NATS_REQUEST_TIMEOUT_MS = 5000;
  @Type(() => Number) @IsInt() @Min(0) @Max(600_000) SHUTDOWN_GRACE_MS = 25_000;
  /** Replicas of the JetStream events stream when a service creates it (3 on a NATS cluster). */
  @Type(() => Number) @IsInt() @Min(1) @Max(5) NATS_STREAM_REPLICAS = 1;
  /** Every app's default port is this plus its offset (config/ports.ts): one variable moves a whole stack. */
  @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PORT_BASE) PORT_BASE = DEFAULT_PORT_BASE;
}

/** Apps that own a Postgres schema. */
export class ServiceEnv extends BaseEnv {
  @Matches(POSTGRES_URL, { message: 'must be a postgres:// URL' }) DATABASE_URL = DEFAULT_DATABASE_URL;
  @Type(() => Number) @IsInt() @Min(1) @Max(100) DATABASE_POOL_SIZE = 8;
  /** Unset: PORT_BASE plus the app's offset (portFor). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) HTTP_PORT?: number;
  @IsString() APP_VERSION = '0.1.0';
}

/** Where NATS is and which namespace this deployment's subjects, streams and consumers live under. */
export class NatsSettings {
  constructor(
    readonly servers: string[],
    readonly namespace: string,
    readonly requestTimeoutMs: number,
    readonly streamReplicas = 1,
  ) {}

  static fromEnv(env: BaseEnv): NatsSettings {
    return new NatsSettings(env.NATS_URL.split(','), env.NATS_NAMESPACE, env.NATS_REQUEST_TIMEOUT_MS, env.NATS_STREAM_REPLICAS);
  }
}
