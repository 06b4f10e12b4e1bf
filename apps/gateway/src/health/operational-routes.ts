import { metricsRegistry } from '@app/platform';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Readiness, ReadinessProbe } from './readiness';

/**
 * Readiness (`/health`), liveness (`/health/live`) and the Prometheus scrape (`/metrics`) as plain
 * Fastify routes, registered before Nest's router. They are public and take no input, so Nest's guards,
 * pipes and interceptors had nothing to do on them but cost: under a probe load the Nest pipeline was
 * most of the gateway's CPU (0.2× a bare Nest app's req/s). The access log, the correlation id header
 * and the error body still apply: those are Fastify hooks.
 */
export function serveOperationalRoutes(fastify: FastifyInstance, readiness: ReadinessProbe): void {
  const answer = (reply: FastifyReply, { ready, json }: Readiness): void =>
    void reply.status(ready ? 200 : 503).header('Content-Type', 'application/json; charset=utf-8').send(json);
  // Not async: most probes share an answer already known, and are answered without a promise.
  fastify.get('/health', (_request, reply) => {
    const known = readiness.settledAnswer();
    if (known) answer(reply, known);
    else void readiness.check().then((fresh) => answer(reply, fresh), (error: unknown) => reply.send(error));
  });
  fastify.get('/health/live', async () => ({ status: 'ok' }));
  fastify.get('/metrics', async (_request, reply) => {
    const text = await metricsRegistry.metrics();
    return reply.header('Content-Type', 'text/plain; version=0.0.4').send(text);
  });
}
