import type { ServerResponse } from 'node:http';
import type { RouteHandler, TokenVerifier } from '@edugraph/shared';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { isEnabledClient } from '../store/client.ts';
import type { IdentityStore } from '../store/index.ts';
import { findUser, isUserId, type UserDoc } from '../store/user.ts';

/** The OpenID scopes userinfo answers for (offline_access only asks for refresh tokens). */
const USERINFO_SCOPES = ['openid', 'profile'] as const;

/** The `profile` claims of a user, in ID tokens and userinfo. */
export function profileClaims(user: UserDoc) {
  return {
    name: user.displayName,
    preferred_username: user.username,
    org: user.organization,
    org_path: user.orgPath,
    roles: user.roles,
  };
}

interface TokenLike {
  kind?: string;
  grantId?: string;
}
interface GrantLike {
  getOIDCScope(): string;
}

/**
 * The OpenID scopes an access token being issued was granted with and asked for (code or
 * refresh): they join the graph scopes in the token's `scope`.
 */
export async function oidcScopesOfToken(ctx: KoaContextWithOIDC | undefined, token: TokenLike) {
  if (!ctx || token.kind !== 'AccessToken' || !token.grantId) return [];
  const entities = ctx.oidc.entities as {
    Grant?: GrantLike;
    AuthorizationCode?: { scope?: string };
    RefreshToken?: { scope?: string };
  };
  const grant =
    entities.Grant ?? ((await ctx.oidc.provider.Grant.find(token.grantId)) as GrantLike | undefined);
  if (!grant) return [];
  const granted = new Set(grant.getOIDCScope().split(' '));
  const asked = new Set(
    String((entities.AuthorizationCode ?? entities.RefreshToken)?.scope ?? '').split(' '),
  );
  return USERINFO_SCOPES.filter((s) => granted.has(s) && asked.has(s));
}

/**
 * Browser portals may call userinfo from their own origin: the token travels in the
 * Authorization header, never in a cookie, so any origin may ask.
 */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'GET, POST',
  'access-control-max-age': '600',
};

function refuse(res: ServerResponse, status: number, error: string, description: string): true {
  res.writeHead(status, {
    ...CORS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'www-authenticate': `Bearer error="${error}", error_description="${description.replace(/["\\]/g, "'")}"`,
  });
  res.end(JSON.stringify({ error, error_description: description }));
  return true;
}

/**
 * The userinfo endpoint (`/me`, as discovery advertises it) for the tokens the hub issues:
 * RS256 JWTs for the graph, checked like every subgraph checks them (signature, issuer,
 * audience, expiry), issued to a signed-in user with the `openid` scope, whose account and
 * client are still active, sent as `Authorization: Bearer`. Answers `sub`, and the profile
 * claims when `profile` was granted.
 */
export function userinfoRoute(deps: { verifier: TokenVerifier; store: IdentityStore }): RouteHandler {
  return async (req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/me') return false;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'POST')
      return refuse(res, 405, 'invalid_request', 'use GET or POST');
    let caller;
    try {
      caller = await deps.verifier.callerFromHeader(req.headers.authorization);
    } catch (err) {
      return refuse(res, 401, 'invalid_token', err instanceof Error ? err.message : 'invalid token');
    }
    if (!caller)
      return refuse(res, 401, 'invalid_token', 'send the access token as "Authorization: Bearer <token>"');
    if (caller.isService)
      return refuse(res, 401, 'invalid_token', 'the token was issued to a client, not to a signed-in user');
    if (!caller.scopes.includes('openid'))
      return refuse(res, 403, 'insufficient_scope', 'the token was not granted the openid scope');
    const [user, client] = await Promise.all([
      isUserId(caller.subject) ? findUser(deps.store, caller.subject) : null,
      isEnabledClient(deps.store, caller.clientId),
    ]);
    if (!user || user.status !== 'ACTIVE' || !client)
      return refuse(res, 401, 'invalid_token', 'the account or the client of this token is no longer active');
    const body = {
      sub: caller.subject,
      ...(caller.scopes.includes('profile') ? profileClaims(user) : {}),
    };
    res.writeHead(200, {
      ...CORS,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(JSON.stringify(body));
    return true;
  };
}
