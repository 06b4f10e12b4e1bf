import path from 'node:path';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL } from '../config/defaults';
import { DEFAULT_PORT_BASE, portFor } from '../config/ports';
import { redactUrl } from '../config/redact-url';
import type { Dependency } from '../logging/outage-reporter';
import {
  BinarySearch,
  embeddedPostgresPackageBinDir,
  findNatsServer,
  findPostgresBinaries,
  MissingBinaryError,
  NatsBinary,
  PostgresBinaries,
} from './binaries';
import { DataDirLock } from './data-dir-lock';
import { chooseServer, ServerChoice, URL_VARIABLES } from './decision';
import { EmbeddedNats } from './embedded-nats';
import { EmbeddedPostgres } from './embedded-postgres';
import { addressOf, isAnswering, refusedLogin } from './probe';

export type LocalServersOptions = {
  env: Record<string, string | undefined>;
  /** What the command needs: `npm start` both, `npm run migrate` Postgres alone. */
  needs: Dependency[];
  /** The checkout: the data folder defaults to `<root>/.megahub`. */
  root: string;
  /** Use the embedded servers of a launcher already running on the data folder (`npm run migrate` beside `npm start`). */
  reuseRunning?: boolean;
  /** Ports of the embedded servers; default PORT_BASE + 110 / + 111. Tests pass free ones. */
  ports?: Partial<Record<Dependency, number>>;
  /** Where binaries are looked for; default this machine's PATH and usual install places. */
  search?: Partial<BinarySearch>;
};

export type LocalPlan = {
  dataDir: string;
  choices: Partial<Record<Dependency, ServerChoice>>;
  postgres?: PostgresBinaries;
  nats?: NatsBinary;
  ports: Record<Dependency, number>;
  /** Where a server was looked for when its variable is not set. */
  probes: Record<Dependency, string>;
  /** Why a private server is needed: nothing answers, or what answers refuses the default login. */
  reasons: Partial<Record<Dependency, string>>;
};

/**
 * Decides, before anything slow (the build), how each dependency will be served, and finds the
 * binaries of those that need a private server: a missing one is a MissingBinaryError at once.
 */
export async function planLocalServers(options: LocalServersOptions): Promise<LocalPlan> {
  const env = options.env;
  const dataDir = path.resolve(options.root, env.MEGAHUB_DATA_DIR || '.megahub');
  const base = Number(env.PORT_BASE || DEFAULT_PORT_BASE);
  const ports = {
    postgres: options.ports?.postgres ?? portFor('embedded-postgres', base),
    nats: options.ports?.nats ?? portFor('embedded-nats', base),
  };
  // Tests point these at empty ports to play a machine where nothing answers (never the shared servers).
  const probes: Record<Dependency, string> = {
    postgres: env.MEGAHUB_PROBE_DATABASE_URL || DEFAULT_DATABASE_URL,
    nats: env.MEGAHUB_PROBE_NATS_URL || DEFAULT_NATS_URL,
  };
  const running = options.reuseRunning ? new DataDirLock(dataDir).holder()?.urls : undefined;
  const plan: LocalPlan = { dataDir, choices: {}, ports, probes, reasons: {} };
  for (const dependency of options.needs) {
    const configured = env[URL_VARIABLES[dependency]] || undefined;
    const { answering, reason } = configured
      ? { answering: false, reason: '' }
      : await probeDefault(dependency, probes[dependency]);
    plan.reasons[dependency] = reason;
    const choice = chooseServer({
      configured,
      defaultUrl: probes[dependency],
      answering,
      production: env.NODE_ENV === 'production',
    });
    const runningUrl = running?.[URL_VARIABLES[dependency]];
    plan.choices[dependency] =
      choice.kind === 'embedded' && runningUrl ? { kind: 'machine', url: runningUrl } : choice;
  }
  const search: BinarySearch = {
    env,
    platform: process.platform,
    arch: process.arch,
    packagedPostgresBinDir: () => embeddedPostgresPackageBinDir(process.platform, process.arch),
    ...options.search,
  };
  const missing: string[] = [];
  const find = <T>(lookup: () => T): T | undefined => {
    try {
      return lookup();
    } catch (error) {
      if (!(error instanceof MissingBinaryError)) throw error;
      missing.push(error.message);
      return undefined;
    }
  };
  if (plan.choices.postgres?.kind === 'embedded') plan.postgres = find(() => findPostgresBinaries(search));
  if (plan.choices.nats?.kind === 'embedded') plan.nats = find(() => findNatsServer(search));
  if (missing.length > 0) throw new MissingBinaryError(missing.join('\n'));
  return plan;
}

