import type { ClientMetadata } from 'oidc-provider';
import type { ClientDoc } from '../store/client.ts';

/** Scopes every portal may ask for besides the hub's API scopes. */
export const OIDC_SCOPES = ['openid', 'profile', 'offline_access'] as const;

/** The provider's view of a registered client. */
export function clientMetadata(client: ClientDoc): ClientMetadata {
  const common = {
    client_id: client.clientId,
    client_name: client.name,
    org: client.organization,
    org_name: client.organizationName ?? undefined,
    org_path: client.orgPath,
    roles: client.roles,
    first_party: client.firstParty,
    api_scopes: client.scopes,
  };
  if (client.kind === 'SERVICE') {
    return {
      ...common,
      client_secret: client.clientSecret ?? undefined,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    };
  }
  return {
    ...common,
    ...(client.clientSecret ? { client_secret: client.clientSecret } : {}),
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    token_endpoint_auth_method: client.clientSecret ? 'client_secret_basic' : 'none',
    scope: OIDC_SCOPES.join(' '),
  };
}
