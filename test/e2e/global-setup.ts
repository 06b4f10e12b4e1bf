import { writeFileSync } from 'node:fs';
import { serversForTests, TestServers } from '../../libs/testing/src/local-servers';
import { TestStack } from '../../libs/testing/src/stack';
import { STACK_FILE } from './stack-file';

type Globals = { __megahubStack?: TestStack; __megahubServers?: TestServers };

/** Starts one stack (four services + gateway, no worker) for all e2e files; tests add their own workers. */
export default async function globalSetup(): Promise<void> {
  // A machine without Postgres or NATS but with their binaries runs the suite on private ones.
  const servers = await serversForTests((line) => process.stdout.write(`\n${line}`));
  if (servers) {
    (globalThis as Globals).__megahubServers = servers;
    // Test files read these (through TestStack and directly): they run after this setup, in this process' env.
    process.env.TEST_DATABASE_ADMIN_URL = servers.adminUrl;
    process.env.TEST_NATS_URL = servers.natsUrl;
  }
  let stack: TestStack;
  try {
    // Short leases so that tests of crashed workers see recovery in seconds, not half a minute.
    stack = await TestStack.create({
      env: {
        LEASE_SECONDS: '6',
        SWEEP_INTERVAL_MS: '500',
        WORKER_LEASE_SECONDS: '6',
        WORKER_HEARTBEAT_MS: '1000',
      },
      // Generous: on a loaded 2-core machine a Nest app can take tens of seconds to boot.
      readyTimeoutMs: 120_000,
    });
  } catch (error) {
    // No teardown runs after a failed setup: the private servers must not outlive it.
    await servers?.stop();
    throw error;
  }
  (globalThis as Globals).__megahubStack = stack;
  writeFileSync(STACK_FILE, JSON.stringify(stack.info));
}
