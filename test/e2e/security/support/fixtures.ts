import { ApiClient } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { BodyContext, validBody } from './bodies';
import { send } from './http';
import { collectionOf, creationOperations, label, Operation, pathOf } from './openapi';

/** What a brand owns after seeding: ids per collection (the path template before its first `{param}`). */
export type SeededBrand = {
  api: ApiClient;
  context: BodyContext;
  /** Collection → ids (numbers, and `task_…` ids for tasks). */
  ids: Map<string, Array<string | number>>;
  /** Every object created through a POST, to compare before and after an attack. */
  created: Array<{ path: string; snapshot: unknown }>;
  /** Creation routes that did not accept our body (reported, so a new route is not silently skipped). */
  notCreated: string[];
};

export function newContext(): BodyContext {
  const token = randomBytes(6).toString('hex');
  return { marker: `secmark${token}`, queue: `q-sec-${token}` };
}

export function headersOf(api: ApiClient, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${api.token}`, 'x-brand-id': String(api.brandId), ...extra };
}

function addId(ids: Map<string, Array<string | number>>, collection: string, id: unknown): void {
  if (typeof id !== 'number' && typeof id !== 'string') return;
  const list = ids.get(collection) ?? [];
  if (!list.includes(id)) list.push(id);
  ids.set(collection, list);
}

/** Ids an answer names: its own `id`, and the `task_id` of the task behind it (jobs, runs, metrics…). */
function harvest(ids: Map<string, Array<string | number>>, collection: string, object: any): void {
  if (typeof object !== 'object' || object === null) return;
  addId(ids, collection, object.id);
  if (typeof object.task_id === 'string') addId(ids, '/tasks', object.task_id);
  if (collection === '/tasks' && typeof object.id === 'number') addId(ids, '/tasks', object.id);
}

/** Creates `copies` objects through every creation route of the document, in the client's brand. */
export async function seedBrand(api: ApiClient, operations: Operation[], context: BodyContext, copies = 3): Promise<SeededBrand> {
  const seeded: SeededBrand = { api, context, ids: new Map(), created: [], notCreated: [] };
  for (const operation of creationOperations(operations)) {
    for (let i = 0; i < copies; i++) {
      const body = validBody(operation.bodySchema, context);
      const reply = await send(`${api.baseUrl}${pathOf(operation)}`, {
        method: 'POST',
        headers: headersOf(api, { 'content-type': 'application/json' }),
        body: JSON.stringify(body),
      });
      if (reply.status !== 201 && reply.status !== 200) {
        seeded.notCreated.push(`${label(operation)} → ${reply.status} ${reply.text.slice(0, 300)}`);
        break;
      }
      harvest(seeded.ids, collectionOf(operation), reply.body);
      if (typeof reply.body?.id === 'number' || typeof reply.body?.id === 'string') {
        seeded.created.push({ path: `${collectionOf(operation)}/${encodeURIComponent(String(reply.body.id))}/`, snapshot: reply.body });
      }
    }
  }
  return seeded;
}

/** Adds the ids of everything the brand can list (objects made by workers too: metrics, checkpoints…). */
export async function harvestLists(seeded: SeededBrand, operations: Operation[]): Promise<void> {
  for (const operation of operations) {
    if (operation.method !== 'GET' || operation.pathParams.length > 0) continue;
    const reply = await send(`${seeded.api.baseUrl}${pathOf(operation)}?page_size=200`, {
      method: 'GET',
      headers: headersOf(seeded.api),
    });
    if (reply.status !== 200 || !Array.isArray(reply.body?.results)) continue;
    for (const item of reply.body.results) harvest(seeded.ids, operation.template, item);
  }
}

/** The current state of every created object, as its owner sees it. */
export async function snapshots(seeded: SeededBrand): Promise<Array<{ path: string; status: number; body: unknown }>> {
  const out = [];
  for (const { path } of seeded.created) {
    const reply = await send(`${seeded.api.baseUrl}${path}`, { method: 'GET', headers: headersOf(seeded.api) });
    out.push({ path, status: reply.status, body: reply.body });
  }
  return out;
}
