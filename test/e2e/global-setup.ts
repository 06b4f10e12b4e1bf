import { writeFileSync } from 'node:fs';
import { TestStack } from '../../libs/testing/src/stack';
import { STACK_FILE } from './stack-file';

/** Starts one stack (four services + gateway, no worker) for all e2e files; tests add their own workers. */
export default async function globalSetup(): Promise<void> {
  // Short leases so that tests of crashed workers see recovery in seconds, not half a minute.
  const stack = await TestStack.create({
    env: { LEASE_SECONDS: '6', SWEEP_INTERVAL_MS: '500', WORKER_LEASE_SECONDS: '6', WORKER_HEARTBEAT_MS: '1000' },
    // Generous: on a loaded 2-core machine a Nest app can take tens of seconds to boot.
    readyTimeoutMs: 120_000,
  });
  (globalThis as { __megahubStack?: TestStack }).__megahubStack = stack;
  writeFileSync(STACK_FILE, JSON.stringify(stack.info));
}
