import { writeFileSync } from 'node:fs';
import { TestStack } from '../../libs/testing/src/stack';
import { STACK_FILE } from './stack-file';

/** Starts one stack (four services + gateway, no worker) for all e2e files; tests add their own workers. */
export default async function globalSetup(): Promise<void> {
  const stack = await TestStack.create();
  (globalThis as { __megahubStack?: TestStack }).__megahubStack = stack;
  writeFileSync(STACK_FILE, JSON.stringify(stack.info));
}
