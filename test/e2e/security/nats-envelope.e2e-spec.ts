import * as contracts from '@app/contracts';
import { ApiClient } from '@app/testing';
import { connect, headers as natsHeaders, NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { sharedStack } from '../stack-file';
import { harvestLists, newContext, seedBrand, SeededBrand, snapshots } from './support/fixtures';
import { pool, send } from './support/http';
import { loadOperations } from './support/openapi';

const stack = sharedStack();
const { namespace, natsUrl, gatewayUrl } = stack.info;

type RpcError = { error_code?: string; detail?: string; field_errors?: Record<string, string[]> };
type Reply = { kind: 'reply'; err?: RpcError; response?: unknown; raw: string } | { kind: 'none'; reason: string };

// Request/reply subjects of the contracts: every `*Subject` object but health checks (no envelope by
// design) and broadcasts nobody answers (work.available and work.unpark are core NATS publishes).
function requestSubjects(): string[] {
  const subjects: string[] = [];
  for (const [name, value] of Object.entries(contracts)) {
    if (!/Subject$/.test(name) || name === 'HealthSubject' || typeof value !== 'object' || value === null) continue;
    for (const subject of Object.values(value as Record<string, string>)) {
      if (typeof subject === 'string' && !contracts.CORE_BROADCAST_SUBJECTS.includes(subject)) subjects.push(subject);
    }
  }
  return subjects;
}

describe('NATS: service subjects refuse requests without the expected envelope', () => {
  let nc: NatsConnection;
  let victim: SeededBrand;
  let served: string[];
  const notServed: string[] = [];
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const validActor = (brandId: number) => ({ brand_id: brandId, brand_name: 'x', user_id: 5, username: 'mallory', role: 'admin' });

  /** One request in Nest's wire format `{pattern, data, id}` (or raw bytes), answered `{err, response}`. */
  async function request(subject: string, payload: unknown, options: { raw?: Uint8Array; timeoutMs?: number } = {}): Promise<Reply> {
    const body = options.raw ?? encoder.encode(JSON.stringify({ pattern: subject, data: payload, id: randomUUID() }));
    try {
      const message = await nc.request(`${namespace}.${subject}`, body, { timeout: options.timeoutMs ?? 5000, headers: natsHeaders() });
      const raw = decoder.decode(message.data);
      const parsed = JSON.parse(raw) as { err?: RpcError; response?: unknown };
      return { kind: 'reply', err: parsed.err, response: parsed.response, raw };
    } catch (error) {
      return { kind: 'none', reason: String((error as { code?: string }).code ?? error) };
    }
  }

  beforeAll(async () => {
    nc = await connect({ servers: natsUrl.split(','), name: 'security-suite' });
    const operations = await loadOperations(gatewayUrl);
    victim = await seedBrand(ApiClient.forNewBrand(gatewayUrl, 'admin', 31), operations, newContext(), 2);
    await harvestLists(victim, operations);
    served = [];
    for (const subject of requestSubjects()) {
      const probe = await request(subject, {}, { timeoutMs: 3000 });
      if (probe.kind === 'none' && probe.reason === '503') notServed.push(subject);
      else served.push(subject);
    }
    process.stdout.write(`NATS: ${served.length} request subjects served, not served: ${notServed.join(', ') || 'none'}\n`);
  }, 120_000);

  afterAll(async () => {
    await nc?.close();
  });

  it('should serve the request subjects of every service', () => {
    for (const prefix of ['core.', 'monitoring.', 'persistence.', 'scheduling.']) {
      expect(served.some((s) => s.startsWith(prefix))).toBe(true);
    }
  });

  it('should answer VALIDATION_FAILED to a missing, malformed or over-complete envelope on every subject', async () => {
    const actor = validActor(victim.api.brandId + 1);
    // Worker subjects carry no actor (a worker serves every brand): for them `actor` is an unknown field.
    const takesActor = new Map<string, boolean>();
    for (const subject of served) {
      const reply = await request(subject, { actor });
      takesActor.set(subject, !(reply.kind === 'reply' && reply.err?.field_errors?.actor?.includes('unknown field')));
    }
    // [case, payload, the field the refusal must name (undefined: any validation error)]
    const cases: Array<[string, unknown, string | undefined]> = [
      ['an empty payload', {}, undefined],
      ['no payload', null, undefined],
      ['a string payload', 'core.task.get', undefined],
      ['a list payload', [actor], undefined],
      ['a number payload', 42, undefined],
      ['no actor', { id: 1 }, 'actor'],
      ['an actor that is not an object', { actor: 'admin', id: 1 }, 'actor'],
      ['an actor without brand', { actor: { ...actor, brand_id: undefined }, id: 1 }, 'actor'],
      ['a negative brand', { actor: { ...actor, brand_id: -1 }, id: 1 }, 'actor'],
      ['a brand as a string', { actor: { ...actor, brand_id: String(actor.brand_id) }, id: 1 }, 'actor'],
      ['a fractional brand', { actor: { ...actor, brand_id: 1.5 }, id: 1 }, 'actor'],
      ['an unknown role', { actor: { ...actor, role: 'superuser' }, id: 1 }, 'actor'],
      ['an actor with an extra field', { actor: { ...actor, is_superuser: true }, id: 1 }, 'actor'],
      ['an unknown top-level field', { actor, brand_override: 1 }, 'brand_override'],
      ['a NUL byte', { actor: { ...actor, username: 'a\u0000b' }, id: 1 }, 'actor'],
    ];
    const failures: string[] = [];
    let count = 0;
    for (const subject of served) {
      for (const [name, payload, field] of cases) {
        count++;
        const reply = await request(subject, payload);
        const named = Object.keys((reply.kind === 'reply' && reply.err?.field_errors) || {});
        const ok =
          reply.kind === 'reply' &&
          reply.err?.error_code === 'VALIDATION_FAILED' &&
          reply.response === undefined &&
          (field === undefined || (field === 'actor' && !takesActor.get(subject)) || named.some((k) => k === field || k.startsWith(`${field}.`)));
        if (!ok) failures.push(`${subject} with ${name}: ${reply.kind === 'reply' ? reply.raw.slice(0, 200) : `no reply (${reply.reason})`}`);
      }
    }
    process.stdout.write(`NATS: ${count} malformed envelopes on ${served.length} subjects\n`);
    expect(failures).toEqual([]);
  }, 180_000);

  it('should survive bytes that are not a JSON envelope, and events sent to request subjects', async () => {
    const failures: string[] = [];
    for (const subject of served) {
      for (const raw of ['not json', '{"pattern":', '\u0000\u0001', '']) {
        const reply = await request(subject, undefined, { raw: encoder.encode(raw), timeoutMs: 3000 });
        if (reply.kind !== 'reply' || reply.err?.error_code !== 'VALIDATION_FAILED') {
          failures.push(`${subject} with ${JSON.stringify(raw)}: ${reply.kind === 'reply' ? reply.raw.slice(0, 200) : `no reply (${reply.reason})`}`);
        }
      }
      // No id: Nest treats it as an event; nobody answers, nobody must crash.
      nc.publish(`${namespace}.${subject}`, encoder.encode(JSON.stringify({ pattern: subject, data: { actor: 'x' } })));
      nc.publish(`${namespace}.${subject}`, encoder.encode('garbage'));
    }
    await nc.flush();
    expect(failures).toEqual([]);
    const health = await send(`${gatewayUrl}/health`, { method: 'GET' });
    expect(health.body).toMatchObject({ status: 'ok' });
  }, 120_000);

  it('should never answer a well-formed actor of another brand with the victim brand objects', async () => {
    const attacker = validActor(victim.api.brandId + 1);
    // A few ids of each of the victim's collections (tasks by id and task_id too).
    const ids = [...new Set([...victim.ids.values()].flatMap((list) => list.slice(0, 3)))];
    const subjects = served.filter((s) => !/\.(create|validate|bulk_create)$/.test(s) && !s.startsWith('core.work.'));
    const requests = subjects.flatMap((subject) =>
      ids.flatMap((id) =>
        [{ actor: attacker, id }, { actor: attacker, ref: String(id) }, { actor: attacker, id, query: {} }, { actor: attacker, query: {} }].map(
          (payload) => ({ subject, payload }),
        ),
      ),
    );
    const failures: string[] = [];
    await pool(requests, 16, async ({ subject, payload }) => {
      const reply = await request(subject, payload);
      if (reply.kind !== 'reply') failures.push(`${subject} ${JSON.stringify(payload)}: no reply (${reply.reason})`);
      else if (reply.raw.includes(victim.context.marker) || reply.raw.includes(victim.context.queue)) failures.push(`${subject}: leaks ${reply.raw.slice(0, 200)}`);
      else if (reply.err?.error_code === 'INTERNAL_ERROR') failures.push(`${subject} ${JSON.stringify(payload)}: ${reply.raw.slice(0, 200)}`);
    });
    const count = requests.length;
    process.stdout.write(`NATS: ${count} cross-brand requests with a forged-but-valid actor\n`);
    expect(failures).toEqual([]);
    const after = await snapshots(victim);
    expect(after.filter((s) => s.status !== 200).map((s) => s.path)).toEqual([]);
  }, 180_000);
});
