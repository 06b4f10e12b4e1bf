import { AppLogger } from '../logging/logger';

/**
 * A background pass run over and over: after each pass it sleeps `idleMs`, unless `notify()` was called
 * during the pass or the sleep, in which case it runs again at once. The services' outbox relays, webhook
 * dispatcher, alert evaluator and retention are such loops: woken right after the commit that gave them
 * work, with the timer only as the safety net. A failed pass is logged and retried after the sleep; it
 * never stops the loop (a database restart must not end a relay). Maintenance passes (retention,
 * evaluation) start with a sleep: a process that starts, or restarts in a crash loop, does not begin
 * with a long prune.
 */
export class WakeableLoop {
  private readonly logger: AppLogger;
  private running = false;
  private pending = false;
  private wake?: () => void;
  private loop?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<unknown>,
    private readonly idleMs: number,
    private readonly firstPass: 'at-start' | 'after-idle' = 'at-start',
  ) {
    this.logger = new AppLogger(name);
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the pass in progress, if any, has finished. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Work arrived: run a pass now instead of at the end of the sleep. */
  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    if (this.firstPass === 'after-idle') await this.sleep();
    while (this.running) {
      this.pending = false;
      try {
        await this.pass();
      } catch (error) {
        this.logger.warn(`${this.name} pass failed, will retry`, { err: error });
      }
      if (this.running && !this.pending) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.idleMs);
      this.wake = done;
    });
  }
}
