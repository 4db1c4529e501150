import type { Caller } from '@edugraph/shared/auth';
import { appError } from '@edugraph/shared/errors';
import type { Logger } from '@edugraph/shared/logger';
import type { GraphQLError } from 'graphql';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/**
 * Requests per caller in fixed windows (rate-limiter-flexible):
 * - each user of a client (token `sub` within `client_id`) has `perUser` requests; a
 *   client-credentials token is its own user; anonymous callers count per source address;
 * - each client has a ceiling of `perClient` over all its users, so one portal cannot starve
 *   the hub, while one busy user of a portal cannot starve the portal's other users.
 * With `redisUrl` the counts live in Redis, so every gateway instance draws on one budget; if
 * Redis cannot be reached, each instance keeps counting on its own (the same limits per
 * instance) until it is back, rather than letting requests through uncounted or refusing all.
 * Without it they are counted in this process.
 */
export interface RateLimitSettings {
  perUser: number;
  perClient: number;
  windowMs: number;
  /** REDIS_URL: counts shared by every gateway instance. */
  redisUrl?: string | undefined;
}

export interface RateLimiter {
  /** Counts one request; a RATE_LIMITED error (with `retryAfterSeconds`) when over a limit. */
  take(caller: Caller | null, address: string | undefined): Promise<GraphQLError | undefined>;
  /** Resolves once Redis is connected (or after `waitMs` without it: counted per instance meanwhile). */
  ready(waitMs?: number): Promise<void>;
  close(): Promise<void>;
}

const KEY_PREFIX = 'edugraph:gateway:rate';

const refusal = (message: string, msBeforeNext: number, limit: 'user' | 'client' | 'address') => {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return appError('RATE_LIMITED', `${message}; retry in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
    limit,
  });
};

function limiterFor(
  points: number,
  settings: RateLimitSettings,
  redis: Redis | undefined,
  name: string,
): RateLimiterAbstract {
  const duration = Math.max(1, Math.ceil(settings.windowMs / 1000));
  const memory = new RateLimiterMemory({ points, duration, keyPrefix: `${KEY_PREFIX}:${name}` });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    points,
    duration,
    keyPrefix: `${KEY_PREFIX}:${name}`,
    insuranceLimiter: memory,
  });
}

/** Resolves to the wait (ms) when the key is over its limit, undefined when the request counts. */
async function consume(limiter: RateLimiterAbstract, key: string): Promise<number | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return outcome.msBeforeNext;
    throw outcome;
  }
}

/** The Redis client is loaded only when REDIS_URL is set (~0.1 s of start-up otherwise spent for nothing). */
export async function createRateLimiter(settings: RateLimitSettings, logger?: Logger): Promise<RateLimiter> {
  let redis: Redis | undefined;
  if (settings.redisUrl) {
    const { Redis } = await import('ioredis');
    // No offline queue: while Redis is away a call fails at once and the in-process insurance
    // limiter answers, instead of requests waiting for a reconnection.
    redis = new Redis(settings.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    let down = false;
    redis.on('error', (err: Error) => {
      if (!down) logger?.warn({ err: err.message }, 'rate limit store unreachable: counting per instance');
      down = true;
    });
    redis.on('ready', () => {
      if (down) logger?.info('rate limit store reachable again: counts shared');
      down = false;
    });
  }
  const users = limiterFor(settings.perUser, settings, redis, 'user');
  const clients = limiterFor(settings.perClient, settings, redis, 'client');
  return {
    async take(caller, address) {
      if (!caller) {
        const wait = await consume(users, JSON.stringify(['address', address ?? 'unknown']));
        return wait === undefined
          ? undefined
          : refusal('Too many requests from this address', wait, 'address');
      }
      const client = caller.clientId ?? caller.subject;
      const userKey = JSON.stringify(['user', client, caller.subject]);
      const userWait = await consume(users, userKey);
      if (userWait !== undefined)
        return refusal(`Too many requests from this user of client ${client}`, userWait, 'user');
      const clientWait = await consume(clients, client);
      if (clientWait === undefined) return undefined;
      // A user's request refused by the client's ceiling is not counted against the user.
      await users.reward(userKey, 1);
      return refusal(`Client ${client} sent too many requests for all its users`, clientWait, 'client');
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
        redis?.once('ready', done);
      });
    },
    async close() {
      if (redis) await redis.quit().catch(() => redis?.disconnect());
    },
  };
}
