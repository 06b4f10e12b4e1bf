import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StackInfo, TestStack } from '../../libs/testing/src/stack';

/** Where the global setup leaves the running stack's coordinates for the test files. */
export const STACK_FILE = path.resolve(__dirname, '..', '..', 'test-results', 'e2e-stack.json');

/** The shared stack of this run; each test file may add processes (workers) to it. */
export function sharedStack(): TestStack {
  return TestStack.attach(JSON.parse(readFileSync(STACK_FILE, 'utf8')) as StackInfo);
}
