// Publishes task and worker events to a stack's JetStream stream exactly as task-core's outbox relay and
// the worker SDK do. Only for ingestion-specific tests (duplicates, reordering, edge cases a real run
// cannot produce on demand); every other monitoring test runs real tasks on a real worker.
import {
  AllEvents,
  CoreEvent,
  EventSubject,
  isTaskEventName,
  TaskDto,
  TaskEvent,
  taskEventSubject,
  WorkerHeartbeatEvent,
  WorkerInfo,
} from '@app/contracts';
import { StackInfo } from '@app/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { connect, NatsConnection } from 'nats';

export class EventPublisher {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
  ) {}

  static async connect(info: StackInfo): Promise<EventPublisher> {
    return new EventPublisher(await connect({ servers: info.natsUrl.split(',') }), info.namespace);
  }

  async publish<S extends EventSubject>(subject: S, event: AllEvents[S] & { event_id: string }): Promise<void> {
    await this.nc.jetstream().publish(this.wire(subject, event), JSON.stringify(event), { msgID: event.event_id });
  }

  /** Publishes again under a new JetStream message id: what a consumer sees after a redelivery. */
  async republish<S extends EventSubject>(subject: S, event: AllEvents[S] & { event_id: string }): Promise<void> {
    await this.nc.jetstream().publish(this.wire(subject, event), JSON.stringify(event), { msgID: randomUUID() });
  }

  /** Reads the stream from its start: the events of `subject` that satisfy `keep`. */
  async readEvents<S extends EventSubject>(subject: S, keep: (event: AllEvents[S]) => boolean): Promise<Array<AllEvents[S]>> {
    const consumer = await this.nc.jetstream().consumers.get(`${this.namespace}_events`, {
      filterSubjects: `${this.namespace}.evt.${subject}${isTaskEventName(subject) ? '.>' : ''}`,
    });
    const found: Array<AllEvents[S]> = [];
    const messages = await consumer.fetch({ max_messages: 10_000, expires: 1000 });
    for await (const message of messages) {
      const event = message.json<AllEvents[S]>();
      if (keep(event)) found.push(event);
      if (message.info.pending === 0) break;
    }
    return found;
  }

  /** A task event goes on its route, as task-core's relay publishes it (origin and brand tokens). */
  private wire(subject: EventSubject, event: { event_id: string }): string {
    if (!isTaskEventName(subject)) return `${this.namespace}.evt.${subject}`;
    const { task, brand_id } = event as TaskEvent;
    const origin = task?.persistent_job_id ? 'job' : task?.is_periodic ? 'periodic' : 'plain';
    return `${this.namespace}.evt.${taskEventSubject(subject as CoreEvent, origin, Number(brand_id) || 0)}`;
  }

  async close(): Promise<void> {
    await this.nc.drain();
  }
}

/** A task as task-core would put it in an event; override what the test is about. */
export function taskDto(brandId: number, over: Partial<TaskDto> = {}): TaskDto {
  const id = over.id ?? randomInt(1, 2 ** 40);
  return {
    id,
    task_id: `task_${id.toString(32).padStart(16, 'a').slice(0, 16)}`,
    task_type: 'ingest.test',
    status: 'pending',
    priority: 'normal',
    queue: 'default',
    progress_percentage: 0,
    progress_message: null,
    brand: { id: brandId, name: 'brand' },
    created_by: { id: 1, username: 'martin' },
    created_at: new Date(Date.now() - 10_000).toISOString(),
    scheduled_for: null,
    started_at: null,
    completed_at: null,
    description: '',
    context_data: {},
    result_data: null,
    error: null,
    attempts: 0,
    max_retries: 3,
    timeout_seconds: null,
    is_resumable: false,
    is_periodic: false,
    periodic_task_id: null,
    persistent_job_id: null,
    tags: [],
    idempotency_key: null,
    cancel_requested: false,
    worker_id: null,
    next_attempt_at: null,
    metrics: null,
    ...over,
  };
}

export function taskEvent(task: TaskDto, attempt: number, occurredAt = new Date()): TaskEvent {
  return { event_id: randomUUID(), occurred_at: occurredAt.toISOString(), brand_id: task.brand.id, task, attempt };
}

export function heartbeat(worker: Partial<WorkerInfo> & { worker_id: string }, occurredAt = new Date()): WorkerHeartbeatEvent {
  return {
    event_id: randomUUID(),
    occurred_at: occurredAt.toISOString(),
    worker: {
      hostname: 'test-host',
      pid: 4242,
      version: '9.9.9',
      task_types: ['ingest.test'],
      queues: ['default'],
      concurrency: 4,
      busy_slots: 0,
      processed: 0,
      failed: 0,
      memory_mb: 80,
      started_at: new Date(Date.now() - 60_000).toISOString(),
      state: 'running',
      ...worker,
    },
  };
}
