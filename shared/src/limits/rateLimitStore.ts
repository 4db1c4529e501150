import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Logger } from '../logger.ts';

/**
 * Where a service's rate-limit counts live (rate-limiter-flexible): with `redisUrl` (REDIS_URL)
 * in Redis, so every instance of the service draws on one budget; if Redis cannot be reached,
 * each instance keeps counting on its own (the same limits per instance) until it is back,
 * rather than letting requests through uncounted or refusing all. Without it, in this process.
 */
export interface RateLimitStoreOptions {
  redisUrl?: string | undefined;
  /** Prefix of every key, naming the service and what it counts (`edugraph:gateway:rate`). */
  keyPrefix: string;
  logger?: Logger | undefined;
}

export interface RateLimitStore {
  /** A limiter of `points` per fixed window of `durationSeconds`, its keys under `<keyPrefix>:<name>`. */
  limiter(name: string, points: number, durationSeconds: number): RateLimiterAbstract;
  /** Resolves once Redis is connected (or after `waitMs` without it: counted per instance meanwhile). */
  ready(waitMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The Redis client is loaded only when REDIS_URL is set (~0.1 s of start-up otherwise spent for nothing). */
async function connectRedis(redisUrl: string, logger: Logger | undefined): Promise<Redis> {
  const { Redis } = await import('ioredis');
  // No offline queue: while Redis is away a call fails at once and the in-process insurance
  // limiter answers, instead of requests waiting for a reconnection.
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) logger?.warn({ err: err.message }, 'rate limit store unreachable: counting per instance');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger?.info('rate limit store reachable again: counts shared');
    down = false;
  });
  return redis;
}

export async function openRateLimitStore(options: RateLimitStoreOptions): Promise<RateLimitStore> {
  const redis = options.redisUrl ? await connectRedis(options.redisUrl, options.logger) : undefined;
  return {
    limiter(name, points, durationSeconds) {
      const duration = Math.max(1, Math.ceil(durationSeconds));
      const keyPrefix = `${options.keyPrefix}:${name}`;
      const memory = new RateLimiterMemory({ points, duration, keyPrefix });
      if (!redis) return memory;
      return new RateLimiterRedis({
        storeClient: redis,
        points,
        duration,
        keyPrefix,
        insuranceLimiter: memory,
      });
    },
    async ready(waitMs = 2000) {
      if (!redis || redis.status === 'ready') return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done() {
          clearTimeout(timer);
          redis?.off('ready', done);
          resolve();
        }
        redis.once('ready', done);
      });
    },
    async close() {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Takes a point for `key`: undefined when it counted, else the wait (ms) until the window ends. */
export async function takePoint(limiter: RateLimiterAbstract, key: string): Promise<number | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return outcome.msBeforeNext;
    throw outcome;
  }
}
