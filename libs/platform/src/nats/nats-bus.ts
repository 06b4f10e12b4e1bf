import { AllRequests, ErrorCode, RequestSubject } from '@app/contracts';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientNats, NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from 'nats';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { NatsSettings } from '../config/base-env';
import { AppError, isErrorBody } from '../errors/app-error';
import { AppLogger } from '../logging/logger';
import { CORRELATION_HEADER, currentContext } from '../logging/request-context';

export type RequestOptions = { timeoutMs?: number };

/**
 * The typed request/reply client: `bus.request(CoreSubject.TaskGet, payload)` infers the reply type.
 * A failed reply comes back as the AppError the service threw; no answer in time is SERVICE_UNAVAILABLE.
 */
@Injectable()
export class NatsBus implements OnApplicationShutdown {
  private readonly logger = new AppLogger(NatsBus.name);
  private readonly client: ClientNats;

  constructor(private readonly settings: NatsSettings) {
    this.client = new ClientNats({
      servers: settings.servers,
      name: `${settings.namespace}-bus`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  async request<S extends RequestSubject>(
    subject: S,
    payload: AllRequests[S]['request'],
    options: RequestOptions = {},
  ): Promise<AllRequests[S]['response']> {
    const headers = natsHeaders();
    const correlationId = currentContext()?.correlationId;
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
    const wireSubject = `${this.settings.namespace}.${subject}`;
    try {
      return await firstValueFrom(
        this.client
          .send<AllRequests[S]['response']>(wireSubject, record)
          .pipe(timeout(options.timeoutMs ?? this.settings.requestTimeoutMs)),
      );
    } catch (error) {
      throw this.toAppError(subject, error);
    }
  }

  private toAppError(subject: string, error: unknown): AppError {
    if (isErrorBody(error)) return AppError.fromBody(error);
    if (error instanceof TimeoutError) {
      return new AppError(ErrorCode.ServiceUnavailable, `The ${subject.split('.')[0]} service did not answer in time`);
    }
    this.logger.warn('nats request failed', { subject, err: error });
    return new AppError(ErrorCode.ServiceUnavailable, `The ${subject.split('.')[0]} service is unavailable`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
