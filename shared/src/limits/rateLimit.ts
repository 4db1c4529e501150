import type { Caller } from '../auth/caller.ts';
import { appError } from '../errors.ts';
import type { GraphQLError } from 'graphql';

/**
 * Requests per caller in fixed windows, counted in this process (so the hub-wide limit is
 * the per-instance limit times the instances):
 * - each user of a client (token `sub` within `client_id`) has `perUser` requests; a
 *   client-credentials token is its own user; anonymous callers count per source address;
 * - each client has a ceiling of `perClient` over all its users, so one portal cannot
 *   starve the hub, while one busy user of a portal cannot starve the portal's other users.
 */
export interface RateLimitSettings {
  perUser: number;
  perClient: number;
  windowMs: number;
}

export interface RateLimiter {
  /** Counts one request; a RATE_LIMITED error (with `retryAfterSeconds`) when over a limit. */
  take(caller: Caller | null, address: string | undefined): GraphQLError | undefined;
}

function windowCounter(windowMs: number, now: () => number) {
  let windowStart = now();
  let counts = new Map<string, number>();
  return {
    /** Adds one to `key` unless it already reached `limit`; the seconds to wait when refused. */
    take(key: string, limit: number): number | undefined {
      const t = now();
      if (t - windowStart >= windowMs) {
        windowStart = t - ((t - windowStart) % windowMs);
        counts = new Map();
      }
      const used = counts.get(key) ?? 0;
      if (used >= limit) return Math.max(1, Math.ceil((windowStart + windowMs - t) / 1000));
      counts.set(key, used + 1);
      return undefined;
    },
    /** Gives back one request (a user's request refused by the client's ceiling is not the user's). */
    giveBack(key: string) {
      const used = counts.get(key);
      if (used) counts.set(key, used - 1);
    },
  };
}

const refusal = (message: string, retryAfterSeconds: number, limit: 'user' | 'client' | 'address') =>
  appError('RATE_LIMITED', `${message}; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds, limit });

export function createRateLimiter(settings: RateLimitSettings, now: () => number = Date.now): RateLimiter {
  const counter = windowCounter(settings.windowMs, now);
  return {
    take(caller, address) {
      if (!caller) {
        const wait = counter.take(`ip\u0000${address ?? 'unknown'}`, settings.perUser);
        return wait === undefined
          ? undefined
          : refusal('Too many requests from this address', wait, 'address');
      }
      const client = caller.clientId ?? caller.subject;
      const userKey = `user\u0000${client}\u0000${caller.subject}`;
      const userWait = counter.take(userKey, settings.perUser);
      if (userWait !== undefined)
        return refusal(`Too many requests from this user of client ${client}`, userWait, 'user');
      const clientWait = counter.take(`client\u0000${client}`, settings.perClient);
      if (clientWait === undefined) return undefined;
      counter.giveBack(userKey);
      return refusal(`Client ${client} sent too many requests for all its users`, clientWait, 'client');
    },
  };
}
