import { AllEvents, eventNameOf, EventSubject, isTaskEventName } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import {
  AckPolicy,
  ConsumerConfig,
  DeliverPolicy,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
  RetentionPolicy,
  StorageType,
} from 'nats';
import { AppLogger } from '../logging/logger';
import { NatsConnectionProvider } from '../nats/nats-connection';

const SECOND_NS = 1_000_000_000;

/** One delivered event with the name its subject carries (route tokens of task events removed). */
export type Delivered<S extends EventSubject> = { [K in S]: { name: K; event: AllEvents[K] } }[S];

export type EventHandler<S extends EventSubject> = (event: AllEvents[S], subject: S) => Promise<void>;

type ConsumerOptions<S extends EventSubject> = {
  /** Durable name, unique per consuming service and purpose (`monitoring-metrics`). */
  durable: string;
  /** The events the handler takes; others that the filter lets through are acknowledged unseen. */
  subjects: readonly S[];
  /**
   * Server-side filter (under `<ns>.evt.`, wildcards allowed), e.g. `taskEventFilter({ origin: 'job' })`.
   * Default: the one subject of `subjects` (with its route tokens for a task event), or nothing.
   */
  filter?: string;
  /**
   * Durables this one replaces (a filter can't be changed on nats-server 2.9): each is drained with the
   * same handler until it has nothing left, then deleted, so that no event it held is lost.
   */
  replaces?: readonly string[];
  /** Messages pulled at a time, and the largest batch handed to a batch handler. */
  batch?: number;
};

export type ConsumeOptions<S extends EventSubject> = ConsumerOptions<S> & { handle: EventHandler<S> };

/**
 * `handleBatch` gets every message that arrived while the previous batch was applied (up to `batch`),
 * so a consumer can apply them in one statement: batches grow with the load, a lone event goes alone.
 */
export type ConsumeBatchOptions<S extends EventSubject> = ConsumerOptions<S> & {
  handleBatch: (events: Array<Delivered<S>>) => Promise<void>;
};

/**
 * The JetStream side of the bus: one stream `<ns>_events` capturing `<ns>.evt.>`. Publishing carries the
 * event id as the message id, so a relay that publishes twice inside the duplicate window stores once;
 * consumers are durable and must still be idempotent by event id (redelivery after a crash).
 */
@Injectable()
export class EventStream {
  private readonly logger = new AppLogger(EventStream.name);
  private js?: JetStreamClient;
  private jsm?: JetStreamManager;
  private stopped = false;

  constructor(private readonly nats: NatsConnectionProvider) {}

  get streamName(): string {
    return `${this.nats.settings.namespace}_events`;
  }

  /** The NATS subject of an event subject (`core.task.completed.plain.9` → `<ns>.evt.core.task.completed.plain.9`). */
  wireSubject(subject: string): string {
    return `${this.nats.settings.namespace}.evt.${subject}`;
  }

