import { ErrorCode } from '@app/contracts';
import { AppError } from '@app/platform';

/**
 * The idempotency key of a create: the body's `idempotency_key` or the `Idempotency-Key` header (the
 * two may both be given only if they agree). Shared by the routes that create tasks and jobs.
 */
export function idempotencyKey(bodyKey: string | undefined, headerKey: string | undefined): string | undefined {
  if (headerKey !== undefined && (headerKey.length === 0 || headerKey.length > 200)) {
    throw AppError.validation({ 'Idempotency-Key': ['Must be 1-200 characters'] });
  }
  if (bodyKey !== undefined && headerKey !== undefined && bodyKey !== headerKey) {
    throw new AppError(ErrorCode.ValidationFailed, 'idempotency_key and the Idempotency-Key header differ', {
      idempotency_key: ['Differs from the Idempotency-Key header'],
    });
  }
  return bodyKey ?? headerKey;
}
