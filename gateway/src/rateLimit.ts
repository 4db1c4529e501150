/**
 * Requests per client in fixed windows. The key is the token's client id (a provincial
 * platform, a sync job, a school portal), or the caller's address when anonymous. Counters
 * live in this process: run one limiter per gateway instance, so the hub-wide limit is the
 * per-instance limit times the instances.
 */
export interface RateLimiter {
  /** Counts one request; `ok: false` with the seconds until the window resets when over the limit. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number };
}

export function createRateLimiter(
  limit: number,
  windowMs: number,
  now: () => number = Date.now,
): RateLimiter {
  let windowStart = now();
  let counts = new Map<string, number>();
  return {
    take(key) {
      const t = now();
      if (t - windowStart >= windowMs) {
        windowStart = t - ((t - windowStart) % windowMs);
        counts = new Map();
      }
      const used = (counts.get(key) ?? 0) + 1;
      counts.set(key, used);
      if (used <= limit) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - t) / 1000)) };
    },
  };
}