  async ensureStream(): Promise<void> {
    const nc = this.nats.nc;
    this.jsm = await nc.jetstreamManager();
    this.js = nc.jetstream();
    const config = {
      name: this.streamName,
      subjects: [`${this.nats.settings.namespace}.evt.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      max_age: 7 * 24 * 3600 * SECOND_NS,
      duplicate_window: 120 * SECOND_NS,
      num_replicas: this.nats.settings.streamReplicas,
    };
    try {
      await this.jsm.streams.info(this.streamName);
    } catch {
      try {
        await this.jsm.streams.add(config);
      } catch (error) {
        // Another replica created it between our info() and add(): fine.
        await this.jsm.streams.info(this.streamName).catch(() => Promise.reject(error));
      }
    }
  }

  /** Publishes an event whose subject is its name (alerts, heartbeats). */
  async publish<S extends EventSubject>(subject: S, event: AllEvents[S] & { event_id: string }): Promise<void> {
    await this.publishOn(subject, event);
  }

  /**
   * Publishes an event on a subject of its own: a task event's route (`core.task.completed.plain.9`), as
   * an outbox stored it.
   */
  async publishOn(subject: string, event: { event_id: string }): Promise<void> {
    if (!this.js) throw new Error('EventStream used before ensureStream()');
    await this.js.publish(this.wireSubject(subject), JSON.stringify(event), { msgID: event.event_id });
  }

  /** Starts a durable pull consumer in the background, one event at a time; it reconnects and resumes by itself. */
  consume<S extends EventSubject>(options: ConsumeOptions<S>): void {
    const { handle, ...rest } = options;
    this.consumeBatches({
      ...rest,
      batch: rest.batch ?? 100,
      handleBatch: async (events) => {
        for (const { name, event } of events) await handle(event, name as S);
      },
    });
  }

  /** Starts a durable pull consumer whose handler takes the messages of a pull together. */
  consumeBatches<S extends EventSubject>(options: ConsumeBatchOptions<S>): void {
    const filter = options.filter ?? this.defaultFilter(options.subjects);
    void this.consumeLoop(`${this.nats.settings.namespace}_${options.durable}`, filter, options);
    for (const old of options.replaces ?? []) void this.retire(`${this.nats.settings.namespace}_${old}`, options);
  }

  stop(): void {
    this.stopped = true;
  }

  private defaultFilter(subjects: readonly EventSubject[]): string | undefined {
    if (subjects.length !== 1) return undefined;
    return isTaskEventName(subjects[0]) ? `${subjects[0]}.>` : subjects[0];
  }

  private async consumeLoop<S extends EventSubject>(
    durable: string,
    filter: string | undefined,
    options: ConsumeBatchOptions<S>,
    until?: () => Promise<boolean>,
  ): Promise<void> {
    while (!this.stopped) {
      try {
        const jsm = this.jsm ?? (await this.nats.nc.jetstreamManager());
        if (until && (await until())) return;
        await this.ensureConsumer(jsm, durable, filter);
        const consumer = await this.nats.nc.jetstream().consumers.get(this.streamName, durable);
        const messages = await consumer.consume({ max_messages: options.batch ?? 100 });
        const batcher = new MessageBatcher((batch) => this.deliver(batch, options), options.batch ?? 100);
        for await (const message of messages) {
          if (this.stopped) break;
          await batcher.add(message);
        }
        await batcher.settled();
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn('event consumer interrupted, restarting', { durable, err: error });
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private async ensureConsumer(jsm: JetStreamManager, durable: string, filter: string | undefined): Promise<void> {
    const existing = await jsm.consumers.info(this.streamName, durable).catch(() => null);
    // A durable keeps the filter it was created with: a new filter takes a new name (see `replaces`).
    if (existing) return;
    const config: Partial<ConsumerConfig> = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ...(filter === undefined ? {} : { filter_subject: this.wireSubject(filter) }),
      ack_wait: 30 * SECOND_NS,
      max_ack_pending: 5000,
    };
    await jsm.consumers.add(this.streamName, config).catch(async (error: unknown) => {
      // Another replica created it meanwhile: fine.
      await jsm.consumers.info(this.streamName, durable).catch(() => Promise.reject(error));
    });
  }

  /**
   * Drains a durable that another replaces (its filter is the old one: events published before the
   * upgrade), then deletes it. Does nothing when it does not exist.
   */
  private async retire<S extends EventSubject>(durable: string, options: ConsumeBatchOptions<S>): Promise<void> {
    const jsm = this.jsm ?? (await this.nats.nc.jetstreamManager().catch(() => undefined));
    const info = await jsm?.consumers.info(this.streamName, durable).catch(() => null);
    if (!jsm || !info) return;
    this.logger.info('draining a replaced event consumer', { durable, pending: info.num_pending + info.num_ack_pending });
    const drained = async () => {
      const now = await jsm.consumers.info(this.streamName, durable).catch(() => null);
      if (now && now.num_pending + now.num_ack_pending > 0) return false;
      if (now) await jsm.consumers.delete(this.streamName, durable).catch(() => undefined);
      this.logger.info('replaced event consumer drained and deleted', { durable });
      return true;
    };
    if (await drained()) return;
    const loop = this.consumeLoop(durable, info.config.filter_subject?.slice(this.wireSubject('').length), options, drained);
    // Checked again every few seconds: the loop stops once the durable is gone.
    const timer = setInterval(() => void drained().then((done) => done && clearInterval(timer)), 5000);
    timer.unref();
    await loop;
    clearInterval(timer);
  }

  private async deliver<S extends EventSubject>(messages: JsMsg[], options: ConsumeBatchOptions<S>): Promise<void> {
    const prefix = this.wireSubject('');
    const wanted: Array<{ message: JsMsg; delivered: Delivered<S> }> = [];
    for (const message of messages) {
      const name = eventNameOf(message.subject.slice(prefix.length)) as S;
      if (!options.subjects.includes(name)) {
        message.ack();
        continue;
      }
      let event: AllEvents[S];
      try {
        event = message.json<AllEvents[S]>();
      } catch {
        this.logger.warn('unreadable event dropped', { subject: message.subject });
        message.term();
        continue;
      }
      wanted.push({ message, delivered: { name, event } as Delivered<S> });
    }
    if (wanted.length === 0) return;
    try {
      await options.handleBatch(wanted.map((w) => w.delivered));
      for (const { message } of wanted) message.ack();
    } catch (error) {
      this.logger.warn('event handler failed, will be redelivered', { count: wanted.length, err: error });
      for (const { message } of wanted) message.nak(Math.min(30_000, 1000 * message.info.redeliveryCount));
    }
  }
}

/**
 * Hands messages to `apply` in batches: whatever arrived while the previous batch was applied, up to
 * `max`. The caller awaits `add` only when a batch is full, which holds the pull (back-pressure).
 */
class MessageBatcher {
  private buffer: JsMsg[] = [];
  private running?: Promise<void>;

  constructor(
    private readonly apply: (batch: JsMsg[]) => Promise<void>,
    private readonly max: number,
  ) {}

  async add(message: JsMsg): Promise<void> {
    this.buffer.push(message);
    this.running ??= this.run().finally(() => (this.running = undefined));
    if (this.buffer.length >= this.max) await this.running;
  }

  async settled(): Promise<void> {
    await this.running;
  }

  private async run(): Promise<void> {
    // Let the messages of one pull arrive before the first batch is cut.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.buffer.length > 0) await this.apply(this.buffer.splice(0, this.max));
  }
}
