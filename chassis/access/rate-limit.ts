/**
 * Rate limits as token buckets: each key (a client address, an account) holds up to `burst`
 * tokens, refilled at `perMinute`; a request takes one, and without one it is refused with 429
 * problem+json and `Retry-After` (seconds until a token is back). Buckets live in memory, per
 * process, and full idle buckets are forgotten so the map stays bounded.
 *
 * A small module of our own rather than `hono-rate-limiter`: that library counts fixed windows
 * (bursts of 2× the limit across a window edge), while a login limit wants a bucket shared by
 * two keys (account and address) consulted from inside the handler, not only as middleware.
 *
 * @example
 * const limit = createRateLimiter({ perMinute: 5, burst: 5 });
 * limit.take(`ip:${ip}`); // throws AppError("rate_limited") with retryAfter when empty
 */
import type { Context, MiddlewareHandler } from "hono";
import { AppError } from "../errors/index.ts";

export interface RateLimitOptions {
  /** Tokens added per minute. */
  perMinute: number;
  /** The most tokens a bucket holds (the burst allowed after a quiet spell). */
  burst: number;
  /** Most keys remembered (oldest dropped first). */
  maxKeys?: number;
  now?: () => number;
}

export interface RateLimiter {
  /** Takes a token for `key`, or throws a 429 AppError saying when to retry. */
  take(key: string, what?: string): void;
  /** Seconds until `key` may try again (0 when it may now). */
  retryAfter(key: string): number;
  /** Forgets `key` (after a successful login). */
  reset(key: string): void;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const perMs = options.perMinute / 60_000;
  const maxKeys = options.maxKeys ?? 100_000;
  const buckets = new Map<string, Bucket>();
  const refill = (key: string): Bucket => {
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: options.burst, at: t };
    bucket.tokens = Math.min(options.burst, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
    buckets.delete(key);
    buckets.set(key, bucket);
    if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
    return bucket;
  };
  const wait = (bucket: Bucket) => (bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / perMs / 1000));
  return {
    take(key, what = "requests") {
      const bucket = refill(key);
      if (bucket.tokens < 1) {
        const seconds = wait(bucket);
        throw new AppError("rate_limited", `Too many ${what}: try again in ${seconds} s`, {
          retryAfter: seconds,
        });
      }
      bucket.tokens -= 1;
    },
    retryAfter: (key) => wait(refill(key)),
    reset: (key) => void buckets.delete(key),
  };
}

/** The client address as the process saw it: the peer of the connection (Bun), else "unknown". */
export function clientAddress(c: Context): string {
  const server = (c.env as { requestIP?: (r: Request) => { address: string } | null } | undefined)?.requestIP;
  try {
    return server?.(c.req.raw)?.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** Middleware taking one token per request from the bucket `keyOf(c)` names. */
export function rateLimit(
  limiter: RateLimiter,
  keyOf: (c: Context) => string,
  what?: string,
): MiddlewareHandler {
  return async (c, next) => {
    limiter.take(keyOf(c), what);
    await next();
  };
}
