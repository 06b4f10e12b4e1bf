import { ErrorBody, ErrorCode, FieldErrors } from '@app/contracts';

/** The one error type services throw. It crosses NATS as an ErrorBody and becomes an HTTP status at the gateway. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly fieldErrors?: FieldErrors,
    /** Set when the error stands for an unexpected failure already logged under this id. */
    readonly errorId?: string,
  ) {
    super(detail);
    this.name = 'AppError';
  }

  static validation(fieldErrors: FieldErrors, detail = 'Validation failed'): AppError {
    return new AppError(ErrorCode.ValidationFailed, detail, fieldErrors);
  }

  static fromBody(body: ErrorBody): AppError {
    return new AppError(body.error_code, body.detail, body.field_errors, body.error_id);
  }

  /** The documented body: `field_errors` always present (empty when the error is not about fields), each message once. */
  toBody(): ErrorBody {
    const fieldErrors = Object.fromEntries(Object.entries(this.fieldErrors ?? {}).map(([field, messages]) => [field, [...new Set(messages)]]));
    const body: ErrorBody = { detail: this.detail, error_code: this.code, field_errors: fieldErrors };
    if (this.errorId) body.error_id = this.errorId;
    return body;
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBody).error_code === 'string' &&
    typeof (value as ErrorBody).detail === 'string'
  );
}
