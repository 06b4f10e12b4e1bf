import { ErrorCode } from '@app/contracts';
import { AppError } from '@app/platform';

/**
 * task-core not answering (or failing unexpectedly) is retried: the schedule stays due and the same
 * idempotency key returns the task if it was in fact created. Any other refusal is final for that instant.
 */
export function isTransient(error: unknown): boolean {
  return (
    !(error instanceof AppError) ||
    error.code === ErrorCode.ServiceUnavailable ||
    error.code === ErrorCode.InternalError
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof AppError ? `${error.code}: ${error.detail}` : String(error);
}
