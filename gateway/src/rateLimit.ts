import type { Caller } from '@edugraph/shared/auth';
import { appError } from '@edugraph/shared/errors';
import type { Logger } from '@edugraph/shared/logger';
import { openRateLimitStore, takePoint } from '@edugraph/shared/rate-limit';
import type { GraphQLError } from 'graphql';

/**
 * Requests per caller in fixed windows (rate-limiter-flexible):
 * - each user of a client (token `sub` within `client_id`) has `perUser` requests; a
 *   client-credentials token is its own user; anonymous callers count per source address;
 * - each client has a ceiling of `perClient` over all its users, so one portal cannot starve
 *   the hub, while one busy user of a portal cannot starve the portal's other users.
 * With `redisUrl` the counts live in Redis, shared by every gateway instance (the shared
 * `openRateLimitStore`, which also says what happens while Redis is away).
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

export async function createRateLimiter(settings: RateLimitSettings, logger?: Logger): Promise<RateLimiter> {
  const store = await openRateLimitStore({ redisUrl: settings.redisUrl, keyPrefix: KEY_PREFIX, logger });
  const duration = settings.windowMs / 1000;
  const users = store.limiter('user', settings.perUser, duration);
  const clients = store.limiter('client', settings.perClient, duration);
  return {
    async take(caller, address) {
      if (!caller) {
        const wait = await takePoint(users, JSON.stringify(['address', address ?? 'unknown']));
        return wait === undefined
          ? undefined
          : refusal('Too many requests from this address', wait, 'address');
      }
      const client = caller.clientId ?? caller.subject;
      const userKey = JSON.stringify(['user', client, caller.subject]);
      const userWait = await takePoint(users, userKey);
      if (userWait !== undefined)
        return refusal(`Too many requests from this user of client ${client}`, userWait, 'user');
      const clientWait = await takePoint(clients, client);
      if (clientWait === undefined) return undefined;
      // A user's request refused by the client's ceiling is not counted against the user.
      await users.reward(userKey, 1);
      return refusal(`Client ${client} sent too many requests for all its users`, clientWait, 'client');
    },
    ready: (waitMs) => store.ready(waitMs),
    close: () => store.close(),
  };
}
