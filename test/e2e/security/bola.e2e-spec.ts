import { ApiClient, AppProcess, eventually, mintToken, newBrandId } from '@app/testing';
import { sharedStack } from '../stack-file';
import { errorBodyProblem, pool, Reply, send } from './support/http';
import { harvestLists, headersOf, newContext, seedBrand, SeededBrand, snapshots } from './support/fixtures';
import { label, loadOperations, Operation, pathOf } from './support/openapi';
import { idRouteProbes, Probe } from './support/probes';

const stack = sharedStack();
const base = stack.info.gatewayUrl;

// Workers are shared infrastructure (monitoring.contract.ts): every brand may read the registry, but the
// counters it shows are the asking brand's own work.
const SHARED_RESOURCES = /\/workers(\/|$)/;
const BRAND_COUNTERS = /^(count|pending|running|retrying|processed|failed|completed|cancelled|failed_24h|completed_24h)$/;

/** Why B's answer about A's objects is a violation, or null. */
function violation(reply: Reply, probe: { operation: Operation }, secrets: string[]): string | null {
  if (reply.status >= 500) return `server error ${reply.status}: ${reply.text.slice(0, 200)}`;
  const leaked = secrets.find((s) => reply.text.includes(s));
  if (leaked) return `leak: the answer contains ${leaked} of the other brand (${reply.status})`;
  if (reply.status === 404 || reply.status === 403) return errorBodyProblem(reply);
  if (reply.status === 200 && SHARED_RESOURCES.test(probe.operation.template)) return foreignCounters(reply.body);
  return `expected 404 or 403, got ${reply.status}: ${reply.text.slice(0, 200)}`;
}

/** A brand that ran nothing must see zero in every counter of its own (lists, stats, dashboards). */
function foreignCounters(value: unknown, path = ''): string | null {
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'number' && BRAND_COUNTERS.test(key) && child !== 0) return `counter ${path}${key} = ${child} for an empty brand`;
    const nested = foreignCounters(child, `${path}${key}.`);
    if (nested) return nested;
  }
  return null;
}

