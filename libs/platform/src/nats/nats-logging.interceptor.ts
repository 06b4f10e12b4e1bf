import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { Observable, tap } from 'rxjs';
import { natsRequestDuration, natsRequestsTotal } from '../http/metrics';
import { AppLogger } from '../logging/logger';
import { CORRELATION_HEADER, correlationIdFrom, runWithContext } from '../logging/request-context';

type HeadersLike = { get(key: string): string } | undefined;

/**
 * One log line and one metric sample per NATS message (subject, brand, duration, outcome); the handler
 * runs inside the caller's correlation id so that every line it logs can be joined to the HTTP request.
 */
@Injectable()
export class NatsLoggingInterceptor implements NestInterceptor {
  private readonly logger = new AppLogger('Nats');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc();
    const natsContext = rpc.getContext<NatsContext>();
    const subject = natsContext.getSubject().split('.').slice(1).join('.');
    const headers = natsContext.getHeaders() as HeadersLike;
    const data = rpc.getData<{ actor?: { brand_id?: number } }>();
    const brandId = typeof data?.actor?.brand_id === 'number' ? data.actor.brand_id : undefined;
    const requestContext = { correlationId: correlationIdFrom(headers?.get(CORRELATION_HEADER)), brandId, subject };
    const started = process.hrtime.bigint();
    const finish = (outcome: 'ok' | 'error', error?: unknown) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      natsRequestsTotal.inc({ subject, outcome });
      natsRequestDuration.observe({ subject }, seconds);
      const code = (error as { code?: string; error_code?: string } | undefined)?.code;
      runWithContext(requestContext, () =>
        this.logger.info('nats message', { subject, duration_ms: Math.round(seconds * 1e4) / 10, outcome, code }),
      );
    };
    return new Observable((subscriber) =>
      runWithContext(requestContext, () =>
        next
          .handle()
          .pipe(tap({ next: () => finish('ok'), error: (error: unknown) => finish('error', error) }))
          .subscribe(subscriber),
      ),
    );
  }
}
