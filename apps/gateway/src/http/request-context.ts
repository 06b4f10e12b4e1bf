import { Actor } from '@app/contracts';
import { RequestContext, runWithContext } from '@app/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';

type GatewayRequest = FastifyRequest & { actor?: Actor };

/** The request's correlation id, and its brand once BrandGuard has verified it (read when a line is logged). */
class HttpRequestContext implements RequestContext {
  constructor(private readonly request: GatewayRequest) {}

  get correlationId(): string {
    return String(this.request.id);
  }

  get brandId(): number | undefined {
    return this.request.actor?.brand_id;
  }
}

/**
 * Runs each route's handler (Nest's guards, pipes and controller included) inside its request's
 * context, which the logger and the NATS bus read. A Fastify hook rather than a Nest interceptor: any
 * global interceptor makes Nest wrap every request in rxjs streams and two `AsyncResource.bind` calls,
 * about 10% of the gateway's CPU. `preHandler` runs after the body is read, and Fastify calls the
 * handler synchronously from `done`, so the whole handler inherits the context.
 */
export function runHandlersInRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', (request, _reply, done) => {
    runWithContext(new HttpRequestContext(request), () => done());
  });
}
