import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { connect } from 'nats';
import { commandOf, isAlive, waitFor } from './processes';

export type EmbeddedNatsOptions = {
  file: string;
  /** Its own folder (JetStream store, log, pid file), kept between runs. */
  dir: string;
  port: number;
};

/**
 * A private `nats-server -js` for a machine that has none running, its JetStream store kept under
 * `dir` so that streams and durable consumers survive a restart. It runs in a process group of its
 * own: Ctrl-C in the terminal reaches the launcher, which stops the apps first (they drain through
 * NATS) and this server last.
 */
export class EmbeddedNats {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(private readonly options: EmbeddedNatsOptions) {}

  get url(): string {
    return `nats://127.0.0.1:${this.options.port}`;
  }

  get logFile(): string {
    return path.join(this.options.dir, 'nats-server.log');
  }

  /** Whether a JetStream store from an earlier run is there (streams and consumers survive). */
  get initialized(): boolean {
    return existsSync(path.join(this.options.dir, 'store'));
  }

  private get pidFile(): string {
    return path.join(this.options.dir, 'nats-server.pid');
  }

  async start(): Promise<void> {
    mkdirSync(this.options.dir, { recursive: true });
    const args = [
      '-js',
      '-sd',
      path.join(this.options.dir, 'store'),
      '-a',
      '127.0.0.1',
      '-p',
      String(this.options.port),
    ];
    const child = spawn(this.options.file, [...args, '-P', this.pidFile, '-l', this.logFile], {
      stdio: 'ignore',
      detached: true,
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('error', () => undefined);
    try {
      await waitFor(() => this.jetStreamAnswers(child), {
        timeoutMs: 30_000,
        what: `nats-server answering on ${this.options.port}`,
      });
    } catch (error) {
      await this.stop();
      throw new Error(
        `the embedded nats-server did not start (see ${this.logFile}): ${lastLogLine(this.logFile) ?? (error as Error).message}`,
      );
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(killer);
  }

  /** Ready when a client connects and JetStream answers (it recovers its store before that). */
  private async jetStreamAnswers(child: ChildProcess): Promise<boolean> {
    if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}`);
    try {
      const nc = await connect({ servers: this.url, timeout: 1000, maxReconnectAttempts: 0 });
      try {
        await (await nc.jetstreamManager()).getAccountInfo();
        return true;
      } finally {
        await nc.close();
      }
    } catch {
      return false;
    }
  }

  /** A launcher killed without cleanup left its nats-server running on this store: ours, stop it. */
  async stopLeftover(): Promise<void> {
    if (!existsSync(this.pidFile)) return;
    const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && commandOf(pid)?.includes('nats-server')) {
      process.kill(pid, 'SIGTERM');
      await waitFor(() => !isAlive(pid), {
        timeoutMs: 15_000,
        what: `the leftover nats-server (pid ${pid}) stopping`,
      });
    }
    rmSync(this.pidFile, { force: true });
  }
}

function lastLogLine(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').pop();
  } catch {
    return undefined;
  }
}
