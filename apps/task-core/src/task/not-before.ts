import { AppError, Sql } from '@app/platform';
import { Injectable } from '@nestjs/common';

/**
 * How far ahead of the database clock a request's `not_before` may be. A scheduler sends its pass
 * 50–150 ms early; anything beyond a few seconds is a bug or abuse, and would hold the caller's request
 * (and its transaction's locks) open meanwhile.
 */
export const MAX_NOT_BEFORE_AHEAD_MS = 5000;

/**
 * Holds a request until the database clock reaches its `not_before`, so that what it inserts afterwards
 * has a `created_at` (`now()`, the inserting transaction's start) at or after that instant.
 *
 * The clock is read once (`clock_timestamp()`, a pool connection for one round trip) and the wait is a
 * timer in Node: no connection is held while waiting, and the insert then runs with nothing left to do
 * but itself.
 */
@Injectable()
export class NotBeforeGate {
  constructor(private readonly sql: Sql) {}

  /** Resolves once the database clock is at or past `notBefore` (ISO); refuses one too far ahead. */
  async waitFor(notBefore: string): Promise<void> {
    const target = Date.parse(notBefore);
    const { now } = (await this.sql.one<{ now: Date }>('SELECT clock_timestamp() AS now')) as { now: Date };
    // The reading was taken before this line ran: from here on, the database clock is at least
    // `now` plus the time elapsed since (and `now` is truncated to the millisecond, never rounded up).
    const readAt = performance.now();
    const remaining = target - now.getTime();
    if (remaining > MAX_NOT_BEFORE_AHEAD_MS) {
      throw AppError.validation({
        not_before: [`must be at most ${MAX_NOT_BEFORE_AHEAD_MS} ms ahead of the database clock (is ${remaining} ms)`],
      });
    }
    if (remaining <= 0) return;
    // +1: a timer may fire within its last millisecond (libuv counts whole milliseconds).
    await sleep(readAt + remaining + 1 - performance.now());
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, Math.ceil(ms))) : Promise.resolve();
}
