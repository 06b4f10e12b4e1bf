import { AppProcess, freePort, newBrandId, TEST_JWT_SECRET } from '@app/testing';
import { generateKeyPairSync } from 'node:crypto';
import { sharedStack } from '../stack-file';
import { errorBodyProblem, pool, send } from './support/http';
import { b64url, claimsFor, ecToken, hmacToken, now, pssToken, randomGarbage, rsaToken, unsigned, without } from './support/jwt';
import { label, loadOperations, Operation, pathOf } from './support/openapi';

const stack = sharedStack();
const base = stack.info.gatewayUrl;

type Attack = { name: string; authorization: string };

/** Every route of the document with each bad credential: all 401 NOT_AUTHENTICATED in the error format. */
async function expectAllRefused(gatewayUrl: string, operations: Operation[], brandId: number, attacks: Attack[]): Promise<number> {
  const cases = operations.flatMap((operation) => attacks.map((attack) => ({ operation, attack })));
  const failures: string[] = [];
  await pool(cases, 12, async ({ operation, attack }) => {
    const params = Object.fromEntries(operation.pathParams.map((name) => [name, 1]));
    const reply = await send(`${gatewayUrl}${pathOf(operation, params)}`, {
      method: operation.method,
      headers: {
        authorization: attack.authorization,
        'x-brand-id': String(brandId),
        ...(operation.bodySchema ? { 'content-type': 'application/json' } : {}),
      },
      body: operation.bodySchema ? '{}' : undefined,
    });
    // A header block larger than the server accepts is refused before any route: 431 is a refusal too.
    if (reply.status === 431) return;
    if (reply.status !== 401 || reply.body?.error_code !== 'NOT_AUTHENTICATED' || errorBodyProblem(reply)) {
      failures.push(`${attack.name} → ${label(operation)}: ${reply.status} ${reply.text.slice(0, 160)}`);
    }
  });
  expect(failures.slice(0, 20)).toEqual([]);
  return cases.length;
}

async function status(gatewayUrl: string, authorization: string, brandId: number): Promise<number> {
  const reply = await send(`${gatewayUrl}/tasks/`, { method: 'GET', headers: { authorization, 'x-brand-id': String(brandId) } });
  return reply.status;
}

