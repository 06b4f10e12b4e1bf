import { InvalidTokenError, parseClaims } from './jwt.strategy';

const exp = Math.floor(Date.now() / 1000) + 60;

describe(parseClaims.name, () => {
  it('should accept the documented claims', () => {
    expect(parseClaims({ exp, sub: '1', username: 'martin', brands: [{ id: 9, name: 'Humari', role: 'admin' }] })).toEqual({
      userId: 1,
      username: 'martin',
      brands: [{ id: 9, name: 'Humari', role: 'admin' }],
    });
  });

  it.each([
    ['no exp', { sub: '1', username: 'm', brands: [] }],
    ['a non-numeric sub', { exp, sub: 'abc', username: 'm', brands: [] }],
    ['no username', { exp, sub: '1', brands: [] }],
    ['no brands', { exp, sub: '1', username: 'm' }],
    ['an unknown role', { exp, sub: '1', username: 'm', brands: [{ id: 9, name: 'H', role: 'owner' }] }],
    ['a brand id that is not a positive integer', { exp, sub: '1', username: 'm', brands: [{ id: '9', name: 'H', role: 'admin' }] }],
  ])('should refuse a token with %s', (_, claims) => {
    expect(() => parseClaims(claims as Record<string, unknown>)).toThrow(InvalidTokenError);
  });
});
