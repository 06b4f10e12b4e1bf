/** Throw from a handler when retrying cannot help (bad input, a permanent refusal): the task fails at once. */
export class NonRetryableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonRetryableError';
  }
}

/** Why an attempt's AbortSignal fired. */
export type AbortReason = 'cancelled' | 'timeout' | 'paused' | 'lease_lost' | 'shutdown';

/** The reason carried by `ctx.signal.reason` and thrown by `ctx.checkpoint` once the attempt must stop. */
export class TaskAbortedError extends Error {
  constructor(readonly reason: AbortReason) {
    super(`task attempt aborted: ${reason}`);
    this.name = 'TaskAbortedError';
  }
}

/** A failed request to a service (its error code), or no answer in time (SERVICE_UNAVAILABLE). */
export class ServiceCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceCallError';
  }
}
