import { rmSync } from 'node:fs';
import { TestStack } from '../../libs/testing/src/stack';
import { STACK_FILE } from './stack-file';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { __megahubStack?: TestStack }).__megahubStack;
  await stack?.stop();
  rmSync(STACK_FILE, { force: true });
}
