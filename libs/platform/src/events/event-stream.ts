import { AllEvents, EventSubject } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import {
  AckPolicy,
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

export type EventHandler<S extends EventSubject> = (event: AllEvents[S], subject: S) => Promise<void>;

export type ConsumeOptions<S extends EventSubject> = {
  /** Durable name, unique per consuming service and purpose (`monitoring-metrics`). */
  durable: string;
  subjects: readonly S[];
  handle: EventHandler<S>;
  /** Messages handed to the handler per pull. */
  batch?: number;
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

  wireSubject(subject: EventSubject): string {
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

  async publish<S extends EventSubject>(subject: S, event: AllEvents[S] & { event_id: string }): Promise<void> {
    if (!this.js) throw new Error('EventStream used before ensureStream()');
    await this.js.publish(this.wireSubject(subject), JSON.stringify(event), { msgID: event.event_id });
  }

  /** Starts a durable pull consumer in the background; it reconnects and resumes by itself. */
  consume<S extends EventSubject>(options: ConsumeOptions<S>): void {
    void this.consumeLoop(options);
  }

  stop(): void {
    this.stopped = true;
  }

  private async consumeLoop<S extends EventSubject>(options: ConsumeOptions<S>): Promise<void> {
    const durable = `${this.nats.settings.namespace}_${options.durable}`;
    while (!this.stopped) {
      try {
        const jsm = this.jsm ?? (await this.nats.nc.jetstreamManager());
        await this.ensureConsumer(jsm, durable, options.subjects);
        const consumer = await this.nats.nc.jetstream().consumers.get(this.streamName, durable);
        const messages = await consumer.consume({ max_messages: options.batch ?? 100 });
        for await (const message of messages) {
          if (this.stopped) break;
          await this.deliver(message, options);
        }
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn('event consumer interrupted, restarting', { durable, err: error });
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private async ensureConsumer(jsm: JetStreamManager, durable: string, subjects: readonly EventSubject[]): Promise<void> {
    try {
      await jsm.consumers.info(this.streamName, durable);
    } catch {
      await jsm.consumers.add(this.streamName, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ...this.serverFilter(subjects),
        ack_wait: 30 * SECOND_NS,
        max_ack_pending: 5000,
      });
    }
  }

  /**
   * One subject filters on the server everywhere; several need `filter_subjects` (nats-server ≥ 2.10,
   * which the client refuses to send to an older server): before 2.10 the consumer takes the whole
   * stream and `deliver` acknowledges what the handler did not ask for.
   */
  private serverFilter(subjects: readonly EventSubject[]): { filter_subject?: string; filter_subjects?: string[] } {
    if (subjects.length === 1) return { filter_subject: this.wireSubject(subjects[0]) };
    if (supportsMultipleFilters(this.nats.nc.info?.version)) return { filter_subjects: subjects.map((s) => this.wireSubject(s)) };
    return {};
  }

  private async deliver<S extends EventSubject>(message: JsMsg, options: ConsumeOptions<S>): Promise<void> {
    const subject = message.subject.slice(`${this.nats.settings.namespace}.evt.`.length) as S;
    if (!options.subjects.includes(subject)) {
      message.ack();
      return;
    }
    try {
      await options.handle(message.json<AllEvents[S]>(), subject);
      message.ack();
    } catch (error) {
      this.logger.warn('event handler failed, will be redelivered', { subject, err: error });
      message.nak(Math.min(30_000, 1000 * message.info.redeliveryCount));
    }
  }
}

/** `filter_subjects` arrived in nats-server 2.10. */
export function supportsMultipleFilters(version: string | undefined): boolean {
  const [major, minor] = (version ?? '0.0').split('.').map((part) => Number.parseInt(part, 10));
  return major > 2 || (major === 2 && minor >= 10);
}
