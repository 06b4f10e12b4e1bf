import { AppLogger, CORRELATION_HEADER, correlationIdFrom, httpRequestDuration, httpRequestsTotal } from '@app/platform';
import type { FastifyInstance } from 'fastify';

/** Log levels at which an `info` line is written (pino's order). */
const LEVELS_WITH_INFO = new Set(['info', 'debug', 'trace']);

/**
 * One metric sample per HTTP request, and one JSON line when the log level shows `info` lines (at
 * `warn`, as deployed, building a line per request that pino then drops was measurable CPU under
 * load). The correlation id is the caller's `X-Correlation-ID` when sane, else a new one; it is
 * echoed back in the response.
 */
export function installAccessLog(fastify: FastifyInstance, options: { logLevel: string }): void {
  const logger = new AppLogger('Http');
  const logEachRequest = LEVELS_WITH_INFO.has(options.logLevel);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_HEADER, request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    httpRequestsTotal.inc({ method: request.method, route, status: String(reply.statusCode) });
    httpRequestDuration.observe({ method: request.method, route }, seconds);
    if (logEachRequest) {
      const actor = (request as { actor?: { brand_id: number } }).actor;
      logger.info('http request', {
        correlation_id: request.id,
        brand_id: actor?.brand_id,
        method: request.method,
        route,
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 10) / 10,
      });
    }
    done();
  });
}

export function genRequestId(request: { headers: Record<string, string | string[] | undefined> }): string {
  return correlationIdFrom(request.headers[CORRELATION_HEADER]);
}
