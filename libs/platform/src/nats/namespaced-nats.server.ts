import { NatsOptions, ServerNats } from '@nestjs/microservices';

type NatsServerOptions = Required<NatsOptions>['options'];
type Subscription = { unsubscribe(): void };
type NatsClient = { subscribe(subject: string, opts: { queue?: string; callback: Function }): Subscription };

/**
 * Nest's NATS server, with every @MessagePattern subscribed under `<NATS_NAMESPACE>.` so that several
 * deployments or test runs share one NATS server without seeing each other. Handlers keep their plain
 * subject (`core.task.create`); only the wire subject carries the prefix. Replicas share the work
 * through the service's queue group.
 */
export class NamespacedNatsServer extends ServerNats {
  private readonly namespacedSubscriptions: Subscription[] = [];

  constructor(
    private readonly namespace: string,
    private readonly options_: NatsServerOptions,
  ) {
    super(options_);
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

  override async close(): Promise<void> {
    for (const subscription of this.namespacedSubscriptions.splice(0)) subscription.unsubscribe();
    await super.close();
  }
}
