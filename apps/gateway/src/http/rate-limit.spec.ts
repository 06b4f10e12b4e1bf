import { TokenBucketLimiter } from './rate-limit';

describe(TokenBucketLimiter.name, () => {
  let now: number;
  let limiter: TokenBucketLimiter;
  beforeEach(() => {
    now = 1_000_000;
    limiter = new TokenBucketLimiter(30, () => now);
  });

  it('should allow a burst of the minute budget, then refuse with the time until the next token', () => {
    const decisions = Array.from({ length: 31 }, () => limiter.take('9'));
    expect(decisions.slice(0, 30).every((d) => d.allowed)).toBe(true);
    expect(decisions[29].remaining).toBe(0);
    expect(decisions[30]).toEqual({ allowed: false, limit: 30, remaining: 0, retryAfterSeconds: 2 });
  });

  it('should refill continuously at the per-minute rate', () => {
    for (let i = 0; i < 30; i++) limiter.take('9');
    now += 1999;
    expect(limiter.take('9').allowed).toBe(false);
    now += 1;
    expect(limiter.take('9').allowed).toBe(true);
    expect(limiter.take('9').allowed).toBe(false);
    now += 120_000;
    expect(limiter.take('9')).toMatchObject({ allowed: true, remaining: 29 });
  });

  it('should keep each brand in its own bucket', () => {
    for (let i = 0; i < 40; i++) limiter.take('noisy');
    expect(limiter.take('noisy').allowed).toBe(false);
    expect(limiter.take('quiet')).toMatchObject({ allowed: true, remaining: 29 });
  });

  it('should forget buckets that have refilled, so memory follows active brands', () => {
    for (let i = 0; i < 500; i++) limiter.take(`brand-${i}`);
    now += 61_000;
    for (let i = 0; i < 500; i++) limiter.take('active');
    expect(limiter.size).toBe(1);
  });
});
