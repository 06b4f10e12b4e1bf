import { randomBytes } from 'node:crypto';
import { validBody, BodyContext } from './bodies';
import { collectionOf, Operation, pathOf } from './openapi';

export type Probe = { operation: Operation; path: string; body?: string };

/** Ids of `collection` and of the lists under it (`…/resumable` lists jobs of the same collection). */
export function idsFor(ids: Map<string, Array<string | number>>, collection: string): Array<string | number> {
  const out = new Set<string | number>();
  for (const [key, values] of ids) {
    if (key === collection || key.startsWith(`${collection}/`)) values.forEach((v) => out.add(v));
  }
  return [...out];
}

export function randomTaskId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return `task_${Array.from(randomBytes(16), (b) => alphabet[b % 32]).join('')}`;
}

/**
 * Every route with a path parameter, called with: the victim's ids, their neighbours, sequential ids
 * (which belong to whichever brands the shared database holds) and random `task_…` ids.
 */
export function idRouteProbes(
  operations: Operation[],
  victimIds: Map<string, Array<string | number>>,
  context: BodyContext,
  sequentialCount = 40,
): Probe[] {
  const probes: Probe[] = [];
  for (const operation of operations.filter((op) => op.pathParams.length > 0)) {
    const own = idsFor(victimIds, collectionOf(operation));
    const values = new Set<string | number>(own);
    for (const id of own) if (typeof id === 'number') [id - 1, id + 1].forEach((n) => n > 0 && values.add(n));
    for (let n = 1; n <= sequentialCount; n++) values.add(n);
    // `task_…` ids name tasks only; other routes take numeric ids (a word there is a 400 or 404, not a probe).
    if (collectionOf(operation) === '/tasks') for (let n = 0; n < 5; n++) values.add(randomTaskId());
    for (const value of values) {
      const params = Object.fromEntries(operation.pathParams.map((name) => [name, value]));
      const body = operation.bodySchema ? JSON.stringify(validBody(operation.bodySchema, context) ?? {}) : undefined;
      probes.push({ operation, path: pathOf(operation, params), body });
    }
  }
  return probes;
}
