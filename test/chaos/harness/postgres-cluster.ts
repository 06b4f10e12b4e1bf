import { spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '@app/testing';

const PG_BIN = process.env.CHAOS_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const PG_USER = 'postgres';

/**
 * A Postgres cluster of the suite's own (initdb into a temp dir, its own port and socket dir), so that
 * stopping it never touches the machine's server. initdb and postgres refuse to run as root: as root
 * they run as the `postgres` OS user (in a directory that user owns), otherwise as the current user.
 */
export class PostgresCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  get logFile(): string {
    return path.join(this.dir, 'postgres.log');
  }

  /** The admin URL TestStack creates its database with. */
  get adminUrl(): string {
    return `postgres://${PG_USER}@127.0.0.1:${this.port}/postgres`;
  }

  static async create(): Promise<PostgresCluster> {
    const dir = mkdtempSync(path.join(tmpdir(), 'megahub-chaos-pg-'));
    if (AS_ROOT) {
      const { uid, gid } = osUser(PG_USER);
      chownSync(dir, uid, gid);
    }
    const cluster = new PostgresCluster(dir, await freePort());
    cluster.run('initdb', ['-D', cluster.dataDir, '--auth=trust', '-U', PG_USER, '-E', 'UTF8', '--locale=C', '--no-sync']);
    // Durable commits as in production (fsync on): an immediate stop must not lose an acknowledged write.
    appendFileSync(
      path.join(cluster.dataDir, 'postgresql.conf'),
      [
        `port = ${cluster.port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        'max_connections = 200',
        'shared_buffers = 64MB',
        'log_min_messages = warning',
        '',
      ].join('\n'),
    );
    await cluster.start();
    return cluster;
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    this.run('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-w', '-t', '60', 'start']);
    await this.waitAccepting(30_000);
  }

  /** `pg_ctl stop -m immediate`: every backend dies at once, recovery replays the WAL at the next start. */
  stopImmediate(): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
  }

  get running(): boolean {
    return spawnSync(...command('pg_ctl', ['-D', this.dataDir, 'status'])).status === 0;
  }

  async destroy(): Promise<void> {
    if (existsSync(path.join(this.dataDir, 'postmaster.pid'))) {
      spawnSync(...command('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']));
    }
    if (process.env.CHAOS_KEEP_DIRS !== '1') rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitAccepting(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const client = new Client({ connectionString: this.adminUrl, connectionTimeoutMillis: 2000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`postgres on ${this.port} not accepting connections: ${String(error)}`);
        await new Promise((r) => setTimeout(r, 200));
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  }

  private run(binary: string, args: string[]): void {
    const result = spawnSync(...command(binary, args), {
      encoding: 'utf8',
      cwd: this.dir,
      timeout: 120_000,
    });
    if (result.status !== 0) {
      throw new Error(`${binary} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
  }
}

const AS_ROOT = process.getuid?.() === 0;

/** The Postgres binary with its arguments, run as the postgres user when we are root. */
function command(binary: string, args: string[]): [string, string[]] {
  const file = path.join(PG_BIN, binary);
  return AS_ROOT ? ['runuser', ['-u', PG_USER, '--', file, ...args]] : [file, args];
}

function osUser(name: string): { uid: number; gid: number } {
  const uid = Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error(`no OS user ${name} to run Postgres as`);
  return { uid, gid };
}
