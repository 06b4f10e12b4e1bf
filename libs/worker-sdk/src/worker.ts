import { ClaimedTask, CoreSubject, natsConnectionOptions, WorkerEvent, WorkerHeartbeatEvent, WorkerInfo } from '@app/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { connect, NatsConnection, Subscription } from 'nats';
import { Attempt } from './attempt';
import { ReportBatcher } from './report-batcher';
import { ServiceClient } from './service-client';
import { TaskHandler, TaskLogger } from './task-context';

export type WorkerOptions = {
  /** NATS server(s); ignored when `connection` is given. Default nats://127.0.0.1:4222. */
  servers?: string | string[];
  connection?: NatsConnection;
  /** The deployment's NATS_NAMESPACE. Default `megahub`. */
  namespace?: string;
  queues?: string[];
  /** Attempts run at once. Default 16. */
  concurrency?: number;
  /**
   * Tasks claimed ahead while every slot is busy, so a freed slot starts its next task without a round
   * trip. They are leased like running ones (heartbeats renew them; a worker that dies holds them until
   * their lease expires, then they run elsewhere) and handed back at stop(). Default half the concurrency.
   */
  prefetch?: number;
  workerId?: string;
  version?: string;
  /** Lease asked for each claimed task; heartbeats renew it. Default 30 s. */
  leaseSeconds?: number;
  heartbeatMs?: number;
  /**
   * How long one claim waits in task-core for work to arrive (long poll: the answer carries the work as
   * soon as it is committed), after which the worker asks again. Default 1000 ms.
   */
  pollMs?: number;
  reportFlushMs?: number;
  progressIntervalMs?: number;
  requestTimeoutMs?: number;
  /** How long stop() lets running attempts finish before handing them back. Default 25 s. */
  shutdownGraceMs?: number;
  logger?: TaskLogger;
};

type State = 'idle' | 'running' | 'stopping' | 'stopped';

const jsonLogger: TaskLogger = {
  info: (msg, fields) => process.stdout.write(`${JSON.stringify({ level: 'info', msg, ...fields })}\n`),
  warn: (msg, fields) => process.stdout.write(`${JSON.stringify({ level: 'warn', msg, ...fields })}\n`),
  error: (msg, fields) => process.stdout.write(`${JSON.stringify({ level: 'error', msg, ...fields })}\n`),
};

/**
 * Runs task handlers for any Node service: claims work from task-core over NATS (woken right after
 * commit, polling only as a net), runs up to `concurrency` attempts, batches their reports, renews
 * their leases with heartbeats that also register the worker for monitoring, and shuts down
 * gracefully. Execution is at-least-once: a handler may run again after a crash or a lost lease.
 */
export class Worker {
  readonly id: string;
  private readonly options: Required<Omit<WorkerOptions, 'connection' | 'workerId' | 'servers'>> & { servers: string[] };
  private readonly handlers = new Map<string, TaskHandler>();
  private readonly active = new Map<number, { attempt: Attempt; done: Promise<unknown> }>();
  /** Claimed tasks waiting for a free slot (prefetch), in claim order. */
  private buffered: ClaimedTask[] = [];
  private readonly startedAt = new Date().toISOString();
  private state: State = 'idle';
  private nc?: NatsConnection;
  private ownsConnection = false;
  private client?: ServiceClient;
  private batcher?: ReportBatcher;
  private subscriptions: Subscription[] = [];
  private heartbeatTimer?: NodeJS.Timeout;
  private samplerTimer?: NodeJS.Timeout;
  private wake?: () => void;
  private maybeMoreWork = true;
  private loop?: Promise<void>;
  private processed = 0;
  private failed = 0;

  constructor(private readonly input: WorkerOptions = {}) {
    this.id = input.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.options = {
      servers: typeof input.servers === 'string' ? input.servers.split(',') : (input.servers ?? ['nats://127.0.0.1:4222']),
      namespace: input.namespace ?? 'megahub',
      queues: input.queues ?? ['default'],
      concurrency: input.concurrency ?? 16,
      prefetch: input.prefetch ?? Math.ceil((input.concurrency ?? 16) / 2),
      version: input.version ?? '0.1.0',
      leaseSeconds: input.leaseSeconds ?? 30,
      heartbeatMs: input.heartbeatMs ?? 2000,
      pollMs: input.pollMs ?? 1000,
      reportFlushMs: input.reportFlushMs ?? 5,
      progressIntervalMs: input.progressIntervalMs ?? 250,
      requestTimeoutMs: input.requestTimeoutMs ?? 5000,
      shutdownGraceMs: input.shutdownGraceMs ?? 25_000,
      logger: input.logger ?? jsonLogger,
    };
  }

  /** Registers the handler of a task type; the worker claims only the types it has handlers for. */
  handle(taskType: string, handler: TaskHandler): this {
    if (this.state !== 'idle') throw new Error('register handlers before start()');
    this.handlers.set(taskType, handler);
    return this;
  }

