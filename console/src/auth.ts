import { InMemoryWebStorage, UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';

/** What the gateway tells the console (`/console/config.json`): one build works at any address. */
export interface ConsoleConfig {
  issuer: string;
  clientId: string;
}

/**
 * The graph's scopes the console asks for. `personal-data` is left out on purpose: the console
 * shows personal data masked, as least privilege asks; the token's scopes are further limited
 * by the user's roles at the provider.
 */
const API_SCOPES = [
  'datacenter:read',
  'datacenter:write',
  'resources:read',
  'resources:write',
  'resources:review',
  'spaces:read',
  'spaces:write',
  'identity:admin',
];

export const consoleBase = `${window.location.origin}/console/`;

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const res = await fetch(`${consoleBase}config.json`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`console configuration: HTTP ${res.status}`);
  return (await res.json()) as ConsoleConfig;
}

/**
 * Sign-in with the hub's own provider: authorization code + PKCE, a public client. Tokens stay
 * in memory (a reload signs in again, silently while the provider's session lasts); only the
 * short-lived state of a sign-in in flight (PKCE verifier) is in sessionStorage, to survive
 * the redirect. Renewal uses the refresh token before the access token expires.
 */
export function createUserManager(config: ConsoleConfig): UserManager {
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${consoleBase}callback`,
    post_logout_redirect_uri: consoleBase,
    response_type: 'code',
    scope: ['openid', 'profile', ...API_SCOPES].join(' '),
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: true,
    // Revoked by signOut below: only the refresh token (access tokens are JWTs, left to expire).
    revokeTokensOnSignout: false,
    loadUserInfo: false,
  });
}

/** The claims the console shows; what the user may do is decided by the graph, not here. */
export interface SignedIn {
  user: User;
  name: string;
  org: string;
  roles: string[];
}

export function signedIn(user: User): SignedIn {
  const p = user.profile as Record<string, unknown>;
  return {
    user,
    name: String(p.name ?? p.preferred_username ?? p.sub),
    org: String(p.org ?? ''),
    roles: Array.isArray(p.roles) ? (p.roles as string[]) : [],
  };
}

/**
 * Sign-out: the refresh token is revoked (the grant ends), then the provider's end-session page
 * ends its session and sends the browser back to the console. A failed revocation does not
 * keep the user signed in.
 */
export async function signOut(manager: UserManager, clientId: string): Promise<void> {
  const user = await manager.getUser();
  const endpoint = await manager.metadataService.getRevocationEndpoint().catch(() => undefined);
  if (user?.refresh_token && endpoint) {
    // Plain fetch: the provider answers 200 with an empty text body, which oidc-client-ts refuses.
    const body = new URLSearchParams({
      token: user.refresh_token,
      token_type_hint: 'refresh_token',
      client_id: clientId,
    });
    const res = await fetch(endpoint, { method: 'POST', body }).catch(() => undefined);
    if (!res?.ok) console.error('revocation failed', res?.status);
  }
  await manager.signoutRedirect();
}