/** What the apps get: the URLs to put in their environment, and how to stop what was started. */
export type LocalServers = { env: Record<string, string>; stop(): Promise<void> };

/** Starts the private servers the plan calls for, under a lock on the data folder. */
export async function startLocalServers(plan: LocalPlan, log: (line: string) => void): Promise<LocalServers> {
  const env: Record<string, string> = {};
  for (const [dependency, choice] of Object.entries(plan.choices) as [Dependency, ServerChoice][]) {
    if (choice.kind === 'machine') env[URL_VARIABLES[dependency]] = choice.url;
    if (choice.kind !== 'embedded') log(describe(dependency, choice));
  }
  if (!plan.postgres && !plan.nats) return { env, stop: async () => undefined };

  const lock = new DataDirLock(plan.dataDir);
  lock.acquire();
  const postgres = plan.postgres
    ? new EmbeddedPostgres({
        binDir: plan.postgres.binDir,
        dir: path.join(plan.dataDir, 'postgres'),
        port: plan.ports.postgres,
        database: 'megahub',
      })
    : undefined;
  const nats = plan.nats
    ? new EmbeddedNats({ file: plan.nats.file, dir: path.join(plan.dataDir, 'nats'), port: plan.ports.nats })
    : undefined;
  const stop = async () => {
    await Promise.allSettled([postgres?.stop(), nats?.stop()]);
    lock.release();
    log(`private servers stopped; their data stays in ${plan.dataDir}`);
  };
  // Both settle before a failure is handled: stopping one that is still starting would leave it running.
  const started = await Promise.allSettled([
    postgres && startOne('postgres', plan, log, postgres),
    nats && startOne('nats', plan, log, nats),
  ]);
  const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }
  if (postgres) env.DATABASE_URL = postgres.url();
  if (nats) env.NATS_URL = nats.url;
  lock.publish(env);
  return { env, stop };
}

type EmbeddedServer = {
  readonly initialized: boolean;
  stopLeftover(): Promise<void>;
  start(): Promise<void>;
};

async function startOne(
  dependency: Dependency,
  plan: LocalPlan,
  log: (line: string) => void,
  server: EmbeddedServer,
): Promise<void> {
  await server.stopLeftover();
  const port = plan.ports[dependency];
  if (await isAnswering(`${dependency === 'postgres' ? 'postgres' : 'nats'}://127.0.0.1:${port}`)) {
    throw new Error(
      `port ${port}, for the embedded ${dependency}, is in use: set PORT_BASE to move this stack's ports`,
    );
  }
  const binaries = dependency === 'postgres' ? plan.postgres?.binDir : plan.nats?.file;
  const folder = path.join(plan.dataDir, dependency);
  const variable = URL_VARIABLES[dependency];
  log(
    `${dependency}: ${variable} is not set and ${plan.reasons[dependency]}: ` +
      `starting a private server (${binaries}) on 127.0.0.1:${port}, ${server.initialized ? 'with its data kept' : 'with a new data folder'} in ${folder}`,
  );
  await server.start();
}

/**
 * Whether the default address can serve, and if not why: nothing answers there, or (Postgres) the
 * server there refuses the default login, as a system server asking for a password does.
 */
async function probeDefault(
  dependency: Dependency,
  url: string,
): Promise<{ answering: boolean; reason: string }> {
  const address = hostPort(url);
  if (!(await isAnswering(url))) return { answering: false, reason: `nothing answers at ${address}` };
  const refused = dependency === 'postgres' ? await refusedLogin(url) : undefined;
  if (refused)
    return { answering: false, reason: `the server at ${address} refuses ${redactUrl(url)} (${refused})` };
  return { answering: true, reason: '' };
}

function hostPort(url: string): string {
  const { host, port } = addressOf(url);
  return `${host}:${port}`;
}

function describe(dependency: Dependency, choice: ServerChoice): string {
  switch (choice.kind) {
    case 'configured':
      return `${dependency}: ${URL_VARIABLES[dependency]}=${redactUrl(choice.url)}`;
    case 'machine':
      return `${dependency}: using the server at ${redactUrl(choice.url)}`;
    case 'unavailable':
      return `${dependency}: nothing answers at ${redactUrl(choice.url)} (production: no private server is started)`;
    case 'embedded':
      return `${dependency}: a private server`;
  }
}
