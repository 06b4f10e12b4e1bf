import { rmSync } from 'node:fs';
import type { TestServers } from '../../libs/testing/src/local-servers';
import { TestStack } from '../../libs/testing/src/stack';
import { STACK_FILE } from './stack-file';

export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as { __megahubStack?: TestStack; __megahubServers?: TestServers };
  await globals.__megahubStack?.stop();
  await globals.__megahubServers?.stop();
  rmSync(STACK_FILE, { force: true });
}
