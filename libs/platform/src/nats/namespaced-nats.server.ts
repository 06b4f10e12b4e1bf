import { ErrorCode, natsConnectionOptions } from '@app/contracts';
import { NatsOptions, ServerNats } from '@nestjs/microservices';
import { ErrorCode as NatsErrorCode } from 'nats';
import { AppError } from '../errors/app-error';
import { normalizeError } from '../errors/error-normalizer';
import { AppLogger } from '../logging/logger';

type NatsServerOptions = Required<NatsOptions>['options'];
type Subscription = { unsubscribe(): void };
type NatsClient = { subscribe(subject: string, opts: { queue?: string; callback: Function }): Subscription };
type NatsMessage = Parameters<ServerNats['handleMessage']>[1];

/**
 * Nest's NATS server, with every @MessagePattern subscribed under `<NATS_NAMESPACE>.` so that several
 * deployments or test runs share one NATS server without seeing each other. Handlers keep their plain
 * subject (`core.task.create`); only the wire subject carries the prefix. Replicas share the work
 * through the service's queue group.
 */
export class NamespacedNatsServer extends ServerNats {
  private readonly namespacedSubscriptions: Subscription[] = [];
  private readonly log = new AppLogger('Nats');

  constructor(
    private readonly namespace: string,
    private readonly options_: NatsServerOptions,
  ) {
    // noAsyncTraces: no Error (with its stack) built ahead of every request the connection makes.
    super({ ...options_, ...(options_.servers ? natsConnectionOptions([options_.servers].flat()) : {}), noAsyncTraces: true });
  }

  override bindEvents(client: NatsClient): void {
    for (const [pattern, handler] of this.messageHandlers) {
      const subscription = client.subscribe(`${this.namespace}.${pattern}`, {
        queue: (handler.extras?.queue as string | undefined) ?? this.options_.queue,
        callback: this.getMessageHandler(pattern).bind(this),
      });
      this.namespacedSubscriptions.push(subscription);
    }
  }

  /**
   * Nest decodes the envelope outside any filter and nobody awaits the promise: found by the security
   * suite, one message that is not JSON on a service subject was an unhandled rejection that killed the
   * service. Such a message is now answered with VALIDATION_FAILED (when it has a reply subject).
   */
  override async handleMessage(channel: string, message: NatsMessage): Promise<unknown> {
    try {
      return await super.handleMessage(channel, message);
    } catch (error) {
      const undecodable = (error as { code?: unknown }).code === 'BAD_JSON' || error instanceof SyntaxError;
      const appError = undecodable
        ? new AppError(ErrorCode.ValidationFailed, 'The message is not a JSON request envelope {pattern, data, id}')
        : normalizeError(error, this.log);
      if (undecodable) this.log.warn('undecodable nats message refused', { subject: channel });
      if (message.reply) message.respond(new TextEncoder().encode(JSON.stringify({ err: appError.toBody(), isDisposed: true })));
      return undefined;
    }
  }

  /**
   * An answer over NATS's max_payload (a page of tasks with large context_data) cannot be sent: nats.js
   * throws and the caller waited for its timeout, then answered 503. It is answered instead with
   * RESPONSE_TOO_LARGE, at once, so the client knows to ask for a smaller page.
   */
  override getPublisher(natsMsg: NatsMessage, id: string, ctx: Parameters<ServerNats['getPublisher']>[2]): (response: unknown) => unknown {
    const publish = super.getPublisher(natsMsg, id, ctx);
    return (response) => {
      try {
        return publish(response);
      } catch (error) {
        if ((error as { code?: unknown }).code !== NatsErrorCode.MaxPayloadExceeded) throw error;
        this.log.warn('answer over the NATS max_payload refused', { subject: natsMsg.subject });
        const tooLarge = new AppError(
          ErrorCode.ResponseTooLarge,
          'The answer is too large to be sent in one message: ask for fewer items (a smaller page_size)',
        );
        return publish({ err: tooLarge.toBody(), isDisposed: true });
      }
    };
  }

  override async close(): Promise<void> {
    for (const subscription of this.namespacedSubscriptions.splice(0)) subscription.unsubscribe();
    await super.close();
  }
}
