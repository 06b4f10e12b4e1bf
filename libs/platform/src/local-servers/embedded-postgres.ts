import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { giveToPostgresUser, run } from './processes';

const SUPERUSER = 'postgres';
/** The oldest PostgreSQL the services run on (README). */
const MINIMUM_MAJOR = 13;

export type EmbeddedPostgresOptions = {
  binDir: string;
  /** Its own folder (data directory, log, password), kept between runs. */
  dir: string;
  port: number;
  /** The database the apps use (created by the migrate step if missing). */
  database: string;
};

/**
 * A private PostgreSQL for a machine that has none running: initdb into `dir` the first time, then
 * pg_ctl start/stop. Loopback only, no Unix socket (a checkout's path can be longer than a socket path
 * may be), password authentication with a password generated once and kept beside the data.
 */
export class EmbeddedPostgres {
  constructor(private readonly options: EmbeddedPostgresOptions) {}

  get dataDir(): string {
    return path.join(this.options.dir, 'data');
  }

  get logFile(): string {
    return path.join(this.options.dir, 'postgres.log');
  }

  private get passwordFile(): string {
    return path.join(this.options.dir, 'password');
  }

  /** The URL the apps use; the admin URL (database `postgres`) for tests that create their own. */
  url(database = this.options.database): string {
    const password = encodeURIComponent(readFileSync(this.passwordFile, 'utf8').trim());
    return `postgres://${SUPERUSER}:${password}@127.0.0.1:${this.options.port}/${database}`;
  }

  get initialized(): boolean {
    return existsSync(path.join(this.dataDir, 'PG_VERSION'));
  }

  /** A launcher killed without cleanup (SIGKILL, a closed laptop lid) left its server running: ours, stop it. */
  async stopLeftover(): Promise<void> {
    if (this.initialized && (await this.pgCtl(['status'])).code === 0) await this.stop();
  }

  async start(): Promise<void> {
    const major = await this.binaryMajor();
    if (major !== undefined && major < MINIMUM_MAJOR) {
      throw new Error(
        `the PostgreSQL in ${this.options.binDir} is ${major}; MEGAHUB needs ${MINIMUM_MAJOR} or later (set PG_BIN_DIR to another install)`,
      );
    }
    if (!this.initialized) await this.initialize();
    this.refuseOtherMajor(major);
    const started = await this.pgCtl([
      '-l',
      this.logFile,
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${this.options.port}`,
      'start',
    ]);
    if (started.code !== 0)
      throw new Error(
        `the embedded Postgres did not start (see ${this.logFile}): ${lastLine(started.output)}`,
      );
  }

  async stop(): Promise<void> {
    if (!existsSync(path.join(this.dataDir, 'postmaster.pid'))) return;
    const stopped = await this.pgCtl(['-m', 'fast', '-w', '-t', '60', 'stop']);
    if (stopped.code !== 0 && (await this.pgCtl(['status'])).code === 0) {
      throw new Error(`the embedded Postgres did not stop: ${lastLine(stopped.output)}`);
    }
  }

  private async initialize(): Promise<void> {
    mkdirSync(this.options.dir, { recursive: true, mode: 0o700 });
    giveToPostgresUser(this.options.dir);
    writeFileSync(this.passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    giveToPostgresUser(this.passwordFile);
    const initdb = await run(
      path.join(this.options.binDir, 'initdb'),
      [
        '-D',
        this.dataDir,
        '-U',
        SUPERUSER,
        `--pwfile=${this.passwordFile}`,
        '--auth=scram-sha-256',
        '-E',
        'UTF8',
        '--locale=C',
      ],
      { asPostgresUser: true, cwd: this.options.dir },
    );
    if (initdb.code !== 0) throw new Error(`initdb failed: ${lastLine(initdb.output)}`);
    appendFileSync(
      path.join(this.dataDir, 'postgresql.conf'),
      [
        '',
        '# megahub: a private development server',
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = ''",
        '',
      ].join('\n'),
    );
  }

  /** Data of another major version cannot be read: say so instead of a cryptic pg_ctl failure. */
  private refuseOtherMajor(binaryMajor: number | undefined): void {
    const dataMajor = Number(readFileSync(path.join(this.dataDir, 'PG_VERSION'), 'utf8').trim());
    if (binaryMajor !== undefined && binaryMajor !== dataMajor) {
      throw new Error(
        `${this.dataDir} holds PostgreSQL ${dataMajor} data but the binaries in ${this.options.binDir} are PostgreSQL ${binaryMajor}: ` +
          `set PG_BIN_DIR to a PostgreSQL ${dataMajor} install, or move ${this.options.dir} away to start with an empty database`,
      );
    }
  }

  private async binaryMajor(): Promise<number | undefined> {
    const version = await run(path.join(this.options.binDir, 'pg_ctl'), ['--version']);
    const major = /\(PostgreSQL\)\s+(\d+)/.exec(version.output)?.[1];
    return major === undefined ? undefined : Number(major);
  }

  private pgCtl(args: string[]) {
    return run(path.join(this.options.binDir, 'pg_ctl'), ['-D', this.dataDir, ...args], {
      asPostgresUser: true,
      cwd: this.options.dir,
    });
  }
}

function lastLine(output: string): string {
  return output.trim().split('\n').pop() ?? '';
}
