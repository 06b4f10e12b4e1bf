import type { FastifyInstance } from 'fastify';

/**
 * `POST /tasks/1/cancel/` with `Content-Type: application/json` and no body is a normal call (curl,
 * many SDKs); Fastify would refuse it before authentication. Empty bodies parse as "no body"; the rest
 * keeps Fastify's parser with its prototype-poisoning protection.
 */
export function acceptEmptyJsonBodies(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
