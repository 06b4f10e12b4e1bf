import { ApiClient } from '@app/testing';
import { sharedStack } from '../stack-file';
import { dtoClass, fieldsOf, validBody } from './support/bodies';
import { harvestLists, headersOf, newContext, seedBrand, SeededBrand } from './support/fixtures';
import { errorBodyProblem, pool, send } from './support/http';
import { collectionOf, label, loadOperations, Operation, pathOf } from './support/openapi';
import { idsFor } from './support/probes';

const stack = sharedStack();
const base = stack.info.gatewayUrl;

/** Fields a client must never set: ownership, identity, lifecycle and execution state. */
function protectedFields(otherBrand: number): Record<string, unknown> {
  const past = '2020-01-01T00:00:00.000Z';
  return {
    brand_id: otherBrand,
    brand: { id: otherBrand, name: 'victim' },
    brandId: otherBrand,
    created_by: { id: 999, username: 'root' },
    created_by_id: 999,
    user_id: 999,
    actor: { brand_id: otherBrand, brand_name: 'victim', user_id: 999, username: 'root', role: 'admin' },
    role: 'admin',
    is_admin: true,
    isAdmin: true,
    id: 1,
    task_id: 'task_aaaaaaaaaaaaaaaa',
    status: 'completed',
    attempts: 0,
    attempt: 99,
    worker_id: 'evil-worker',
    lease_owner: 'evil-worker',
    lease_until: '2999-01-01T00:00:00.000Z',
    result_data: { forged: true },
    error: { message: 'forged', type: 'Forged' },
    progress_percentage: 100,
    started_at: past,
    completed_at: past,
    created_at: past,
    updated_at: past,
    cancel_requested: true,
    is_periodic: true,
    periodic_task_id: 1,
    persistent_job_id: 1,
    origin: { is_periodic: true, periodic_task_id: 1 },
    metrics: { execution_time_ms: 1, memory_usage_mb: 1, cpu_time_ms: 1, cost_usd: 0 },
    next_run_at: past,
    last_run_at: past,
    total_run_count: 1000,
    last_task_id: 'task_aaaaaaaaaaaaaaaa',
    resume_count: 1000,
    checkpoint_count: 1000,
    fired_at: past,
  };
}

/** Values of declared fields that would skip the lifecycle (a client may cancel a cron job, not fire it). */
const FORBIDDEN_VALUES: Record<string, unknown[]> = {
  status: ['completed', 'running', 'fired', 'failed', 'paused', 'interrupted'],
};

