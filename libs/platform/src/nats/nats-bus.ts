import { AllRequests, ErrorCode, RequestSubject } from '@app/contracts';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ErrorCode as NatsErrorCode, headers as natsHeaders, NatsConnection, NatsError } from 'nats';
import { NatsSettings } from '../config/base-env';
import { AppError, isErrorBody } from '../errors/app-error';
import { AppLogger } from '../logging/logger';
import { CORRELATION_HEADER, currentContext } from '../logging/request-context';
import { connectNats, NatsLiveness } from './connect-nats';

export type RequestOptions = { timeoutMs?: number };

/** A reply of Nest's NATS transport: `{id, response, isDisposed}` or `{id, err, isDisposed}`. */
type NestReply<T> = { err?: unknown; response?: T };

/**
 * The typed request/reply client: `bus.request(CoreSubject.TaskGet, payload)` infers the reply type.
 * A failed reply comes back as the AppError the service threw; no answer in time is SERVICE_UNAVAILABLE.
 *
 * It speaks the wire format of Nest's NATS transport (`{pattern, data, id}` → `{response | err}`), but
 * through the connection's shared reply inbox (`nc.request`): Nest's ClientNats subscribes and
 * unsubscribes a fresh inbox for every request, three protocol operations and a server-side
 * subscription change per call, which showed in the gateway's profile of POST /tasks/.
 */
@Injectable()
export class NatsBus implements OnApplicationShutdown {
  private readonly logger = new AppLogger(NatsBus.name);
  private connection?: NatsConnection;
  private liveness?: NatsLiveness;

  constructor(private readonly settings: NatsSettings) {}

  /** False while the connection is lost and nats.js reconnects: the gateway's readiness says `nats: down`. */
  get connected(): boolean {
    return this.liveness?.connected ?? false;
  }

  async connect(): Promise<void> {
    this.connection = await connectNats({
      servers: this.settings.servers,
      name: `${this.settings.namespace}-bus`,
      // The gateway waits for NATS as long as it takes, saying so once (readiness answers 503 meanwhile).
      attempts: Infinity,
      // No Error (with its stack) built ahead of every request for a timeout that rarely happens.
      extra: { noAsyncTraces: true },
    });
    this.liveness = new NatsLiveness(this.connection);
  }

  async request<S extends RequestSubject>(
    subject: S,
    payload: AllRequests[S]['request'],
    options: RequestOptions = {},
  ): Promise<AllRequests[S]['response']> {
    const nc = this.connection;
    if (!nc) throw new Error('NatsBus used before connect()');
    const headers = natsHeaders();
    const correlationId = currentContext()?.correlationId;
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    const wireSubject = `${this.settings.namespace}.${subject}`;
    const packet = JSON.stringify({ pattern: wireSubject, data: payload, id: randomUUID() });
    refuseOversized(nc, packet);
    let reply: NestReply<AllRequests[S]['response']>;
    try {
      const message = await nc.request(wireSubject, packet, {
        timeout: options.timeoutMs ?? this.settings.requestTimeoutMs,
        headers,
      });
      reply = message.json<NestReply<AllRequests[S]['response']>>();
    } catch (error) {
      throw this.toAppError(subject, error);
    }
    if (reply.err !== undefined && reply.err !== null) throw this.toAppError(subject, reply.err);
    return reply.response as AllRequests[S]['response'];
  }

  private toAppError(subject: string, error: unknown): AppError {
    if (isErrorBody(error)) return AppError.fromBody(error);
    const service = subject.split('.')[0];
    if (error instanceof NatsError && error.code === NatsErrorCode.Timeout) {
      return new AppError(ErrorCode.ServiceUnavailable, `The ${service} service did not answer in time`);
    }
    if (!(error instanceof NatsError && error.code === NatsErrorCode.NoResponders)) {
      this.logger.warn('nats request failed', { subject, err: error });
    }
    return new AppError(ErrorCode.ServiceUnavailable, `The ${service} service is unavailable`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.connection && !this.connection.isClosed()) await this.connection.drain().catch(() => undefined);
  }
}

// Room left for the message's headers (correlation id) inside NATS's max_payload.
const HEADER_ROOM_BYTES = 1024;

/**
 * NATS refuses a message over the server's max_payload (1 MiB by default), which the gateway's body
 * limit (8 MiB) allows: a bulk create of a few large tasks. Refused here, before it is sent, as what it
 * is (413, fewer or smaller tasks per request), not as a service that seems to be down (503).
 */
function refuseOversized(nc: NatsConnection, packet: string): void {
  const limit = nc.info?.max_payload;
  if (!limit) return;
  const bytes = Buffer.byteLength(packet);
  if (bytes + HEADER_ROOM_BYTES > limit) {
    throw new AppError(
      ErrorCode.PayloadTooLarge,
      `The request is ${bytes} bytes once encoded, over the ${limit - HEADER_ROOM_BYTES} bytes the services accept: send fewer or smaller tasks per request`,
    );
  }
}
