import { takePoint, type RateLimitStore } from '@edugraph/shared/rate-limit';

export interface ClientAuthThrottleOptions {
  /** Failed client authentications per client id in a window (CLIENT_AUTH_MAX_FAILURES). */
  maxFailures: number;
  /** Failed client authentications per source address in a window, over all clients. */
  sourceMaxFailures: number;
  windowSeconds: number;
}

/** Why a client authentication was refused before its secret was compared. */
export interface ClientAuthRefusal {
  limit: 'client' | 'source';
  retryAfterSeconds: number;
}

export interface ClientAuthThrottle {
  /** Takes a point for the client and the source; a refusal when either has none left. */
  take(clientId: string, source: string): Promise<ClientAuthRefusal | undefined>;
  /** Gives both points back after the secret matched: only failures count. */
  giveBack(clientId: string, source: string): Promise<void>;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Throttling of client-secret guessing at the token, introspection and revocation endpoints
 * (RFC 6749 §2.3.1: the server MUST protect password-authenticated endpoints against brute
 * force). Each attempt takes a point per client id and per source address before the secret
 * is compared, so concurrent guesses cannot slip past the count, and a matching secret gives
 * them back. A client out of points is refused for the rest of the window even with its right
 * secret: otherwise the refusal would tell a guesser when it had found the secret. Counting
 * per client id stops a distributed guess at one client; per source, one address trying many
 * clients. Counts live in the shared rate-limit store (Redis with REDIS_URL: one budget for
 * every identity instance).
 */
export function createClientAuthThrottle(
  store: RateLimitStore,
  options: ClientAuthThrottleOptions,
): ClientAuthThrottle {
  const clients = store.limiter('client', options.maxFailures, options.windowSeconds);
  const sources = store.limiter('source', options.sourceMaxFailures, options.windowSeconds);
  return {
    async take(clientId, source) {
      const clientWait = await takePoint(clients, clientId);
      if (clientWait !== undefined) return { limit: 'client', retryAfterSeconds: seconds(clientWait) };
      const sourceWait = await takePoint(sources, source);
      if (sourceWait === undefined) return undefined;
      // Refused for its address: the attempt is not held against the client.
      await clients.reward(clientId, 1);
      return { limit: 'source', retryAfterSeconds: seconds(sourceWait) };
    },
    async giveBack(clientId, source) {
      await Promise.all([clients.reward(clientId, 1), sources.reward(source, 1)]);
    },
  };
}
