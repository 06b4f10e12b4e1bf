import { redactUrl } from '../config/redact-url';
import { AppLogger } from './logger';

export type Dependency = 'postgres' | 'nats';

const HINTS: Record<Dependency, string> = {
  postgres: 'start Postgres or set DATABASE_URL',
  nats: 'start nats-server -js or set NATS_URL',
};
const VARIABLES: Record<Dependency, string> = { postgres: 'DATABASE_URL', nats: 'NATS_URL' };

/** How often a dependency that stays unreachable is mentioned again. */
const REPEAT_MS = 30_000;

/**
 * The cause of a failed connection in a few words, without the stack: `connect ECONNREFUSED
 * 127.0.0.1:5432`, `role "x" does not exist`. nats.js wraps the socket error in its own (code
 * CONNECTION_REFUSED), whose message says less than the one it chains.
 */
export function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const chained = (error as { chainedError?: unknown }).chainedError;
  if (chained instanceof Error && chained.message) return chained.message;
  // nats.js's words for a socket closed before the NATS greeting: something else listens there.
  if (/undefined error/.test(error.message))
    return 'the connection was closed before the NATS handshake (is a NATS server listening there?)';
  const aggregate = (error as { errors?: unknown }).errors;
  // A host with several addresses (localhost: ::1 and 127.0.0.1) fails with an AggregateError and no message.
  if (!error.message && Array.isArray(aggregate) && aggregate[0] instanceof Error)
    return aggregate[0].message;
  return error.message || error.name;
}

/** Failures no retry will fix: wrong credentials or a role that does not exist (SQLSTATE class 28). */
export function isPermanentConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('28');
}

/** One reporter per dependency and address in a process: an app's two NATS connections say it once. */
const shared = new Map<string, OutageReporter>();

/**
 * A dependency that cannot be reached failed with its address (without password) and cause, said
 * once, said again only when the cause changes or every 30 s, and its return said once: not one JSON
 * line with a stack trace per attempt, forever.
 */
export class OutageReporter {
  private readonly logger = new AppLogger('Connection');
  private readonly url: string;
  private since?: number;
  private lastCause?: string;
  private lastLoggedAt = 0;
  private lastLostAt = -Infinity;

  constructor(
    readonly dependency: Dependency,
    url: string,
    private readonly now: () => number = Date.now,
  ) {
    this.url = redactUrl(url);
  }

  /** The process' reporter for this dependency and address (created on first use). */
  static for(dependency: Dependency, url: string): OutageReporter {
    const key = `${dependency} ${redactUrl(url)}`;
    let reporter = shared.get(key);
    if (!reporter) shared.set(key, (reporter = new OutageReporter(dependency, url)));
    return reporter;
  }

  failed(error: unknown): void {
    const cause = describeCause(error);
    const at = this.now();
    if (this.since === undefined) {
      this.since = at;
      this.log(
        cause,
        `${this.dependency} not reachable at ${this.url}: ${cause} (retrying; ${HINTS[this.dependency]})`,
      );
    } else if (cause !== this.lastCause || at - this.lastLoggedAt >= REPEAT_MS) {
      const seconds = Math.round((at - this.since) / 1000);
      this.log(cause, `${this.dependency} still not reachable at ${this.url} after ${seconds} s: ${cause}`);
    }
  }

  /** A connection that worked was lost (a pooled client after a server restart): once per 30 s at most. */
  lost(error: unknown): void {
    const at = this.now();
    if (at - this.lastLostAt < REPEAT_MS) return;
    this.lastLostAt = at;
    const cause = describeCause(error);
    this.logger.warn(`${this.dependency} connection lost at ${this.url}: ${cause} (reconnecting)`, {
      dependency: this.dependency,
      url: this.url,
      cause,
    });
  }

  recovered(): void {
    if (this.since === undefined) return;
    const seconds = Math.round((this.now() - this.since) / 1000);
    this.logger.info(`${this.dependency} reachable at ${this.url} after ${seconds} s`, {
      dependency: this.dependency,
    });
    this.since = undefined;
    this.lastCause = undefined;
  }

  /** The error to end the process with: one line that names the address, the cause and what to do. */
  gaveUp(error: unknown, attempts: number): DependencyUnreachableError {
    const refused = isPermanentConnectionFailure(error);
    const verb = refused ? 'refused the connection' : `not reachable after ${attempts} attempts`;
    const hint = refused ? `check the credentials in ${VARIABLES[this.dependency]}` : HINTS[this.dependency];
    return new DependencyUnreachableError(
      `${this.dependency} at ${this.url} ${verb}: ${describeCause(error)} (${hint})`,
    );
  }

  private log(cause: string, message: string): void {
    this.lastCause = cause;
    this.lastLoggedAt = this.now();
    this.logger.warn(message, { dependency: this.dependency, url: this.url, cause });
  }
}

/**
 * A dependency that never answered. Its stack would only show our retry loop, so it is the message
 * alone: the apps' `failed to start: ${error.stack}` then prints one readable line.
 */
export class DependencyUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DependencyUnreachableError';
    this.stack = message;
  }
}

/**
 * Runs `attempt` until it succeeds, sleeping 250 ms more after each failure (at most 5 s), reporting
 * the outage as above. Gives up after `attempts` (Infinity: never) or at once on a permanent failure.
 */
export async function connectWithRetry<T>(
  reporter: OutageReporter,
  attempt: () => Promise<T>,
  options: { attempts: number; sleep?: (ms: number) => Promise<void> },
): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let n = 1; ; n++) {
    try {
      const result = await attempt();
      reporter.recovered();
      return result;
    } catch (error) {
      if (n >= options.attempts || isPermanentConnectionFailure(error)) throw reporter.gaveUp(error, n);
      reporter.failed(error);
      await sleep(Math.min(5000, 250 * n));
    }
  }
}
