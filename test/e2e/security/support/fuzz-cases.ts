import * as contracts from '@app/contracts';
import { dtoClass, Field, fieldsOf, validBody, BodyContext } from './bodies';
import { Operation } from './openapi';
import { Prng } from './prng';

/** One malformed request. `raw` requests go byte by byte on a socket (duplicate headers, smuggling). */
export type FuzzCase = {
  index: number;
  kind: string;
  operation: Operation;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  raw?: { head: string; body: string };
};

export type FuzzTarget = {
  context: BodyContext;
  /** Valid path values of the fuzzing brand's own objects, per operation. */
  validIds: (operation: Operation) => Array<string | number>;
  authHeaders: Record<string, string>;
};

const SQL = ["' OR '1'='1", "'; DROP TABLE tasks; --", '" OR ""="', '1; SELECT pg_sleep(10)', "%' AND 1=1 --", '\\', "'", '%', '_', '$1', '1 UNION SELECT NULL--'];
const UNICODE = ['😀'.repeat(50), '\u202egnp.exe', 'a\u200bb', 'é'.normalize('NFD').repeat(20), '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '١٢٣', '２０２０-01-01', 'İ', 'ﬀ', '\ufeffbom'];
const UNSTORABLE = ['\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\uffff'];
const NUMBERS_RAW = ['1e309', '-1e309', '123456789012345678901234567890', '-0', '0.1e-400', '1.7976931348623157e308', '9007199254740993'];

function hugeString(rng: Prng): string {
  return rng.pick(['A', '😀', 'é', '\\u0041']).repeat(rng.pick([1_000, 70_000, 300_000]));
}

function nested(rng: Prng, depth: number): unknown {
  let value: unknown = rng.pick([1, 'x', null, {}, []]);
  const asArray = rng.chance(0.5);
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

function deepText(rng: Prng, depth: number): string {
  return rng.chance(0.5) ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** A value of some other type than the field expects, or a hostile value of its own type. */
function hostileValue(rng: Prng): unknown {
  switch (rng.int(0, 11)) {
    case 0:
      return null;
    case 1:
      return rng.pick([true, false]);
    case 2:
      return rng.pick([0, -1, 1.5, -(2 ** 31), 2 ** 53 + 2, 1e308, -1e308, Number.MIN_VALUE]);
    case 3:
      return rng.pick(['', ' ', 'x', 'true', '1', '2031-02-30T25:61:00Z', 'null', 'undefined', 'NaN']);
    case 4:
      return rng.pick([[], [1, 'a', null], [[[]]], [{}]]);
    case 5:
      return rng.pick<unknown>([{}, { a: 1 }, { __proto_: 1 }, { toString: 'x', valueOf: 1 }]);
    case 6:
      return rng.pick(SQL);
    case 7:
      return rng.pick(UNICODE);
    case 8:
      return rng.pick(UNSTORABLE);
    case 9:
      return hugeString(rng);
    case 10:
      return nested(rng, rng.int(10, 1000));
    default:
      return rng.pick(['<script>alert(1)</script>', '${7*7}', '{{7*7}}', '../../etc/passwd', 'http://169.254.169.254/', '\r\nX-Injected: 1']);
  }
}

/** Names of every query parameter any list DTO declares, plus the shared pagination ones. */
export function knownQueryParams(): string[] {
  const names = new Set(['page', 'page_size', 'ordering', 'search', 'status', 'from', 'to', 'period', 'count']);
  for (const [name, value] of Object.entries(contracts)) {
    if (/Query$/.test(name) && typeof value === 'function') fieldsOf(value).forEach((f) => names.add(f.name));
  }
  return [...names];
}

function bodyCase(rng: Prng, operation: Operation, target: FuzzTarget): { kind: string; body: string; contentType?: string } {
  const valid = validBody(operation.bodySchema, target.context) ?? {};
  const fields: Field[] = fieldsOf(dtoClass(operation.bodySchema) ?? Object);
  const names = fields.length > 0 ? fields.map((f) => f.name) : Object.keys(valid);
  const field = names.length > 0 ? rng.pick(names) : 'x';
  const mutate = (value: unknown) => JSON.stringify({ ...valid, [field]: value });
  switch (rng.int(0, 12)) {
    case 0:
    case 1:
    case 2:
      return { kind: `body.${field}=hostile`, body: mutate(hostileValue(rng)) };
    case 3:
      return { kind: 'body.all-null', body: JSON.stringify(Object.fromEntries(names.map((n) => [n, null]))) };
    case 4:
      return { kind: 'body.root-not-object', body: rng.pick(['[]', '[{}]', `[${JSON.stringify(valid)}]`, '"x"', '42', 'null', 'true', '{}']) };
    case 5:
      // Written as text: deeper than the test's own JSON.stringify could go.
      return { kind: 'body.deep', body: mutate('\u0001DEEP').replace('"\\u0001DEEP"', deepText(rng, rng.int(40, 50_000))) };
    case 6:
      return { kind: 'body.unknown-field', body: JSON.stringify({ ...valid, [rng.pick(['zzz', 'constructor', 'prototype', '__proto_', 'toString', '', ' ', 'a.b', '$where'])]: 1 }) };
    case 7:
      return { kind: 'body.proto-key', body: rng.pick(['{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', `{"${field}":{"__proto__":{"admin":true}}}`]) };
    case 8: {
      const text = JSON.stringify(valid);
      const broken = rng.pick([text.slice(0, Math.max(1, text.length - 3)), `${text},`, text.replace(/"/g, "'"), `\ufeff${text}`, `${text}//`, '{"a":NaN}', '{', '}{', '\u0000', '{"a":1,,}']);
      return { kind: 'body.invalid-json', body: broken };
    }
    case 9: {
      const number = rng.pick(NUMBERS_RAW);
      return { kind: `body.${field}=raw-number`, body: `${JSON.stringify({ ...valid, [field]: 0 }).slice(0, -1).replace(`"${field}":0`, `"${field}":${number}`)}}` };
    }
    case 10:
      return { kind: `body.${field}=unstorable`, body: mutate(rng.pick(UNSTORABLE)) };
    case 11:
      return { kind: 'body.wrong-content-type', body: JSON.stringify(valid), contentType: rng.pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/jsonx', 'APPLICATION/JSON', 'application/json, text/plain']) };
    default:
      return { kind: 'body.huge-field', body: mutate(hugeString(rng)) };
  }
}

/** encodeURIComponent, except that a lone surrogate becomes its (invalid UTF-8) WTF-8 bytes instead of throwing. */
function encodeLoose(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    out += code >= 0xd800 && code <= 0xdfff ? `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}` : encodeURIComponent(char);
  }
  return out;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function queryCase(rng: Prng, params: string[]): { kind: string; query: string } {
  const enc = encodeLoose;
  const name = rng.pick(params);
  switch (rng.int(0, 7)) {
    case 0:
      return { kind: `query.${name}=sql`, query: `${name}=${enc(rng.pick(SQL))}` };
    case 1:
      return { kind: `query.${name}=garbage`, query: `${name}=${enc(asText(hostileValue(rng)).slice(0, 20_000))}` };
    case 2:
      return { kind: `query.${name}=raw-escape`, query: `${name}=${rng.pick(['%00', '%ff', '%', '%zz', '%C0%AF', '%uD800', '%F0%9F%98%80', '+', '%2B%2B'])}` };
    case 3:
      return { kind: `query.${name}=repeated`, query: `${name}=1&${name}=2&${name}[]=3` };
    case 4:
      return { kind: 'query.unknown', query: `${rng.pick(['zzz', 'brand_id', 'brand', 'limit', 'offset', 'where', 'sql'])}=${enc(rng.pick(SQL))}` };
    case 5:
      return { kind: 'query.proto', query: rng.pick(['__proto__[admin]=1', 'constructor[prototype][admin]=1', '__proto__=1', 'a[b][c][d]=1', `${name}[__proto__]=1`]) };
    case 6:
      return { kind: 'query.numbers', query: `${rng.pick(['page', 'page_size', name])}=${rng.pick(['-1', '0', '1e309', '1.5', '99999999999999999999', '0x10', ' 1', 'NaN'])}` };
    default:
      return { kind: 'query.many', query: Array.from({ length: rng.int(50, 600) }, (_, i) => `p${i}=${i}`).join('&') };
  }
}

const GARBAGE_IDS = ['0', '-1', '1.5', '1e3', '99999999999999999999', 'abc', "1' OR '1'='1", '%00', '..', '%2e%2e%2f', '%ff', `task_${'a'.repeat(41)}`, 'x'.repeat(250), '١', ' 1', '0x10', 'null', 'task_', 'TASK_ABC'];

function headerCase(rng: Prng, auth: Record<string, string>, brandId: string): { kind: string; headers?: Record<string, string>; raw?: string } {
  switch (rng.int(0, 8)) {
    case 0:
      return { kind: 'header.x-brand-id', headers: { ...auth, 'x-brand-id': rng.pick(['0', '-1', '1e3', ' ', '99999999999999999999', "' OR 1=1 --", 'null', '9,9', `${brandId}.0`, `+${brandId}`, '0x10']) } };
    case 1:
      return { kind: 'header.duplicate-x-brand-id', raw: `X-Brand-ID: ${brandId}\r\nX-Brand-ID: ${rng.int(1, 1e9)}` };
    case 2:
      return { kind: 'header.big', headers: { ...auth, 'x-filler': 'a'.repeat(rng.pick([4_000, 12_000, 20_000, 70_000])) } };
    case 3:
      return { kind: 'header.many', headers: { ...auth, ...Object.fromEntries(Array.from({ length: rng.int(100, 900) }, (_, i) => [`x-h${i}`, 'v'])) } };
    case 4:
      return { kind: 'header.correlation', headers: { ...auth, 'x-correlation-id': rng.pick(['a'.repeat(5000), '../../x', '<script>', '%00', ' ', 'ä']) } };
    case 5:
      return { kind: 'header.idempotency-key', headers: { ...auth, 'idempotency-key': rng.pick(['', 'k'.repeat(300), 'ä', "' OR 1=1"]) } };
    case 6:
      return { kind: 'header.smuggling', raw: 'Transfer-Encoding: chunked\r\nContent-Length: 4' };
    case 7:
      return { kind: 'header.accept', headers: { ...auth, accept: rng.pick(['text/html', '*/*;q=0', 'application/xml', 'x/y', '']) } };
    default:
      return { kind: 'header.content-length-lie', raw: 'Content-Type: application/json\r\nContent-Length: 100' };
  }
}

/** The `index`-th case: deterministic for a seed, covering every operation in turn. */
export function fuzzCase(root: Prng, index: number, operations: Operation[], target: FuzzTarget, queryParams: string[]): FuzzCase {
  const rng = root.fork(index);
  const operation = operations[index % operations.length];
  const ids = target.validIds(operation);
  const idValue = () => (ids.length > 0 && rng.chance(0.5) ? rng.pick(ids) : rng.pick(GARBAGE_IDS));
  const params = Object.fromEntries(operation.pathParams.map((name) => [name, idValue()]));
  // Garbage ids are put in the path as they are (already escaped or deliberately not).
  let path = operation.template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = String(params[name]);
    return GARBAGE_IDS.includes(value) ? value : encodeURIComponent(value);
  });
  if (!path.endsWith('/')) path = `${path}/`;
  const base: FuzzCase = { index, kind: 'path', operation, method: operation.method, path, headers: { ...target.authHeaders } };
  const hasBody = operation.bodySchema !== undefined;
  const roll = rng.int(0, 9);
  if (roll <= 4 && hasBody) {
    const c = bodyCase(rng, operation, target);
    return { ...base, kind: c.kind, body: c.body, headers: { ...base.headers, 'content-type': c.contentType ?? 'application/json' } };
  }
  if (roll <= 6) {
    const q = queryCase(rng, [...new Set([...queryParams, ...operation.queryParams])]);
    const body = hasBody ? JSON.stringify(validBody(operation.bodySchema, target.context) ?? {}) : undefined;
    const headers = hasBody ? { ...base.headers, 'content-type': 'application/json' } : base.headers;
    return { ...base, kind: q.kind, path: `${path}?${q.query}`, body, headers };
  }
  if (roll <= 8) {
    const h = headerCase(rng, target.authHeaders, target.authHeaders['x-brand-id']);
    if (h.raw) {
      const body = hasBody ? JSON.stringify(validBody(operation.bodySchema, target.context) ?? {}) : '';
      const auth = `Authorization: ${target.authHeaders.authorization}`;
      const head = `${operation.method} ${path} HTTP/1.1\r\nHost: localhost\r\n${auth}\r\n${h.raw}\r\nConnection: close`;
      const needsId = !/X-Brand-ID/.test(h.raw) ? `\r\nX-Brand-ID: ${target.authHeaders['x-brand-id']}` : '';
      return { ...base, kind: h.kind, raw: { head: head + needsId, body } };
    }
    return { ...base, kind: h.kind, headers: h.headers ?? base.headers };
  }
  // The path alone (garbage or valid ids), and a body on a route that takes none.
  if (!hasBody && operation.method !== 'GET' && rng.chance(0.5)) {
    return { ...base, kind: 'path+unexpected-body', body: JSON.stringify({ zzz: 1 }), headers: { ...base.headers, 'content-type': 'application/json' } };
  }
  return base;
}
