import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { AppLogger } from '../logging/logger';
import { normalizeError } from './error-normalizer';

/**
 * Services' catch-all: every failure leaves a NATS handler as an ErrorBody (Nest would otherwise send
 * "Internal server error" for everything). HTTP requests to a service (health, metrics) get the same body.
 */
@Catch()
export class ServiceErrorFilter implements ExceptionFilter {
  private readonly logger = new AppLogger(ServiceErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    const error = normalizeError(exception, this.logger);
    if (host.getType() === 'rpc') return throwError(() => error.toBody());
    const reply = host.switchToHttp().getResponse<{ status(code: number): { send(body: unknown): void } }>();
    reply.status(error.code === 'INTERNAL_ERROR' ? 500 : 400).send(error.toBody());
  }
}
