// A relative path: the e2e global setup loads this outside Jest's module mapping of @app/*.
import { LocalServers, planLocalServers, startLocalServers } from '../../platform/src/local-servers';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports';

/** Private servers a test run started because the machine has none: where they answer, how to stop them. */
export type TestServers = { adminUrl: string; natsUrl: string; stop(): Promise<void> };

/**
 * The embedded default for `npm test`: when neither TEST_DATABASE_ADMIN_URL / TEST_NATS_URL is set
 * nor a server answers at the default address, private servers from the machine's binaries on free
 * ports, in a temporary folder removed at the end. CI (servers answering) starts nothing.
 */
export async function serversForTests(log: (line: string) => void): Promise<TestServers | undefined> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'megahub-test-servers-'));
  // mkdtemp makes it 0700: as root, Postgres runs as the postgres OS user, which must get through.
  chmodSync(dataDir, 0o755);
  const env = {
    ...process.env,
    DATABASE_URL: process.env.TEST_DATABASE_ADMIN_URL,
    NATS_URL: process.env.TEST_NATS_URL,
    MEGAHUB_DATA_DIR: dataDir,
    NODE_ENV: 'test',
  };
  let servers: LocalServers | undefined;
  let stopping = false;
  try {
    const plan = await planLocalServers({
      env,
      needs: ['postgres', 'nats'],
      root: dataDir,
      ports: { postgres: await freePort(), nats: await freePort() },
    });
    if (!plan.postgres && !plan.nats) {
      rmSync(dataDir, { recursive: true, force: true });
      return undefined;
    }
    // The folder is removed at the end: its "data stays in" line would mislead.
    servers = await startLocalServers(plan, (line) => (stopping ? undefined : log(line)));
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const started = servers;
  const admin = started.env.DATABASE_URL ? new URL(started.env.DATABASE_URL) : undefined;
  if (admin) admin.pathname = '/postgres';
  return {
    adminUrl:
      admin?.toString() ??
      process.env.TEST_DATABASE_ADMIN_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    natsUrl: started.env.NATS_URL ?? process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
    async stop() {
      stopping = true;
      await started.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