  get taskTypes(): string[] {
    return [...this.handlers.keys()];
  }

  get busySlots(): number {
    return this.active.size;
  }

  get status(): State {
    return this.state;
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`worker already ${this.state}`);
    if (this.handlers.size === 0) throw new Error('no handler registered');
    this.nc = this.input.connection ?? (await this.connect());
    this.ownsConnection = !this.input.connection;
    this.client = new ServiceClient(this.nc, this.options.namespace, this.options.requestTimeoutMs);
    this.batcher = new ReportBatcher(this.client, {
      workerId: this.id,
      flushMs: this.options.reportFlushMs,
      progressIntervalMs: this.options.progressIntervalMs,
      maxBatch: 500,
      onOutcome: (outcome) => {
        if (!outcome.accepted) this.active.get(outcome.id)?.attempt.abort('lease_lost');
        else if (outcome.cancel_requested) this.active.get(outcome.id)?.attempt.abort('cancelled');
        else if (outcome.pause_requested) this.active.get(outcome.id)?.attempt.abort('paused');
      },
      onError: (error) => this.options.logger.warn('report failed, retrying', { error: String(error) }),
    });
    this.state = 'running';
    for (const queue of this.options.queues) {
      this.subscriptions.push(
        this.nc.subscribe(`${this.options.namespace}.${CoreSubject.WorkAvailable}.${queue}`, {
          callback: () => {
            this.maybeMoreWork = true;
            this.wake?.();
          },
        }),
      );
    }
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.options.heartbeatMs);
    this.samplerTimer = setInterval(() => this.active.forEach(({ attempt }) => attempt.meter.sample()), 100);
    this.samplerTimer.unref();
    void this.heartbeat();
    this.loop = this.claimLoop();
    this.options.logger.info('worker started', { worker_id: this.id, task_types: this.taskTypes, queues: this.options.queues });
  }

  /**
   * Stops claiming, lets running attempts finish within the grace period, hands the rest back to
   * task-core (they run again elsewhere, their attempt uncounted), flushes reports and says goodbye.
   */
  async stop(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    this.subscriptions.forEach((s) => s.unsubscribe());
    // A claim waiting in task-core for work is answered at once (empty) instead of at its timeout.
    this.nc!.publish(`${this.options.namespace}.${CoreSubject.WorkUnpark}`, JSON.stringify({ worker_id: this.id }));
    this.wake?.();
    await this.loop;
    const deadline = Date.now() + this.options.shutdownGraceMs;
    await Promise.race([
      Promise.all([...this.active.values()].map((a) => a.done)),
      new Promise((r) => setTimeout(r, this.options.shutdownGraceMs)),
    ]);
    const unfinished = [...this.active.values()].map(({ attempt }) => attempt);
    unfinished.forEach((attempt) => attempt.abort('shutdown'));
    // Prefetched tasks never started: handed back with the unfinished ones.
    const handBack = [...unfinished.map((a) => a.ref), ...this.buffered.splice(0).map(refOf)];
    if (handBack.length > 0) {
      await this.client!.request(CoreSubject.WorkRelease, { worker_id: this.id, tasks: handBack }).catch(
        (error: unknown) => this.options.logger.warn('release failed; leases will expire instead', { error: String(error) }),
      );
    }
    await this.batcher!.flushAll(Math.max(deadline, Date.now() + 2000));
    clearInterval(this.heartbeatTimer);
    clearInterval(this.samplerTimer);
    this.state = 'stopped';
    await this.publishHeartbeat().catch(() => undefined);
    if (this.ownsConnection) await this.nc!.drain().catch(() => undefined);
    this.options.logger.info('worker stopped', { worker_id: this.id, released: handBack.length });
  }

  private async connect(): Promise<NatsConnection> {
    // noAsyncTraces: no Error (with its stack) built ahead of every claim and report request.
    // Credentials in the URL (nats://user:password@host) are passed as options: nats.js ignores them there.
    return connect({
      ...natsConnectionOptions(this.options.servers),
      name: `worker-${this.id}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      noAsyncTraces: true,
    });
  }

  /**
   * Claims while there is room (free slots plus the prefetch), each claim a long poll that task-core
   * answers as soon as work is committed. A claim answered early with nothing (task-core stopping, or
   * one that does not wait) is followed by a wait for a wake-up or the poll, never by a tight loop.
   */
  private async claimLoop(): Promise<void> {
    let failures = 0;
    while (this.state === 'running') {
      const room = this.options.concurrency + this.options.prefetch - this.active.size - this.buffered.length;
      if (room <= 0) {
        await this.idle(this.options.pollMs);
        continue;
      }
      const asked = Date.now();
      try {
        const max = Math.min(room, 500);
        this.maybeMoreWork = false;
        const { tasks } = await this.client!.request(
          CoreSubject.WorkClaim,
          {
            worker_id: this.id,
            queues: this.options.queues,
            task_types: this.taskTypes,
            max,
            lease_seconds: this.options.leaseSeconds,
            wait_ms: this.options.pollMs,
          },
          { timeoutMs: this.options.requestTimeoutMs + this.options.pollMs },
        );
        failures = 0;
        this.buffered.push(...tasks);
        this.startBuffered();
        const answeredEarlyEmpty = tasks.length === 0 && Date.now() - asked < this.options.pollMs / 2;
        if (answeredEarlyEmpty && !this.maybeMoreWork) await this.idle(this.options.pollMs);
      } catch (error) {
        failures++;
        this.options.logger.warn('claim failed', { error: String(error), failures });
        await sleep(Math.min(5000, 100 * 2 ** failures));
      }
    }
  }

  /** Waits for a wake-up (a freed slot, a work.available message, stop()) or `ms`. */
  private idle(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        this.wake = undefined;
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Starts buffered tasks while slots are free. */
  private startBuffered(): void {
    while (this.active.size < this.options.concurrency && this.buffered.length > 0 && this.state === 'running') {
      this.run(this.buffered.shift()!);
    }
  }

  private run(task: ClaimedTask): void {
    const handler = this.handlers.get(task.task_type);
    const attempt = new Attempt(task, handler ?? missingHandler, {
      workerId: this.id,
      client: this.client!,
      logger: this.options.logger,
      report: (report) => this.batcher!.report(report),
    });
    const done = attempt.run().then((end) => {
      this.active.delete(task.id);
      this.processed++;
      if (end === 'reported' && attempt.failedReport) this.failed++;
      this.startBuffered();
      this.wake?.();
    });
    this.active.set(task.id, { attempt, done });
  }

  /** A prefetched task that was cancelled, paused or lost before it started: it leaves the buffer. */
  private dropBuffered(id: number, reason: 'cancelled' | 'paused' | 'lease_lost'): void {
    const index = this.buffered.findIndex((task) => task.id === id);
    if (index < 0) return;
    const [task] = this.buffered.splice(index, 1);
    if (reason !== 'lease_lost') this.batcher!.report({ ...refOf(task), kind: reason });
    this.wake?.();
  }

  private async heartbeat(): Promise<void> {
    if (this.state !== 'running' && this.state !== 'stopping') return;
    // Finished attempts whose report has not landed yet (task-core unreachable) keep their leases too:
    // otherwise their leases expire meanwhile and the tasks run a second time.
    const held = new Map(this.batcher!.unsettled.map((ref) => [ref.id, ref]));
    for (const { attempt } of this.active.values()) held.set(attempt.ref.id, attempt.ref);
    for (const task of this.buffered) held.set(task.id, refOf(task));
    const running = [...held.values()];
    try {
      const { cancel, pause = [], lost } = await this.client!.request(CoreSubject.WorkHeartbeat, {
        worker: this.info(),
        running,
        lease_seconds: this.options.leaseSeconds,
      });
      for (const id of cancel) {
        this.active.get(id)?.attempt.abort('cancelled');
        this.dropBuffered(id, 'cancelled');
      }
      for (const id of pause) {
        this.active.get(id)?.attempt.abort('paused');
        this.dropBuffered(id, 'paused');
      }
      for (const id of lost) {
        this.active.get(id)?.attempt.abort('lease_lost');
        this.dropBuffered(id, 'lease_lost');
      }
    } catch (error) {
      this.options.logger.warn('heartbeat failed', { error: String(error) });
    }
    await this.publishHeartbeat().catch((error: unknown) =>
      this.options.logger.warn('heartbeat event not published', { error: String(error) }),
    );
  }

  /** The registry entry task-monitoring keeps, as a JetStream event. */
  private async publishHeartbeat(): Promise<void> {
    const event: WorkerHeartbeatEvent = { event_id: randomUUID(), occurred_at: new Date().toISOString(), worker: this.info() };
    await this.nc!.jetstream().publish(`${this.options.namespace}.evt.${WorkerEvent.Heartbeat}`, JSON.stringify(event), {
      msgID: event.event_id,
    });
  }

  private info(): WorkerInfo {
    return {
      worker_id: this.id,
      hostname: hostname(),
      pid: process.pid,
      version: this.options.version,
      task_types: this.taskTypes,
      queues: this.options.queues,
      concurrency: this.options.concurrency,
      busy_slots: this.active.size,
      processed: this.processed,
      failed: this.failed,
      memory_mb: Math.round(process.memoryUsage.rss() / 1024 / 1024),
      started_at: this.startedAt,
      state: this.state === 'idle' ? 'running' : this.state,
    };
  }
}

function refOf(task: ClaimedTask): { id: number; attempt: number } {
  return { id: task.id, attempt: task.attempt };
}

function missingHandler(): never {
  throw new Error('no handler for this task type in this worker');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
