import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from './processes';

/** Who runs the embedded servers of a data folder, and where they answer. */
export type LockHolder = {
  pid: number;
  started_at: string;
  urls: Partial<Record<'DATABASE_URL' | 'NATS_URL', string>>;
};

/**
 * One launcher per data folder: two `npm start` of one checkout would fight over one Postgres data
 * directory and one JetStream store. The lock file names its holder; a holder that is gone (killed
 * without cleanup) leaves a stale lock that the next launcher takes over.
 */
export class DataDirLock {
  constructor(readonly dataDir: string) {}

  private get file(): string {
    return path.join(this.dataDir, 'launcher.json');
  }

  /** The live holder, if any. */
  holder(): LockHolder | undefined {
    let holder: LockHolder;
    try {
      holder = JSON.parse(readFileSync(this.file, 'utf8')) as LockHolder;
    } catch {
      return undefined;
    }
    return Number.isInteger(holder.pid) && holder.pid !== process.pid && isAlive(holder.pid)
      ? holder
      : undefined;
  }

  acquire(): void {
    const holder = this.holder();
    if (holder) {
      throw new Error(
        `${this.dataDir} is in use by another npm start (pid ${holder.pid}, since ${holder.started_at}): ` +
          'stop it, or give this one its own MEGAHUB_DATA_DIR and PORT_BASE',
      );
    }
    mkdirSync(this.dataDir, { recursive: true });
    this.write({});
  }

  /** Records where the servers answer, for other commands of the checkout (npm run migrate) to reuse. */
  publish(urls: LockHolder['urls']): void {
    this.write(urls);
  }

  release(): void {
    const current = this.read();
    if (current?.pid === process.pid) rmSync(this.file, { force: true });
  }

  private read(): LockHolder | undefined {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as LockHolder;
    } catch {
      return undefined;
    }
  }

  private write(urls: LockHolder['urls']): void {
    const mine = this.read();
    const startedAt = mine?.pid === process.pid ? mine.started_at : new Date().toISOString();
    const holder: LockHolder = { pid: process.pid, started_at: startedAt, urls };
    writeFileSync(this.file, JSON.stringify(holder, null, 2), { mode: 0o600 });
  }
}
