import { ErrorCode } from '@app/contracts';
import { AppError, DATABASE_UNAVAILABLE_DETAIL, NatsBus } from '@app/platform';
import Fastify, { FastifyInstance } from 'fastify';
import { serveOperationalRoutes } from './operational-routes';
import { ReadinessProbe } from './readiness';

describe(serveOperationalRoutes.name, () => {
  let fastify: FastifyInstance;
  let down: string | undefined;
  let failure: Error;
  let bus: { request: jest.Mock; connected: boolean };

  beforeEach(async () => {
    down = undefined;
    failure = new Error('timeout');
    const request = jest.fn((subject: string) => (subject === down ? Promise.reject(failure) : Promise.resolve({ status: 'ok' })));
    bus = { request, connected: true };
    fastify = Fastify();
    serveOperationalRoutes(fastify, new ReadinessProbe(bus as unknown as NatsBus));
    await fastify.ready();
  });

  afterEach(() => fastify.close());

  it('should answer 200 with every service when all four answer', async () => {
    const res = await fastify.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({ status: 'ok', nats: 'ok', services: { core: 'ok', monitoring: 'ok', persistence: 'ok', scheduling: 'ok' } });
  });

  it('should answer 503 naming the service that does not answer', async () => {
    down = 'core.health.check';
    const res = await fastify.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      status: 'unavailable',
      nats: 'ok',
      services: { core: 'unavailable', monitoring: 'ok', persistence: 'ok', scheduling: 'ok' },
      missing: { core: 'no answer' },
    });
  });

  it('should name Postgres when a service answers that its database does not', async () => {
    down = 'scheduling.health.check';
    failure = new AppError(ErrorCode.ServiceUnavailable, DATABASE_UNAVAILABLE_DETAIL);
    const res = await fastify.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json().missing).toEqual({ scheduling: 'postgres' });
  });

  it('should name NATS when the gateway has lost its own connection', async () => {
    bus.connected = false;
    down = 'core.health.check';
    const res = await fastify.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable', nats: 'down', missing: { core: 'nats' } });
  });

  it('should share one fan-out between probes that arrive together and just after', async () => {
    const replies = await Promise.all(Array.from({ length: 5 }, () => fastify.inject({ method: 'GET', url: '/health' })));
    const after = await fastify.inject({ method: 'GET', url: '/health' });
    expect([...replies, after].every((r) => r.statusCode === 200)).toBe(true);
    expect(bus.request).toHaveBeenCalledTimes(4);
  });

  it('should answer liveness and the Prometheus scrape', async () => {
    expect((await fastify.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    const metrics = await fastify.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4');
  });
});
