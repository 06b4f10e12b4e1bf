import { decodeToken } from './token';

function jwt(payload: unknown): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

const brands = [
  { id: 9, name: 'Humari', role: 'admin' },
  { id: 12, name: 'Labs', role: 'viewer' },
];
const NOW = Date.parse('2026-11-29T10:00:00Z');

describe('decodeToken', () => {
  it('should read the user and the brands of a token, for display', () => {
    const decoded = decodeToken(jwt({ sub: '1', username: 'martin', brands, exp: NOW / 1000 + 60 }), NOW);
    expect(decoded).toEqual({ ok: true, userId: '1', username: 'martin', brands, expiresAt: NOW + 60_000 });
  });

  it('should accept a pasted "Bearer" prefix and non-ASCII names (UTF-8 in base64url)', () => {
    const decoded = decodeToken(
      `Bearer ${jwt({ sub: '2', username: 'zoë', brands: [{ id: 3, name: 'Café Ü', role: 'editor' }] })}`,
      NOW,
    );
    expect(decoded).toMatchObject({
      ok: true,
      username: 'zoë',
      brands: [{ name: 'Café Ü' }],
      expiresAt: null,
    });
  });

  it('should refuse what is not a JWT, an unreadable payload, an expired token and a token without a valid brand', () => {
    expect(decodeToken('not a token', NOW)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not a JWT/),
    });
    expect(decodeToken('a.b@d.c', NOW)).toMatchObject({ ok: false });
    expect(decodeToken('eyJ.bm90IGpzb24.c2ln', NOW)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not readable/),
    });
    expect(decodeToken(jwt({ sub: '1', brands, exp: NOW / 1000 - 1 }), NOW)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/expired/),
    });
    expect(
      decodeToken(
        jwt({
          sub: '1',
          brands: [
            { id: 0, name: 'x', role: 'admin' },
            { id: 4, name: 'y', role: 'owner' },
          ],
        }),
        NOW,
      ),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no brand/),
    });
  });

  it('should keep only the well-formed brands', () => {
    const decoded = decodeToken(
      jwt({ sub: '1', brands: [...brands, { id: '5', name: 'string id', role: 'admin' }] }),
      NOW,
    );
    expect(decoded).toMatchObject({ ok: true, brands });
  });
});
