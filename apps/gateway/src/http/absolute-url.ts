import type { FastifyRequest } from 'fastify';

/** `path` (a path, or a path and query) as an absolute URL of this gateway, as the client reached it (TRUST_PROXY). */
export function absoluteUrl(request: FastifyRequest, path: string): string {
  return new URL(path, `${request.protocol}://${request.host}`).toString();
}