describe('JWT attacks on every route', () => {
  let operations: Operation[];
  const brandId = newBrandId();
  const bearer = (token: string) => `Bearer ${token}`;

  beforeAll(async () => {
    operations = await loadOperations(base);
  });

  describe('against the HS256 gateway of the shared stack', () => {
    it('should accept a well-formed token, and one expired by less than the allowed clock skew (the controls)', async () => {
      await expect(status(base, bearer(hmacToken(claimsFor(brandId), TEST_JWT_SECRET)), brandId)).resolves.toBe(200);
      await expect(status(base, bearer(hmacToken(claimsFor(brandId, { exp: now() - 5 }), TEST_JWT_SECRET)), brandId)).resolves.toBe(200);
    });

    it('should refuse forged, unsigned, expired, premature, incomplete and garbage tokens with 401', async () => {
      const good = claimsFor(brandId);
      const sign = (claims: Record<string, unknown>) => hmacToken(claims, TEST_JWT_SECRET);
      const valid = sign(good);
      const [header, , signature] = valid.split('.');
      const otherBrandClaims = claimsFor(brandId, { brands: [{ id: brandId + 1, name: 'x', role: 'admin' }] });
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const attacks: Attack[] = [
        { name: 'alg none', authorization: bearer(`${unsigned({ alg: 'none', typ: 'JWT' }, good)}.`) },
        { name: 'alg none, no trailing dot', authorization: bearer(unsigned({ alg: 'none', typ: 'JWT' }, good)) },
        { name: 'alg None', authorization: bearer(`${unsigned({ alg: 'None', typ: 'JWT' }, good)}.`) },
        { name: 'alg NONE with a copied signature', authorization: bearer(`${unsigned({ alg: 'NONE' }, good)}.${signature}`) },
        { name: 'wrong secret', authorization: bearer(hmacToken(good, 'not-the-secret')) },
        { name: 'empty secret', authorization: bearer(hmacToken(good, '')) },
        { name: 'HS512 (algorithm not allowed)', authorization: bearer(hmacToken(good, TEST_JWT_SECRET, 'HS512')) },
        { name: 'RS256 (other family)', authorization: bearer(rsaToken(good, privateKey)) },
        { name: 'claims changed after signing', authorization: bearer(`${header}.${b64url(JSON.stringify(otherBrandClaims))}.${signature}`) },
        { name: 'signature stripped', authorization: bearer(`${header}.${valid.split('.')[1]}.`) },
        { name: 'expired beyond the skew', authorization: bearer(sign({ ...good, exp: now() - 120 })) },
        { name: 'not valid yet (nbf)', authorization: bearer(sign({ ...good, nbf: now() + 600 })) },
        { name: 'no exp', authorization: bearer(sign(without(good, 'exp'))) },
        { name: 'exp as a string', authorization: bearer(sign({ ...good, exp: String(now() + 600) })) },
        { name: 'no sub', authorization: bearer(sign(without(good, 'sub'))) },
        { name: 'sub not a user id', authorization: bearer(sign({ ...good, sub: 'admin' })) },
        { name: 'sub zero', authorization: bearer(sign({ ...good, sub: 0 })) },
        { name: 'no username', authorization: bearer(sign(without(good, 'username'))) },
        { name: 'no brands', authorization: bearer(sign(without(good, 'brands'))) },
        { name: 'brands not a list', authorization: bearer(sign({ ...good, brands: { id: brandId, role: 'admin' } })) },
        { name: 'unknown role', authorization: bearer(sign({ ...good, brands: [{ id: brandId, name: 'x', role: 'owner' }] })) },
        { name: 'brand id as a string', authorization: bearer(sign({ ...good, brands: [{ id: String(brandId), name: 'x', role: 'admin' }] })) },
        { name: 'kid path traversal', authorization: bearer(hmacToken(good, '', 'HS256', { kid: '../../../../dev/null' })) },
        { name: 'jku pointing elsewhere', authorization: bearer(hmacToken(good, 'attacker', 'HS256', { jku: 'http://127.0.0.1:9/jwks' })) },
        { name: 'payload not JSON', authorization: bearer(`${header}.${b64url('not json')}.${signature}`) },
        { name: 'garbage', authorization: bearer('garbage') },
        { name: 'three dots', authorization: bearer('a.b.c') },
        { name: 'empty segments', authorization: bearer('..') },
        { name: 'four segments', authorization: bearer(`${valid}.x`) },
        { name: 'random base64', authorization: bearer(`${randomGarbage(30)}.${randomGarbage(60)}.${randomGarbage(32)}`) },
        { name: 'latin-1 bytes', authorization: bearer('ëyJhbGciOi.ÿþ.©') },
        { name: 'empty bearer', authorization: 'Bearer ' },
        { name: 'basic scheme', authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
        { name: 'token without scheme', authorization: valid },
        { name: 'oversized (12 KB)', authorization: bearer(`${header}.${randomGarbage(9000)}.${signature}`) },
        { name: 'oversized (64 KB)', authorization: bearer(randomGarbage(48_000)) },
      ];
      const count = await expectAllRefused(base, operations, brandId, attacks);
      process.stdout.write(`JWT: ${count} attack requests on ${operations.length} routes of the HS256 gateway\n`);
    }, 120_000);

    it('should refuse a request without any token', async () => {
      await expectAllRefused(base, operations, brandId, [{ name: 'no token', authorization: '' }]);
    });
  });

  describe('against a second gateway pinned to RS256 with an issuer and an audience', () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const issuer = 'https://id.megahub.test';
    const audience = 'megahub-tasks';
    let gateway: AppProcess;
    let url: string;

    beforeAll(async () => {
      const port = await freePort();
      gateway = await stack.startApp('gateway', {
        label: 'gateway-rs256',
        env: {
          GATEWAY_PORT: String(port),
          JWT_ALGORITHMS: 'RS256',
          // One line with \n escapes, as an orchestrator's secret usually holds it.
          JWT_PUBLIC_KEY: publicPem.replace(/\n/g, '\\n'),
          JWT_ISSUER: issuer,
          JWT_AUDIENCE: audience,
        },
      });
      url = `http://127.0.0.1:${port}`;
    });

    afterAll(async () => {
      await gateway?.stop();
    });

    const good = () => claimsFor(brandId, { iss: issuer, aud: audience });

    it('should accept an RS256 token of its key, issuer and audience (the control)', async () => {
      await expect(status(url, bearer(rsaToken(good(), keys.privateKey)), brandId)).resolves.toBe(200);
    });

    it('should refuse HS/RS confusion, other keys and algorithms, and a wrong issuer or audience', async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const derSecret = keys.publicKey.export({ type: 'spki', format: 'der' });
      const attacks: Attack[] = [
        { name: 'HS256 signed with the public key PEM', authorization: bearer(hmacToken(good(), publicPem)) },
        { name: 'HS256 signed with the PEM without its last newline', authorization: bearer(hmacToken(good(), publicPem.trimEnd())) },
        { name: 'HS256 signed with the public key DER', authorization: bearer(hmacToken(good(), derSecret)) },
        { name: 'HS512 signed with the public key PEM', authorization: bearer(hmacToken(good(), publicPem, 'HS512')) },
        { name: 'HS256 with the dev secret', authorization: bearer(hmacToken(good(), TEST_JWT_SECRET)) },
        { name: 'alg none', authorization: bearer(`${unsigned({ alg: 'none' }, good())}.`) },
        { name: 'RS256 of another key', authorization: bearer(rsaToken(good(), other.privateKey)) },
        { name: 'RS512 (not pinned) of the right key', authorization: bearer(rsaToken(good(), keys.privateKey, 'RS512')) },
        { name: 'PS256 (not pinned) of the right key', authorization: bearer(pssToken(good(), keys.privateKey)) },
        { name: 'ES256 of another key', authorization: bearer(ecToken(good(), ec.privateKey)) },
        { name: 'no issuer', authorization: bearer(rsaToken(without(good(), 'iss'), keys.privateKey)) },
        { name: 'another issuer', authorization: bearer(rsaToken({ ...good(), iss: 'https://evil.test' }, keys.privateKey)) },
        { name: 'no audience', authorization: bearer(rsaToken(without(good(), 'aud'), keys.privateKey)) },
        { name: 'another audience', authorization: bearer(rsaToken({ ...good(), aud: 'megahub-billing' }, keys.privateKey)) },
        { name: 'expired', authorization: bearer(rsaToken({ ...good(), exp: now() - 3600 }, keys.privateKey)) },
        { name: 'not valid yet', authorization: bearer(rsaToken({ ...good(), nbf: now() + 3600 }, keys.privateKey)) },
      ];
      const count = await expectAllRefused(url, operations, brandId, attacks);
      process.stdout.write(`JWT: ${count} attack requests on the RS256 gateway\n`);
    }, 120_000);
  });
});
