import { ErrorBody, ErrorCode } from '@app/contracts';
import { AppLogger, normalizeError } from '@app/platform';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IncomingMessage, Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ERROR_STATUS } from './error-status';
import { answerThenLinger, LingerLimits, lingerUntilBodyEnds } from './lingering-close';

const logger = new AppLogger('Http');

/** The documented body and status for an error Fastify raises before (or instead of) a Nest handler. */
// The same mapping as HttpErrorFilter: a body over the limit is 413 PAYLOAD_TOO_LARGE, the rest 400.
function answer(error: unknown, reply: FastifyReply): void {
  const appError = normalizeError(error, logger);
  void reply.status(ERROR_STATUS[appError.code] ?? 500).send(appError.toBody());
}

/**
 * Errors Fastify raises itself (unreadable JSON, a body over BODY_LIMIT_BYTES, an unsupported content
 * type) go to the error handler the route captured when it was built. Nest installs its own only after
 * the modules' init hooks, so a module that loads a Fastify plugin there (the UI module does) leaves
 * every route with Fastify's default body: the fuzzer found `{"statusCode":400,"code":"FST_ERR_…"}`
 * answers. Each route gets this handler as its own, whatever the order of initialisation.
 *
 * A body refused before it was read (413) is answered with `Connection: close` by Fastify; the rest of
 * the body is then drained within `linger` so that the client, still writing, reads the answer.
 */
export function installErrorBodies(fastify: FastifyInstance, linger: LingerLimits): void {
  fastify.addHook('onRoute', (route) => {
    route.errorHandler ??= (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      answer(error, reply);
      if (reply.getHeader('connection') === 'close') lingerUntilBodyEnds(request.raw, linger);
    };
  });
}

/** Router-level refusals (`%ff` in a path, a parameter over maxParamLength) in the documented body. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  answer(error, reply);
}

/** The request of each connection that asked to close it. */
const closingRequests = new WeakMap<Socket, IncomingMessage>();

/**
 * RFC 9112 §9.6: after a request with `Connection: close`, a server processes nothing more on that
 * connection. Node's parser reads on regardless, and refuses what follows (a body sent without its
 * Content-Length, say) as a malformed request; answering that refusal wrote a second answer after the
 * request's own, or closed the connection before it (the fuzzer found both). Such requests are noted
 * here so that clientErrorHandler leaves their connection to the answer under way, which closes it.
 */
export function noteClosingConnections(server: Server): void {
  server.on('request', (request: IncomingMessage) => {
    if (/(^|,)\s*close\s*(,|$)/i.test(request.headers.connection ?? '')) closingRequests.set(request.socket, request);
  });
}

/** Whether the parser's refusal is about bytes after a whole request that asked to close the connection. */
function afterClosingRequest(socket: Socket): boolean {
  return closingRequests.get(socket)?.complete === true;
}

/**
 * Requests Node's HTTP parser refuses (headers over the limit: 431; malformed request lines, conflicting
 * Content-Length and Transfer-Encoding: 400; a request too slow to arrive: 408), answered on the socket
 * with the documented body, then closed once the client has stopped sending (within `linger`).
 */
export function clientErrorHandler(linger: LingerLimits): (error: Error & { code?: string }, socket: Socket) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed || afterClosingRequest(socket)) return;
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body: ErrorBody = {
      detail: status === 431 ? 'Request headers are too large' : status === 408 ? 'The request took too long to arrive' : 'Malformed HTTP request',
      error_code: ErrorCode.ValidationFailed,
      field_errors: {},
    };
    const text = JSON.stringify(body);
    if (!socket.writable) return void socket.destroy();
    const head = `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n`;
    answerThenLinger(socket, `${head}Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${text}`, linger);
  };
}
