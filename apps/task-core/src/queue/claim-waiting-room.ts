import { ClaimedTask, ClaimWorkRequest } from '@app/contracts';
import { AppLogger } from '@app/platform';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';

type Claimer = (request: ClaimWorkRequest) => Promise<ClaimedTask[]>;

type Waiter = {
  request: ClaimWorkRequest;
  settle: (tasks: ClaimedTask[]) => void;
  /** A claim for this waiter is running: a second offer meanwhile must not claim for it again. */
  claiming: boolean;
  /** Its wait ended while a claim ran for it: answered when that claim ends, with what it took. */
  expired: boolean;
};

/**
 * Claims that found nothing to run wait here (long poll) until work for one of their queues is committed,
 * then a claim runs for them and answers their request: the wake-up carries the work, so an idle worker
 * starts a task one round trip after its commit. Waiters are served in arrival order. A claim is
 * answered empty when its wait ends, when its worker stops (`unpark`) or when task-core stops.
 */
@Injectable()
export class ClaimWaitingRoom implements OnApplicationShutdown {
  private readonly logger = new AppLogger(ClaimWaitingRoom.name);
  private readonly waiters = new Set<Waiter>();
  /** Counts offers, so a claim that found nothing can tell whether work arrived while it looked. */
  private offers = 0;

  get offerCount(): number {
    return this.offers;
  }

  get size(): number {
    return this.waiters.size;
  }

  /**
   * Waits up to `request.wait_ms` for work. `claim` runs the claim itself; `seenOffers` is `offerCount`
   * taken before the claim that found nothing: an offer made since then is not missed.
   */
  wait(request: ClaimWorkRequest, claim: Claimer, seenOffers: number): Promise<ClaimedTask[]> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        request,
        claiming: false,
        expired: false,
        settle: (tasks) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(tasks);
        },
      };
      const timer = setTimeout(() => this.expire(waiter), request.wait_ms ?? 0);
      this.waiters.add(waiter);
      if (this.offers !== seenOffers) void this.serve(waiter, claim);
    });
  }

  /** Work became runnable in `queue` (of these task types; empty: unknown): claims it for the waiters. */
  offer(queue: string, taskTypes: readonly string[], claim: Claimer): void {
    this.offers++;
    for (const waiter of this.waiters) {
      if (!waiter.request.queues.includes(queue)) continue;
      const types = waiter.request.task_types;
      if (taskTypes.length > 0 && types.length > 0 && !taskTypes.some((t) => types.includes(t))) continue;
      void this.serve(waiter, claim);
    }
  }

  /** A stopping worker: its waiting claim is answered at once. */
  unpark(workerId: string): void {
    for (const waiter of this.waiters) if (waiter.request.worker_id === workerId) this.expire(waiter);
  }

  onApplicationShutdown(): void {
    for (const waiter of this.waiters) this.expire(waiter);
  }

  /** Ends a wait: at once, or, when a claim runs for it, with that claim's tasks (never leased unseen). */
  private expire(waiter: Waiter): void {
    if (waiter.claiming) waiter.expired = true;
    else waiter.settle([]);
  }

  private async serve(waiter: Waiter, claim: Claimer): Promise<void> {
    if (waiter.claiming) return;
    waiter.claiming = true;
    try {
      const tasks = await claim(waiter.request);
      waiter.claiming = false;
      if (tasks.length > 0 || waiter.expired) waiter.settle(tasks);
    } catch (error) {
      waiter.claiming = false;
      this.logger.warn('claim for a waiting worker failed', { worker_id: waiter.request.worker_id, err: error });
      if (waiter.expired) waiter.settle([]);
    }
  }
}
