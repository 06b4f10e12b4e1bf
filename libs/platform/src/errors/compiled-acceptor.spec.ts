import * as contracts from '@app/contracts';
import { plainToInstance } from 'class-transformer';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the type registry has no typed export path
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');
import { getMetadataStorage, validateSync } from 'class-validator';
import { acceptorFor } from './compiled-acceptor';

type Ctor = new () => object;

/** mulberry32: the same seed, the same cases. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] };
}

const contractClasses: Ctor[] = Object.values(contracts).filter(
  (value): value is Ctor =>
    typeof value === 'function' && getMetadataStorage().getTargetValidationMetadatas(value, '', false, false, undefined).length > 0,
);

const actor = { brand_id: 9, brand_name: 'Humari', user_id: 1, username: 'martin', role: 'admin' };
const VALUES: unknown[] = [
  'x', '', 'noop', 'default', 'normal', 'critical', 'completed', 'running', 'a'.repeat(300), 'task_abcdefghijklmnop', '42',
  '2026-12-06T10:00:00Z', '2026-13-40', 'https://example.com/hook', 'UTC', '0 9 * * 1-5', 'w-1', '\u0000',
  0, 1, 2, 5, 42, -1, 1.5, 1e12, Number.NaN, true, false, null, {}, [], [1, 2], ['a', 'b'], { a: 1 }, actor,
];
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true };

/** A random plain body for `target`: some of its properties, some unknown ones, random or nested values. */
function randomBody(target: Ctor, random: ReturnType<typeof prng>, depth = 0): Record<string, unknown> {
  const properties = [...new Set(getMetadataStorage().getTargetValidationMetadatas(target, '', false, false, undefined).map((m) => m.propertyName))];
  const body: Record<string, unknown> = {};
  for (const property of properties) {
    if (random.next() < 0.25) continue;
    const nested = defaultMetadataStorage.findTypeMetadata(target, property)?.typeFunction() as Ctor | undefined;
    const isClass = nested && getMetadataStorage().getTargetValidationMetadatas(nested, '', false, false, undefined).length > 0;
    if (isClass && depth < 3 && random.next() < 0.7) {
      body[property] = random.next() < 0.5 ? randomBody(nested, random, depth + 1) : [randomBody(nested, random, depth + 1)];
    } else {
      body[property] = property === 'actor' && random.next() < 0.7 ? actor : random.pick(VALUES);
    }
  }
  if (random.next() < 0.1) body.unknown_field = 1;
  return body;
}

function verdicts(target: Ctor, body: unknown): { classValidator: boolean; compiled: boolean } {
  const instance = plainToInstance(target, body) as object;
  return { classValidator: validateSync(instance, OPTIONS).length === 0, compiled: acceptorFor(target)(instance) };
}

describe(acceptorFor.name, () => {
  it('should find the contracts to compile', () => {
    expect(contractClasses.length).toBeGreaterThan(40);
  });

  it('should accept exactly what class-validator accepts, over random bodies of every contract class', () => {
    const random = prng(20261206);
    const disagreements: string[] = [];
    let accepted = 0;
    for (const target of contractClasses) {
      for (let i = 0; i < 250; i++) {
        const body = randomBody(target, random);
        const verdict = verdicts(target, body);
        if (verdict.classValidator) accepted++;
        if (verdict.classValidator !== verdict.compiled) disagreements.push(`${target.name} ${JSON.stringify(body).slice(0, 300)} ${JSON.stringify(verdict)}`);
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    // Both answers were exercised, not only refusals.
    expect(accepted).toBeGreaterThan(500);
  });

  it('should accept the hot messages as the platform sends them', () => {
    const now = new Date().toISOString();
    const cases: Array<[Ctor, unknown]> = [
      [contracts.CreateTaskRequest, { actor, task: { task_type: 'noop', queue: 'default', priority: 'high', context_data: { a: [1, { b: 2 }] }, tags: ['x'] } }],
      [contracts.ClaimWorkRequest, { worker_id: 'w-1', queues: ['default'], task_types: ['noop'], max: 32, lease_seconds: 30, wait_ms: 1000 }],
      [
        contracts.ReportWorkRequest,
        {
          worker_id: 'w-1',
          reports: [
            { id: 1, attempt: 1, kind: 'completed', result: { ok: true }, metrics: { execution_time_ms: 1, cpu_time_ms: 1, memory_usage_mb: 80, cost_usd: 0 }, started_at: now },
            { id: 2, attempt: 3, kind: 'failed', error: { message: 'no', type: 'Error', retryable: true }, metrics: { execution_time_ms: 1, cpu_time_ms: 0, memory_usage_mb: 80 } },
            { id: 3, attempt: 1, kind: 'progress', progress: 40, message: 'keyword 11 analysed' },
          ],
        },
      ],
      [contracts.BulkCreateTasksRequest, { actor, body: { tasks: [{ task_type: 'noop' }, { task_type: 'sleep', context_data: { ms: 5 } }] } }],
    ];
    for (const [target, body] of cases) expect({ target: target.name, ...verdicts(target, body) }).toEqual({ target: target.name, classValidator: true, compiled: true });
  });
});