describe('BOLA: brand B never reaches brand A objects, on every route of the OpenAPI document', () => {
  let operations: Operation[];
  let victim: SeededBrand;
  let worker: AppProcess;
  let secrets: string[];
  let baseline: Array<{ path: string; status: number; body: unknown }>;
  let attacker: ApiClient;
  /** A user who belongs to both brands, acting in B: membership of A must not leak into B's requests. */
  let dualMember: ApiClient;

  beforeAll(async () => {
    operations = await loadOperations(base);
    const context = newContext();
    worker = await stack.startApp('worker', { env: { WORKER_QUEUES: context.queue, WORKER_CONCURRENCY: '4' } });
    const api = ApiClient.forNewBrand(base, 'admin', 7);
    victim = await seedBrand(api, operations, context);
    // Objects only workers make: a completed and a failed task (metrics), a persistent job (checkpoints).
    const done = await api.post('/tasks/', { task_type: 'noop', queue: context.queue, description: context.marker });
    const failed = await api.post('/tasks/', {
      task_type: 'fail',
      queue: context.queue,
      max_retries: 0,
      context_data: { non_retryable: true, message: context.marker },
    });
    const job = await api.post('/tasks/persistent-jobs/persistent-jobs/', {
      task_type: 'seo_keyword_analysis',
      queue: context.queue,
      description: context.marker,
      context_data: { keyword_ids: [1, 2, 3], step_ms: 10 },
    });
    for (const task of [done.body, failed.body]) {
      await eventually(async () => {
        const res = await api.get(`/tasks/${task.id}/`);
        return ['completed', 'failed'].includes(res.body.status) ? res.body : undefined;
      }, { what: `task ${task.id} to finish` });
    }
    if (job.status === 201) {
      await eventually(async () => {
        const res = await api.get(`/tasks/${job.body.task_id}/`);
        return res.body.status === 'completed' ? res.body : undefined;
      }, { what: 'the persistent job to complete' });
    }
    for (const task of [done.body, failed.body]) victim.created.push({ path: `/tasks/${task.id}/`, snapshot: task });
    await harvestLists(victim, operations);
    baseline = await snapshots(victim);
    secrets = [context.marker, context.queue, ...[...victim.ids.values()].flat().filter((v): v is string => typeof v === 'string' && v.startsWith('task_'))];
    attacker = ApiClient.forNewBrand(base, 'admin', 8);
    const bId = newBrandId();
    dualMember = new ApiClient(
      base,
      mintToken({ userId: 7, brands: [{ id: api.brandId, name: 'A', role: 'admin' }, { id: bId, name: 'B', role: 'admin' }] }),
      bId,
    );
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
  });

  it('should have objects of every creation route to attack', () => {
    expect(victim.notCreated).toEqual([]);
    expect(victim.ids.get('/tasks')?.length).toBeGreaterThan(3);
  });

  it('should answer 404 (or 403) to every id route called with ids of another brand, sequential ids or task ids', async () => {
    const probes: Array<Probe & { client: ApiClient }> = [];
    for (const client of [attacker, dualMember]) {
      for (const probe of idRouteProbes(operations, victim.ids, victim.context)) probes.push({ ...probe, client });
    }
    const failures: string[] = [];
    await pool(probes, 16, async (probe) => {
      const reply = await send(`${base}${probe.path}`, {
        method: probe.operation.method,
        headers: headersOf(probe.client, probe.body ? { 'content-type': 'application/json' } : {}),
        body: probe.body,
      });
      const problem = violation(reply, probe, secrets);
      if (problem) failures.push(`${probe.operation.method} ${probe.path}: ${problem}`);
    });
    process.stdout.write(`BOLA: ${probes.length} cross-brand probes on ${new Set(probes.map((p) => label(p.operation))).size} id routes\n`);
    expect(probes.length).toBeGreaterThan(1000);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 180_000);

  it('should leave every object of the victim brand as it was after the attacks', async () => {
    const after = await snapshots(victim);
    expect(baseline.every((b) => b.status === 200)).toBe(true);
    const changed = after.filter((now, i) => now.status !== 200 || !sameObject(now.body, baseline[i].body));
    expect(changed.map((c) => `${c.path}: ${c.status} ${JSON.stringify(c.body).slice(0, 300)}`)).toEqual([]);
  });

  it('should show nothing of the victim brand in any list, search, filter or aggregate of another brand', async () => {
    const victimBrand = String(victim.api.brandId);
    const queries = [
      '',
      `?search=${victim.context.marker}`,
      `?queue=${victim.context.queue}`,
      `?brand_id=${victimBrand}`,
      `?brand=${victimBrand}`,
      `?page_size=200&ordering=-id`,
    ];
    const failures: string[] = [];
    let calls = 0;
    for (const operation of operations.filter((op) => op.method === 'GET' && op.pathParams.length === 0)) {
      for (const query of queries) {
        for (const client of [attacker, dualMember]) {
          calls++;
          const reply = await send(`${base}${pathOf(operation)}${query}`, { method: 'GET', headers: headersOf(client) });
          const path = `${pathOf(operation)}${query}`;
          if (reply.status >= 500) failures.push(`${path}: ${reply.status}`);
          const leaked = secrets.find((s) => reply.text.includes(s));
          if (leaked) failures.push(`${path}: leaks ${leaked}`);
          if (reply.status >= 400 && errorBodyProblem(reply)) failures.push(`${path}: ${errorBodyProblem(reply)}`);
          if (reply.status === 200) {
            const counters = foreignCounters(reply.body);
            if (counters && !SHARED_RESOURCES.test(operation.template)) failures.push(`${path}: ${counters}`);
          }
        }
      }
    }
    process.stdout.write(`BOLA: ${calls} list/aggregate calls of another brand\n`);
    expect(failures).toEqual([]);
  }, 120_000);

  it('should refuse a token of brand A acting with X-Brand-ID of brand B: 403 BRAND_ACCESS_DENIED on every route', async () => {
    const spoofing = { ...headersOf(victim.api), 'x-brand-id': String(attacker.brandId) };
    const failures: string[] = [];
    await pool(operations, 8, async (operation) => {
      const params = Object.fromEntries(operation.pathParams.map((name) => [name, 1]));
      const reply = await send(`${base}${pathOf(operation, params)}`, {
        method: operation.method,
        headers: operation.bodySchema ? { ...spoofing, 'content-type': 'application/json' } : spoofing,
        body: operation.bodySchema ? '{}' : undefined,
      });
      if (reply.status !== 403 || reply.body?.error_code !== 'BRAND_ACCESS_DENIED' || errorBodyProblem(reply)) {
        failures.push(`${label(operation)}: ${reply.status} ${reply.text.slice(0, 200)}`);
      }
    });
    expect(failures).toEqual([]);
  });
});

/** Equal as the owner sees them, apart from fields that move by themselves (workers' liveness). */
function sameObject(now: unknown, before: unknown): boolean {
  const strip = (value: unknown) => JSON.stringify(value, (key, v) => (['last_seen', 'age_seconds'].includes(key) ? undefined : v));
  return strip(now) === strip(before);
}
