import { AppLogger, normalizeError } from '@app/platform';
import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ERROR_STATUS } from './error-status';

/** Every failure leaves the gateway as `{detail, error_code, field_errors}` with its status. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new AppLogger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = normalizeError(exception, this.logger);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = ERROR_STATUS[error.code] ?? 500;
    void reply.status(status).send(error.toBody());
  }
}
