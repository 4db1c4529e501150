import type Provider from 'oidc-provider';
import type { Grant } from 'oidc-provider';
import { scopesForRoles } from '../accounts.ts';
import type { UserDoc } from '../store/user.ts';
import { OIDC_SCOPES } from './clientMetadata.ts';

const isOidcScope = (s: string) => (OIDC_SCOPES as readonly string[]).includes(s);

/**
 * The graph's scopes a portal's token may carry for this user: those it asked for that both its
 * registration (`clientScopes`) and the user's roles allow. A student signing in through a
 * portal registered with `identity:admin` does not get it; nor does an administrator signing in
 * through a portal registered without it.
 */
export function allowedApiScopes(
  requestedScope: string,
  clientScopes: readonly string[],
  user: Pick<UserDoc, 'roles'>,
): { allowed: string[]; refused: string[] } {
  const byRoles = new Set(scopesForRoles(user.roles));
  const api = requestedScope.split(' ').filter((s) => s && !isOidcScope(s));
  const ok = (s: string) => clientScopes.includes(s) && byRoles.has(s);
  return { allowed: api.filter(ok), refused: api.filter((s) => !ok(s)) };
}

/**
 * The grant a portal gets once the user may sign in to it: a first-party portal without a
 * screen, a third-party one after the user pressed Allow on the consent page. It holds the
 * OpenID scopes asked for and the API scopes of `allowedApiScopes`; the others are marked as
 * refused so the provider does not ask for them again.
 */
export async function portalGrant(
  provider: Provider,
  options: {
    clientId: string;
    clientScopes: readonly string[];
    user: UserDoc;
    requestedScope: string;
    audience: string;
    existing?: Grant;
  },
): Promise<Grant> {
  const requested = options.requestedScope.split(' ').filter(Boolean);
  const { allowed, refused } = allowedApiScopes(options.requestedScope, options.clientScopes, options.user);
  const grant =
    options.existing ??
    new provider.Grant({ clientId: options.clientId, accountId: options.user._id.toString() });
  grant.addOIDCScope(requested.filter(isOidcScope).join(' '));
  // Always named, even with no scope: the access token is then still a JWT for the graph.
  grant.addResourceScope(options.audience, allowed.join(' '));
  if (refused.length) grant.rejectResourceScope(options.audience, refused.join(' '));
  await grant.save();
  return grant;
}
