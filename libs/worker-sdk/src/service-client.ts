import { AllRequests, RequestSubject } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { NatsConnection, NatsError } from 'nats';
import { ServiceCallError } from './errors';

type NestReply<T> = { err?: { error_code?: string; detail?: string } | string | null; response?: T };

/**
 * Request/reply to the platform's services from any Node process, in the wire format of Nest's NATS
 * transport (`{pattern, data, id}` → `{err, response}`), under the deployment's namespace.
 */
export class ServiceClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
    private readonly timeoutMs: number,
  ) {}

  async request<S extends RequestSubject>(
    subject: S,
    data: AllRequests[S]['request'],
    options: { timeoutMs?: number } = {},
  ): Promise<AllRequests[S]['response']> {
    const wire = `${this.namespace}.${subject}`;
    const packet = JSON.stringify({ pattern: wire, data, id: randomUUID() });
    let reply: NestReply<AllRequests[S]['response']>;
    try {
      const message = await this.nc.request(wire, packet, { timeout: options.timeoutMs ?? this.timeoutMs });
      reply = message.json<NestReply<AllRequests[S]['response']>>();
    } catch (error) {
      const code = (error as NatsError).code;
      throw new ServiceCallError('SERVICE_UNAVAILABLE', `${subject}: ${code === '503' ? 'no responder' : 'no answer in time'}`);
    }
    if (reply.err) {
      const err = reply.err;
      throw typeof err === 'string'
        ? new ServiceCallError('INTERNAL_ERROR', err)
        : new ServiceCallError(err.error_code ?? 'INTERNAL_ERROR', err.detail ?? 'request failed');
    }
    return reply.response as AllRequests[S]['response'];
  }
}
