import type Provider from 'oidc-provider';
import type { Grant } from 'oidc-provider';
import { scopesForRoles } from '../accounts.ts';
import type { UserDoc } from '../models/user.ts';
import { OIDC_SCOPES } from './clientMetadata.ts';

/**
 * The grant a first-party portal gets without a consent screen: the OpenID scopes it asked
 * for, and the API scopes it asked for that the user's roles allow (a student signing in
 * through a portal registered with `identity:admin` does not get it).
 */
export async function firstPartyGrant(
  provider: Provider,
  options: { clientId: string; user: UserDoc; requestedScope: string; audience: string; existing?: Grant },
): Promise<Grant> {
  const requested = options.requestedScope.split(' ').filter(Boolean);
  const allowed = new Set(scopesForRoles(options.user.roles));
  const grant =
    options.existing ??
    new provider.Grant({ clientId: options.clientId, accountId: options.user._id.toString() });
  grant.addOIDCScope(requested.filter((s) => (OIDC_SCOPES as readonly string[]).includes(s)).join(' '));
  const api = requested.filter((s) => !(OIDC_SCOPES as readonly string[]).includes(s));
  grant.addResourceScope(options.audience, api.filter((s) => allowed.has(s)).join(' '));
  // Marked as refused, so the provider does not ask for them again (no consent screen).
  const refused = api.filter((s) => !allowed.has(s));
  if (refused.length) grant.rejectResourceScope(options.audience, refused.join(' '));
  await grant.save();
  return grant;
}