describe('mass assignment: a client sets only the fields the API documents as writable', () => {
  let operations: Operation[];
  let owner: SeededBrand;
  let bystander: ApiClient;

  beforeAll(async () => {
    operations = await loadOperations(base);
    owner = await seedBrand(ApiClient.forNewBrand(base, 'admin', 11), operations, newContext(), 1);
    await harvestLists(owner, operations);
    bystander = ApiClient.forNewBrand(base, 'admin', 12);
  }, 60_000);

  const withBody = () => operations.filter((op) => op.bodySchema !== undefined);

  it('should refuse (400, the field named) or ignore every protected field on every route with a body', async () => {
    const injections = protectedFields(bystander.brandId);
    const cases: Array<{ operation: Operation; field: string; value: unknown }> = [];
    for (const operation of withBody()) {
      const declared = new Set(fieldsOf(dtoClass(operation.bodySchema) ?? Object).map((f) => f.name));
      for (const [field, value] of Object.entries(injections)) {
        if (!declared.has(field)) cases.push({ operation, field, value });
      }
      for (const [field, values] of Object.entries(FORBIDDEN_VALUES)) {
        if (declared.has(field)) values.forEach((value) => cases.push({ operation, field, value }));
      }
    }
    const failures: string[] = [];
    await pool(cases, 8, async ({ operation, field, value }) => {
      const target = targetPath(operation);
      if (!target) return;
      const body = { ...validBody(operation.bodySchema, owner.context), [field]: value };
      const reply = await send(`${base}${target}`, {
        method: operation.method,
        headers: headersOf(owner.api, { 'content-type': 'application/json' }),
        body: JSON.stringify(body),
      });
      const where = `${label(operation)} with ${field}=${JSON.stringify(value)}`;
      if (reply.status === 400) {
        if (errorBodyProblem(reply)) failures.push(`${where}: ${errorBodyProblem(reply)}`);
        else if (!Object.keys(reply.body.field_errors ?? {}).some((k) => k === field || k.startsWith(`${field}.`))) {
          failures.push(`${where}: 400 without naming ${field}: ${reply.text.slice(0, 200)}`);
        }
      } else if (reply.status < 300) {
        const problem = assignedProblem(reply.body, field, value, owner.api.brandId);
        if (problem) failures.push(`${where}: ${problem}`);
      } else if (reply.status !== 404 && reply.status !== 409) {
        failures.push(`${where}: ${reply.status} ${reply.text.slice(0, 200)}`);
      }
    });
    process.stdout.write(`mass assignment: ${cases.length} attempts on ${withBody().length} routes with a body\n`);
    expect(failures).toEqual([]);
  }, 120_000);

  it('should refuse protected fields inside bulk items, with the item index', async () => {
    for (const [field, value] of Object.entries(protectedFields(bystander.brandId))) {
      const reply = await owner.api.post('/tasks/bulk/', { tasks: [{ task_type: 'noop', queue: owner.context.queue }, { task_type: 'noop', [field]: value }] });
      expect({ field, status: reply.status, fields: Object.keys(reply.body.field_errors ?? {}) }).toEqual({
        field,
        status: 400,
        fields: expect.arrayContaining([`tasks.1.${field}`]),
      });
    }
  });

  it('should refuse prototype pollution keys at any depth, and never pollute objects', async () => {
    const bodies = [
      '{"task_type":"noop","__proto__":{"polluted":true}}',
      '{"task_type":"noop","constructor":{"prototype":{"polluted":true}}}',
      '{"task_type":"noop","context_data":{"a":{"__proto__":{"polluted":true}}}}',
      '{"task_type":"noop","context_data":{"constructor":{"prototype":{"polluted":true}}}}',
      '{"tasks":[{"task_type":"noop","__proto__":{"status":"completed"}}]}',
    ];
    for (const body of bodies) {
      const path = body.startsWith('{"tasks"') ? '/tasks/bulk/' : '/tasks/';
      const reply = await send(`${base}${path}`, {
        method: 'POST',
        headers: headersOf(owner.api, { 'content-type': 'application/json' }),
        body,
      });
      expect({ body, status: reply.status, problem: errorBodyProblem(reply) }).toEqual({ body, status: 400, problem: null });
    }
    const list = await owner.api.get('/tasks/?page_size=200');
    expect(JSON.stringify(list.body)).not.toContain('polluted');
  });

  it('should have created nothing in another brand and nothing the owner did not ask for', async () => {
    for (const operation of operations.filter((op) => op.method === 'GET' && op.pathParams.length === 0)) {
      const reply = await bystander.get(pathOf(operation));
      if (reply.status === 200 && typeof reply.body?.count === 'number' && !/\/workers/.test(operation.template)) {
        expect({ path: operation.template, count: reply.body.count }).toEqual({ path: operation.template, count: 0 });
      }
    }
    const tasks = await owner.api.get('/tasks/?page_size=200');
    const foreign = tasks.body.results.filter(
      (t: any) => t.brand.id !== owner.api.brandId || t.created_by.id !== 11 || t.status !== 'pending' || t.result_data !== null || t.is_periodic,
    );
    expect(foreign).toEqual([]);
  });

  /** Where a body goes: the collection for creations, one of the owner's objects for updates and actions. */
  function targetPath(operation: Operation): string | undefined {
    if (operation.pathParams.length === 0) return pathOf(operation);
    const id = idsFor(owner.ids, collectionOf(operation))[0];
    return id === undefined ? undefined : pathOf(operation, Object.fromEntries(operation.pathParams.map((name) => [name, id])));
  }
});

/** Accepted bodies must not have taken the injected value. */
function assignedProblem(body: any, field: string, value: unknown, brandId: number): string | null {
  const objects = Array.isArray(body?.results) ? body.results : [body];
  for (const object of objects) {
    if (typeof object !== 'object' || object === null) continue;
    if (object.brand && object.brand.id !== brandId) return `the object moved to brand ${object.brand.id}`;
    if (object.brand_id !== undefined && object.brand_id !== brandId) return `the object moved to brand ${object.brand_id}`;
    if (field in object && JSON.stringify(object[field]) === JSON.stringify(value)) return `the client set ${field}`;
  }
  return null;
}
