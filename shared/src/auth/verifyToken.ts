import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import { errors } from '../errors.ts';
import type { Caller } from './caller.ts';

/**
 * Verifies the hub's access tokens (JWT, RS256) with keys from the identity provider's JWKS.
 * Keys are cached and refetched when a token names an unknown `kid` (key rotation), at most
 * once per `minRefreshIntervalMs`. Only RS256 is accepted: `alg: none`, HMAC with the public
 * key (algorithm confusion) and every other algorithm are refused.
 */
export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Defaults to `${issuer}/jwks`. */
  jwksUri?: string;
  clockToleranceSec?: number;
  minRefreshIntervalMs?: number;
  fetchImpl?: typeof fetch;
  /**
   * Verified tokens remembered (by their full text, signature included) until they expire, at
   * most `cacheTtlMs`: a client sends the same token on every request, and the gateway and
   * each subgraph verify it. 0 disables the cache.
   */
  cacheSize?: number;
  cacheTtlMs?: number;
}

export interface TokenVerifier {
  /** Resolves the caller, or throws UNAUTHENTICATED with the reason. */
  verify(token: string): Promise<Caller>;
  /** `null` when there is no Authorization header; throws when there is a bad one. */
  callerFromHeader(authorization: string | undefined | null): Promise<Caller | null>;
}

interface Jwk extends JsonWebKey {
  kid?: string;
  use?: string;
}

const ALGORITHM = 'RS256';

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { issuer, audience, clockToleranceSec = 30, minRefreshIntervalMs = 30_000 } = options;
  const jwksUri = options.jwksUri ?? `${issuer.replace(/\/$/, '')}/jwks`;
  const fetchImpl = options.fetchImpl ?? fetch;
  let keys = new Map<string, KeyObject>();
  let lastFetch = 0;
  let inflight: Promise<void> | undefined;

  const refresh = (): Promise<void> =>
    (inflight ??= (async () => {
      try {
        const res = await fetchImpl(jwksUri, { signal: AbortSignal.timeout(5000) });
        if (!res.ok) throw new Error(`JWKS answered ${res.status}`);
        const body = (await res.json()) as { keys?: Jwk[] };
        const next = new Map<string, KeyObject>();
        for (const jwk of body.keys ?? []) {
          if (jwk.kty !== 'RSA' || !jwk.kid || (jwk.use && jwk.use !== 'sig')) continue;
          next.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
        }
        keys = next;
        lastFetch = Date.now();
      } catch (err) {
        throw errors.unavailable(
          `the identity provider's keys (${jwksUri}: ${err instanceof Error ? err.message : String(err)})`,
        );
      } finally {
        inflight = undefined;
      }
    })());

  const keyFor = async (kid: string): Promise<KeyObject> => {
    let key = keys.get(kid);
    if (!key && (lastFetch === 0 || Date.now() - lastFetch >= minRefreshIntervalMs)) {
      await refresh();
      key = keys.get(kid);
    }
    if (!key)
      throw errors.unauthenticated(
        'unknown signing key',
        `The token's signing key "${kid}" is not one of the identity provider's keys.`,
      );
    return key;
  };

  const cacheSize = options.cacheSize ?? 10_000;
  const cacheTtlMs = options.cacheTtlMs ?? 60_000;
  const cache = cacheSize > 0 ? new LRUCache<string, Caller>({ max: cacheSize, ttl: cacheTtlMs }) : undefined;

  const verify = async (token: string): Promise<Caller> => {
    const cached = cache?.get(token);
    if (cached) return cached;
    const caller = await verifyUncached(token);
    if (cache) {
      const exp = (jwt.decode(token) as jwt.JwtPayload | null)?.exp;
      const ttl = exp ? Math.min(cacheTtlMs, exp * 1000 - Date.now()) : 0;
      if (ttl > 0) cache.set(token, caller, { ttl });
    }
    return caller;
  };

  const verifyUncached = async (token: string): Promise<Caller> => {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string')
      throw errors.unauthenticated('malformed token', 'The bearer token is not a JWT.');
    if (decoded.header.alg !== ALGORITHM) {
      throw errors.unauthenticated(
        'unsupported algorithm',
        `Tokens must be signed with ${ALGORITHM}; this one says "${decoded.header.alg}".`,
      );
    }
    if (!decoded.header.kid) throw errors.unauthenticated('missing key id', 'The token has no "kid" header.');
    const key = await keyFor(decoded.header.kid);
    let payload: jwt.JwtPayload;
    try {
      payload = jwt.verify(token, key, {
        algorithms: [ALGORITHM],
        issuer,
        audience,
        clockTolerance: clockToleranceSec,
      }) as jwt.JwtPayload;
    } catch (err) {
      throw errors.unauthenticated(reasonOf(err));
    }
    return callerFromClaims(payload);
  };

  return {
    verify,
    async callerFromHeader(authorization) {
      if (!authorization) return null;
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match)
        throw errors.unauthenticated(
          'malformed Authorization header',
          'The Authorization header must be "Bearer <token>".',
        );
      return verify(match[1]!);
    },
  };
}

function reasonOf(err: unknown): string {
  if (err instanceof jwt.TokenExpiredError) return 'token expired';
  if (err instanceof jwt.NotBeforeError) return 'token not yet valid';
  const message = err instanceof Error ? err.message : String(err);
  if (message.includes('audience')) return 'wrong audience';
  if (message.includes('issuer')) return 'wrong issuer';
  if (message.includes('signature')) return 'invalid signature';
  if (message.includes('algorithm')) return 'unsupported algorithm';
  return 'invalid token';
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

/** Maps verified claims to a Caller; refuses tokens without the hub's claims. */
export function callerFromClaims(payload: jwt.JwtPayload): Caller {
  const orgPath = stringArray(payload.org_path);
  const org = payload.org;
  if (typeof payload.sub !== 'string' || typeof org !== 'string' || !orgPath || orgPath.at(-1) !== org) {
    throw errors.unauthenticated(
      'missing claims',
      "The token lacks the hub's claims (sub, org, org_path ending with org).",
    );
  }
  const scope = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  const clientId =
    typeof payload.client_id === 'string'
      ? payload.client_id
      : typeof payload.azp === 'string'
        ? payload.azp
        : undefined;
  return Object.freeze({
    subject: payload.sub,
    clientId,
    organization: org,
    orgPath: Object.freeze([...orgPath]),
    roles: Object.freeze(stringArray(payload.roles) ?? []),
    scopes: Object.freeze(scope),
    isService: clientId !== undefined && payload.sub === clientId,
    ...(typeof payload.person === 'string' ? { personNumber: payload.person } : {}),
    ...(typeof payload.grant_id === 'string' ? { grantId: payload.grant_id } : {}),
  });
}
