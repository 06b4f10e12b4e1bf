/**
 * Every error code the platform can answer with. The gateway maps each one to an HTTP status in one
 * exhaustive table (apps/gateway/src/http/error-status.ts); services only ever throw these codes.
 */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  Unauthenticated: 'NOT_AUTHENTICATED',
  BrandAccessDenied: 'BRAND_ACCESS_DENIED',
  PermissionDenied: 'PERMISSION_DENIED',
  NotFound: 'NOT_FOUND',
  /** The path exists, not with this method: 405 with `Allow`. */
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  TaskNotFound: 'TASK_NOT_FOUND',
  TaskNotRetryable: 'TASK_NOT_RETRYABLE',
  TaskNotCancellable: 'TASK_NOT_CANCELLABLE',
  TaskNotResumable: 'TASK_NOT_RESUMABLE',
  TaskNotPausable: 'TASK_NOT_PAUSABLE',
  LeaseLost: 'LEASE_LOST',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  /** An answer too large for one NATS message (a page of big tasks): ask for a smaller page. */
  ResponseTooLarge: 'RESPONSE_TOO_LARGE',
  RateLimited: 'RATE_LIMITED',
  Conflict: 'CONFLICT',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  InternalError: 'INTERNAL_ERROR',
  // task-monitoring
  AlertRuleNotFound: 'ALERT_RULE_NOT_FOUND',
  AlertNotFound: 'ALERT_NOT_FOUND',
  WorkerNotFound: 'WORKER_NOT_FOUND',
  MetricNotFound: 'METRIC_NOT_FOUND',
  // task-persistence
  JobNotFound: 'JOB_NOT_FOUND',
  JobNotResumable: 'JOB_NOT_RESUMABLE',
  JobNotPausable: 'JOB_NOT_PAUSABLE',
  CheckpointNotFound: 'CHECKPOINT_NOT_FOUND',
  CheckpointTooLarge: 'CHECKPOINT_TOO_LARGE',
  JobNotCancellable: 'JOB_NOT_CANCELLABLE',
  // task-scheduling
  PeriodicTaskNotFound: 'PERIODIC_TASK_NOT_FOUND',
  CronJobNotFound: 'CRON_JOB_NOT_FOUND',
  CalendarNotFound: 'CALENDAR_NOT_FOUND',
  CalendarInUse: 'CALENDAR_IN_USE',
  /** An idempotency key the brand already used for another request body. */
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  InvalidCron: 'INVALID_CRON',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Field name (dotted path for nested fields, `tasks.3.priority` for list items) → messages. */
export type FieldErrors = Record<string, string[]>;

/**
 * The error body of every REST answer and every failed NATS reply. `field_errors` is always sent (an
 * empty object when the error is not about fields); it stays optional here for bodies read from peers.
 */
export type ErrorBody = {
  detail: string;
  error_code: ErrorCode;
  field_errors?: FieldErrors;
  error_id?: string;
};
