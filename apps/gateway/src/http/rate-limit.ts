import { Actor, ErrorCode } from '@app/contracts';
import { AppError } from '@app/platform';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

export type RateDecision = { allowed: boolean; limit: number; remaining: number; retryAfterSeconds: number };

type Bucket = { tokens: number; updatedAt: number };

/**
 * One token bucket per key (the brand), in this process's memory: `perMinute` tokens at most, refilled
 * continuously at `perMinute` per minute. A brand may burst up to its minute's budget, then runs at the
 * steady rate; another brand's bucket is untouched by it. With several gateway replicas, each one keeps
 * its own buckets (docs/security.md says why and how to size the limit).
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;
  private sinceSweep = 0;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  take(key: string): RateDecision {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedAt: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    this.sweepSometimes(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, limit: this.perMinute, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    const waitMs = (1 - bucket.tokens) / this.refillPerMs;
    return { allowed: false, limit: this.perMinute, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  // A bucket that has refilled completely is the same as no bucket: forget it, so memory follows the
  // brands active in the last minute, not every brand ever seen.
  private sweepSometimes(now: number): void {
    if (++this.sinceSweep < 1000) return;
    this.sinceSweep = 0;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs >= this.perMinute) this.buckets.delete(key);
    }
  }
}

/**
 * Per-brand rate limit of the authenticated API (RATE_LIMIT_PER_MINUTE). The last global guard, after
 * JwtAuthGuard and BrandGuard, so it counts only requests of a verified brand: an anonymous flood
 * cannot spend a brand's budget, and public routes (health, docs, metrics) are never limited. Over the
 * limit: 429 RATE_LIMITED with `Retry-After`; every limited answer carries `RateLimit-Limit` and
 * `RateLimit-Remaining`. A guard, not an interceptor: a global interceptor costs every request of the
 * gateway Nest's rxjs wrapping, and this check needs none of it (it runs before the pipes either way).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly limiter: TokenBucketLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const actor = http.getRequest<{ actor?: Actor }>().actor;
    if (!actor) return true;
    const decision = this.limiter.take(String(actor.brand_id));
    const reply = http.getResponse<FastifyReply>();
    void reply.header('RateLimit-Limit', String(decision.limit));
    void reply.header('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      void reply.header('Retry-After', String(decision.retryAfterSeconds));
      throw new AppError(
        ErrorCode.RateLimited,
        `Too many requests for this brand (limit ${decision.limit} per minute); retry in ${decision.retryAfterSeconds} s`,
      );
    }
    return true;
  }
}
