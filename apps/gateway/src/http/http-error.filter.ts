import { ErrorCode } from '@app/contracts';
import { AppError, AppLogger, normalizeError } from '@app/platform';
import { ArgumentsHost, Catch, ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowedMethods } from './allowed-methods';
import { ERROR_STATUS } from './error-status';

/**
 * Every failure leaves the gateway as `{detail, error_code, field_errors}` with its status. A request
 * no route takes is 404, unless the path has routes for other methods: then 405 with `Allow`.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new AppLogger(HttpErrorFilter.name);

  constructor(private readonly allowedMethods?: AllowedMethods) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const error = this.methodNotAllowed(exception, http.getRequest<FastifyRequest>(), reply) ?? normalizeError(exception, this.logger);
    const status = ERROR_STATUS[error.code] ?? 500;
    void reply.status(status).send(error.toBody());
  }

  private methodNotAllowed(exception: unknown, request: FastifyRequest, reply: FastifyReply): AppError | null {
    // Nest's answer for a request that matched no route; a handler's own 404s are AppErrors.
    if (!(exception instanceof NotFoundException) || !this.allowedMethods) return null;
    const allowed = this.allowedMethods.for(request.url);
    if (allowed.length === 0 || allowed.includes(request.method)) return null;
    void reply.header('Allow', allowed.join(', '));
    return new AppError(ErrorCode.MethodNotAllowed, `Method "${request.method}" not allowed.`);
  }
}
