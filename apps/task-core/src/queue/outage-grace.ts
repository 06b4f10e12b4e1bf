export type Dependency = 'postgres' | 'nats';

/**
 * When the lease sweeper may take leases back. While task-core cannot reach Postgres or NATS, no worker
 * can renew a lease either, so a lease that "expires" then belongs to a live worker: sweeping it would
 * run its task twice. Sweeping pauses during such an outage and for one more lease period after it
 * ends, long enough for every live worker's next heartbeat to renew what it still runs. The price: a
 * worker that really died during the outage has its tasks taken back one grace period later.
 */
export class OutageGrace {
  private readonly down = new Set<Dependency>();
  private holdUntil = 0;

  constructor(
    private readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  lost(dependency: Dependency): void {
    this.down.add(dependency);
  }

  /** Returns true when this ends the outage (and starts the grace period). */
  restored(dependency: Dependency): boolean {
    if (!this.down.delete(dependency)) return false;
    this.holdUntil = Math.max(this.holdUntil, this.now() + this.graceMs);
    return this.down.size === 0;
  }

  isDown(dependency: Dependency): boolean {
    return this.down.has(dependency);
  }

  get maySweep(): boolean {
    return this.down.size === 0 && this.now() >= this.holdUntil;
  }
}
