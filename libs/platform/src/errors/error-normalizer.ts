import { ErrorBody, ErrorCode } from '@app/contracts';
import { HttpException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppLogger } from '../logging/logger';
import { AppError, isErrorBody } from './app-error';

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.PermissionDenied,
  404: ErrorCode.NotFound,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.ValidationFailed,
  429: ErrorCode.RateLimited,
  503: ErrorCode.ServiceUnavailable,
};

/** The detail of a 503 caused by the service's database: the gateway's readiness names Postgres on it. */
export const DATABASE_UNAVAILABLE_DETAIL = 'The database is unavailable; try again shortly';

type FastifyLikeError = { statusCode?: number; code?: string; message?: string };

/**
 * Turns anything thrown into the documented error body. Known errors keep their code; anything else
 * becomes INTERNAL_ERROR with an `error_id` that is logged with the stack, never sent to the client.
 */
export function normalizeError(error: unknown, logger: AppLogger): AppError {
  if (error instanceof AppError) return error;
  if (isErrorBody(error)) return AppError.fromBody(error as ErrorBody);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = HTTP_STATUS_CODES[status];
    if (code) return new AppError(code, httpExceptionDetail(error));
  }
  // Fastify's own errors (malformed JSON, body too large, bad content type) carry a 4xx statusCode.
  const fastifyError = error as FastifyLikeError;
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const code = HTTP_STATUS_CODES[fastifyError.statusCode] ?? ErrorCode.ValidationFailed;
    return new AppError(code, fastifyError.message ?? 'Bad request');
  }
  if (isDataRejectedByDatabase(error)) {
    // A bound the DTO misses (an id past Postgres' integer, a date Postgres cannot hold): the caller's
    // data, not a server failure. Logged so that the missing validation rule gets added.
    logger.warn('value rejected by the database', { err: error });
    return new AppError(ErrorCode.ValidationFailed, 'A value is out of range or not valid for its field');
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn('database unavailable', { err: error });
    return new AppError(ErrorCode.ServiceUnavailable, DATABASE_UNAVAILABLE_DETAIL);
  }
  const errorId = randomUUID();
  logger.error('unexpected error', { error_id: errorId, err: error });
  return new AppError(ErrorCode.InternalError, 'Internal server error', undefined, errorId);
}

function httpExceptionDetail(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return error.message;
}

// Data exceptions caused by a value the client sent: too long, out of range, bad datetime, bad text.
const DATA_SQLSTATES = new Set(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05']);

/** Found by the security fuzzer: `?periodic_task_id=3000000000` or `calendar: 2**53` answered 500. */
export function isDataRejectedByDatabase(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && DATA_SQLSTATES.has(e.code)) return true;
  return e.driverError !== undefined && e.driverError !== error ? isDataRejectedByDatabase(e.driverError) : false;
}

// Connection-level failures (Postgres restarting, unreachable, out of connections) are transient: 503.
const UNAVAILABLE_SQLSTATES = /^(08|57P0[1-3]|53300)/;
const UNAVAILABLE_MESSAGES = /Connection terminated|ECONNREFUSED|ECONNRESET|timeout exceeded when trying to connect|Client has encountered a connection error/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && UNAVAILABLE_SQLSTATES.test(e.code)) return true;
  if (typeof e.code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(e.code)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  return e.driverError !== undefined && e.driverError !== error ? isDatabaseUnavailable(e.driverError) : false;
}
