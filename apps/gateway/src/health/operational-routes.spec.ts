import { NatsBus } from '@app/platform';
import Fastify, { FastifyInstance } from 'fastify';
import { serveOperationalRoutes } from './operational-routes';
import { ReadinessProbe } from './readiness';

describe(serveOperationalRoutes.name, () => {
  let fastify: FastifyInstance;
  let down: string | undefined;
  let request: jest.Mock;

  beforeEach(async () => {
    down = undefined;
    request = jest.fn((subject: string) => (subject === down ? Promise.reject(new Error('timeout')) : Promise.resolve({ status: 'ok' })));
    fastify = Fastify();
    serveOperationalRoutes(fastify, new ReadinessProbe({ request } as unknown as NatsBus));
    await fastify.ready();
  });

  afterEach(() => fastify.close());

  it('should answer 200 with every service when all four answer', async () => {
    const res = await fastify.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({ status: 'ok', services: { core: 'ok', monitoring: 'ok', persistence: 'ok', scheduling: 'ok' } });
  });

  it('should answer 503 naming the service that does not answer', async () => {
    down = 'core.health.check';
    const res = await fastify.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', services: { core: 'unavailable', monitoring: 'ok', persistence: 'ok', scheduling: 'ok' } });
  });

  it('should share one fan-out between probes that arrive together and just after', async () => {
    const replies = await Promise.all(Array.from({ length: 5 }, () => fastify.inject({ method: 'GET', url: '/health' })));
    const after = await fastify.inject({ method: 'GET', url: '/health' });
    expect([...replies, after].every((r) => r.statusCode === 200)).toBe(true);
    expect(request).toHaveBeenCalledTimes(4);
  });

  it('should answer liveness and the Prometheus scrape', async () => {
    expect((await fastify.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    const metrics = await fastify.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4');
  });
});
