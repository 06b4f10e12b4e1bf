import { TokenUser } from './tenancy.decorators';
import { VerifiedTokenCache } from './verified-tokens';

const user = (): TokenUser => ({ userId: 1, username: 'martin', brands: [{ id: 9, name: 'Humari', role: 'admin' }] });

describe(VerifiedTokenCache.name, () => {
  let now: number;
  let cache: VerifiedTokenCache;
  beforeEach(() => {
    now = 1_000_000;
    cache = new VerifiedTokenCache(30, 3, 100, () => now);
  });

  it('should recall a verified token until exp + clock tolerance, as jsonwebtoken refuses it from then', () => {
    cache.remember('a.b.c', user(), now + 10);
    expect(cache.recall('a.b.c')).toEqual(user());
    now += 39;
    expect(cache.recall('a.b.c')).toBeDefined();
    now += 1;
    expect(cache.recall('a.b.c')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('should only recall the exact token string', () => {
    cache.remember('a.b.c', user(), now + 600);
    expect(cache.recall('a.b.C')).toBeUndefined();
    expect(cache.recall('a.b.c ')).toBeUndefined();
    expect(cache.recall(null)).toBeUndefined();
    expect(cache.recall('')).toBeUndefined();
  });

  it('should forget the least recently used token beyond its size, and not keep long tokens', () => {
    for (const token of ['t1', 't2', 't3']) cache.remember(token, user(), now + 600);
    cache.recall('t1');
    cache.remember('t4', user(), now + 600);
    expect(cache.recall('t2')).toBeUndefined();
    expect(['t1', 't3', 't4'].every((t) => cache.recall(t))).toBe(true);
    cache.remember('x'.repeat(101), user(), now + 600);
    expect(cache.recall('x'.repeat(101))).toBeUndefined();
  });

  it('should hand out a user no request can change', () => {
    cache.remember('a.b.c', user(), now + 600);
    const recalled = cache.recall('a.b.c') as TokenUser;
    expect(() => recalled.brands.push({ id: 10, name: 'x', role: 'admin' })).toThrow();
    expect(() => ((recalled.brands[0] as { role: string }).role = 'viewer')).toThrow();
  });
});
