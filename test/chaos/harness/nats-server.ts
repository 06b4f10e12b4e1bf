import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'nats';
import { freePort } from '@app/testing';

const NATS_BIN = process.env.CHAOS_NATS_BIN ?? '/usr/sbin/nats-server';

/**
 * A nats-server of the suite's own, with JetStream on a store directory of its own: it can be SIGKILLed
 * and started again on the same port and store, as a crashed broker would be by its supervisor.
 */
export class NatsServer {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private readonly log: WriteStream;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.log = createWriteStream(path.join(dir, 'nats-server.log'), { flags: 'a' });
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get storeDir(): string {
    return path.join(this.dir, 'jetstream');
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  static async create(): Promise<NatsServer> {
    const server = new NatsServer(mkdtempSync(path.join(tmpdir(), 'megahub-chaos-nats-')), await freePort());
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    if (this.running) throw new Error('nats-server already running');
    const child = spawn(NATS_BIN, ['-js', '-sd', this.storeDir, '-a', '127.0.0.1', '-p', String(this.port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => this.log.write(d));
    child.stderr?.on('data', (d: Buffer) => this.log.write(d));
    this.child = child;
    this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
    await this.waitJetStream(30_000);
  }

  /** SIGKILL: no flush, no goodbye to clients. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  async destroy(): Promise<void> {
    await this.kill();
    this.log.end();
    if (process.env.CHAOS_KEEP_DIRS !== '1') rmSync(this.dir, { recursive: true, force: true });
  }

  /** Ready means a client connects and JetStream answers (it recovers its store before that). */
  private async waitJetStream(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const nc = await connect({ servers: this.url, timeout: 1000, maxReconnectAttempts: 0 });
        try {
          await (await nc.jetstreamManager()).getAccountInfo();
          return;
        } finally {
          await nc.close();
        }
      } catch (error) {
        if (this.child?.exitCode !== null) throw new Error(`nats-server exited (${this.child?.exitCode}) before it was ready`);
        if (Date.now() > deadline) throw new Error(`nats-server on ${this.port} not ready: ${String(error)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}
