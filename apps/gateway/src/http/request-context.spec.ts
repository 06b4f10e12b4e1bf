import { currentContext } from '@app/platform';
import Fastify from 'fastify';
import { runHandlersInRequestContext } from './request-context';

describe(runHandlersInRequestContext.name, () => {
  it('should run the handler, after the body is read and across awaits, in the request context', async () => {
    const fastify = Fastify({ genReqId: () => 'corr-1' });
    runHandlersInRequestContext(fastify);
    fastify.post('/echo', async (request) => {
      const atStart = currentContext()?.correlationId;
      (request as { actor?: { brand_id: number } }).actor = { brand_id: 9 };
      await new Promise((resolve) => setTimeout(resolve, 5));
      const context = currentContext();
      return { atStart, correlationId: context?.correlationId, brandId: context?.brandId, body: request.body };
    });
    const res = await fastify.inject({ method: 'POST', url: '/echo', payload: { a: 1 } });
    expect(res.json()).toEqual({ atStart: 'corr-1', correlationId: 'corr-1', brandId: 9, body: { a: 1 } });
    expect(currentContext()).toBeUndefined();
    await fastify.close();
  });
});
