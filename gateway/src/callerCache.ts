import type { Caller, TokenVerifier } from '@edugraph/shared/auth';

/**
 * Remembers verified tokens for a short while, so a client sending the same bearer token on
 * every request costs one RS256 verification a minute instead of one per request. Only
 * successful verifications are kept, never past the token's own `exp`; failures are not
 * cached. (The subgraphs verify the forwarded token again on every request.)
 */
export function withCallerCache(
  verifier: TokenVerifier,
  { maxEntries = 10_000, ttlMs = 60_000, now = Date.now } = {},
): TokenVerifier {
  const cache = new Map<string, { caller: Caller; until: number }>();
  const expiryOf = (header: string): number => {
    try {
      const payload = header.slice(header.indexOf(' ') + 1).split('.')[1] ?? '';
      const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
      return typeof exp === 'number' ? exp * 1000 : 0;
    } catch {
      return 0;
    }
  };
  return {
    verify: (token) => verifier.verify(token),
    async callerFromHeader(authorization) {
      if (!authorization) return null;
      const t = now();
      const hit = cache.get(authorization);
      if (hit && hit.until > t) return hit.caller;
      const caller = await verifier.callerFromHeader(authorization);
      if (caller) {
        if (cache.size >= maxEntries) cache.clear();
        cache.set(authorization, { caller, until: Math.min(t + ttlMs, expiryOf(authorization)) });
      }
      return caller;
    },
  };
}
