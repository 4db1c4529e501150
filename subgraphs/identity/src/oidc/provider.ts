import { roles, scopes as hubScopes } from '@edugraph/shared';
import Provider, { errors as oidcErrors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { IdentityConfig } from '../config.ts';
import { findClient } from '../store/client.ts';
import type { IdentityStore } from '../store/index.ts';
import { findUser as findStoredUser, isUserId, type UserDoc } from '../store/user.ts';
import { createAdapterClass } from './adapter.ts';
import { scopesForRoles } from '../accounts.ts';
import { OIDC_SCOPES } from './clientMetadata.ts';
import { portalGrant } from './grants.ts';
import type { ProviderKeys } from './keys.ts';
import { PAGE_SECURITY_HEADERS } from '../http/pageHeaders.ts';
import type { SecretBox } from '../secretBox.ts';
import { oidcScopesOfToken, profileClaims } from './userinfo.ts';
import { logoutPage, messagePage, pickLang, textsFor } from './views.ts';

export interface ProviderDeps {
  config: IdentityConfig;
  store: IdentityStore;
  keys: ProviderKeys;
  box: SecretBox;
}

const ALL_API_SCOPES = Object.values(hubScopes);

/** The account an authorization or token request is about, when there is one. */
function accountOf(ctx: KoaContextWithOIDC): string | undefined {
  const { oidc } = ctx;
  const entities = oidc.entities as {
    AuthorizationCode?: { accountId?: string };
    RefreshToken?: { accountId?: string };
  };
  try {
    return (
      entities.AuthorizationCode?.accountId ?? entities.RefreshToken?.accountId ?? oidc.session?.accountId
    );
  } catch {
    return undefined;
  }
}

function langOf(ctx: KoaContextWithOIDC) {
  return pickLang(ctx.query.lang as string | null, ctx.get('accept-language'));
}

/**
 * The hub's claims for a user in access tokens: organization, its path and roles; for a parent
 * account its person number (`person`: its guardian record in the data center, whose children
 * it may see). Only parents': a student's would be a registry number (personal data).
 */
function userClaims(user: UserDoc) {
  const parent = user.roles.includes(roles.PARENT) && user.personNumber;
  return {
    org: user.organization,
    org_path: user.orgPath,
    roles: user.roles,
    ...(parent ? { person: user.personNumber } : {}),
  };
}

/**
 * Every response of the provider (discovery, logout and error pages…) carries the pages'
 * security headers, also when a route fails and its error page is rendered.
 */
async function securityHeaders(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
  try {
    await next();
  } finally {
    ctx.set(PAGE_SECURITY_HEADERS);
  }
}

/**
 * The OpenID Connect provider (panva's certified oidc-provider): authorization code + PKCE
 * for portals, client credentials for services, refresh tokens, revocation, RP-initiated
 * logout. Access tokens are RS256 JWTs for the graph (`aud` = TOKEN_AUDIENCE) carrying `org`,
 * `org_path`, `roles` and `scope`.
 */
export function createProvider({ config, store, keys, box }: ProviderDeps): Provider {
  const audience = config.TOKEN_AUDIENCE;
  const findUser = async (id: string): Promise<UserDoc | null> =>
    isUserId(id) ? findStoredUser(store, id) : null;

  const configuration: Configuration = {
    adapter: createAdapterClass(store, box),
    jwks: { keys: keys.signing as never },
    cookies: { keys: keys.cookie, long: { signed: true }, short: { signed: true } },
    // The graph's scopes belong to its resource server (below), not to OpenID.
    scopes: [...OIDC_SCOPES],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'org', 'org_path', 'roles'] },
    conformIdTokenClaims: false,
    extraClientMetadata: {
      properties: ['org', 'org_name', 'org_path', 'roles', 'first_party', 'api_scopes'],
    },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    // Portals get refresh tokens without asking for offline_access; they end with the session.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientDefaults: { id_token_signed_response_alg: 'RS256' },
    enabledJWA: { authorizationSigningAlgValues: ['RS256'], idTokenSigningAlgValues: ['RS256'] } as never,
    ttl: {
      AccessToken: config.ACCESS_TOKEN_TTL_SECONDS,
      ClientCredentials: config.ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Grant: config.REFRESH_TOKEN_TTL_SECONDS,
      RefreshToken: config.REFRESH_TOKEN_TTL_SECONDS,
      Session: config.SESSION_TTL_SECONDS,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(langOf(ctx), form);
        },
        postLogoutSuccessSource: async (ctx) => {
          const t = textsFor(langOf(ctx));
          ctx.type = 'html';
          ctx.body = messagePage(langOf(ctx), t.logoutHeading, t.loggedOut);
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        // For a signed-in user the graph's scopes are those the user's roles allow, so a portal
        // asking for more gets the allowed ones (client credentials: the client's scopes).
        getResourceServerInfo: async (ctx, indicator, client) => {
          if (indicator !== audience) throw new oidcErrors.InvalidTarget(`unknown resource ${indicator}`);
          const clientScopes = ((client as unknown as { api_scopes?: string[] }).api_scopes ?? []).filter(
            (s) => ALL_API_SCOPES.includes(s as never),
          );
          const accountId = accountOf(ctx);
          const user = accountId ? await findUser(accountId) : null;
          let allowed = clientScopes;
          if (user) {
            const byRoles = new Set(scopesForRoles(user.roles));
            allowed = clientScopes.filter((s) => byRoles.has(s));
          } else if (ctx.oidc.params?.grant_type === 'client_credentials') {
            const refused = String(ctx.oidc.params.scope ?? '')
              .split(' ')
              .filter((s) => s && !clientScopes.includes(s));
            if (refused.length)
              throw new oidcErrors.InvalidScope(
                'requested scope is not allowed for this client',
                refused.join(' '),
              );
          }
          return {
            scope: allowed.join(' '),
            audience,
            accessTokenTTL: config.ACCESS_TOKEN_TTL_SECONDS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    findAccount: async (_ctx, sub) => {
      const user = await findUser(sub);
      if (!user || user.status !== 'ACTIVE') return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, ...profileClaims(user) }),
      };
    },
    extraTokenClaims: async (_ctx, token) => {
      if (token.kind === 'ClientCredentials') {
        const client = await findClient(store, token.clientId);
        return client
          ? { org: client.organization, org_path: client.orgPath, roles: client.roles }
          : undefined;
      }
      const accountId = (token as { accountId?: string }).accountId;
      const user = accountId ? await findUser(accountId) : null;
      // `grant_id`: the grant (and so the sign-in session) the token was issued under, so the
      // graph can tell a user's current session from their others (mySessions).
      const grantId = (token as { grantId?: string }).grantId;
      return user ? { ...userClaims(user), ...(grantId ? { grant_id: grantId } : {}) } : undefined;
    },
    // First-party portals (registered by a national administrator) skip consent: grant the scopes
    // asked for that the portal's registration and the user's roles allow. Any other portal has
    // no grant until the user allows it on the consent page (consent.ts).
    loadExistingGrant: async (ctx) => {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(oidc.client!.clientId);
      if (grantId) {
        const existing = await oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      if (!(oidc.client as unknown as { first_party?: boolean }).first_party) return undefined;
      const user = await findUser(oidc.session!.accountId!);
      if (!user) return undefined;
      const grant = await portalGrant(oidc.provider, {
        clientId: oidc.client!.clientId,
        clientScopes: (oidc.client as unknown as { api_scopes?: string[] }).api_scopes ?? [],
        user,
        requestedScope: String(oidc.params?.scope ?? ''),
        audience,
      });
      return grant;
    },
    // The graph's access tokens also name the OpenID scopes granted with them, so /me
    // (userinfo.ts) can answer for them: they are JWTs for the graph, which oidc-provider's own
    // userinfo endpoint refuses.
    formats: {
      customizers: {
        jwt: async (ctx, token, jwt) => {
          const oidcScopes = await oidcScopesOfToken(ctx, token);
          if (oidcScopes.length)
            jwt.payload.scope = [...oidcScopes, ...String(jwt.payload.scope ?? '').split(' ')]
              .filter(Boolean)
              .join(' ');
        },
      },
    },
    renderError: async (ctx, out) => {
      const lang = langOf(ctx);
      const t = textsFor(lang);
      const expired =
        out.error === 'invalid_request' && /session|interaction|expired/i.test(out.error_description ?? '');
      ctx.type = 'html';
      ctx.body = messagePage(
        lang,
        t.errorTitle,
        expired ? t.expired : `${out.error}: ${out.error_description ?? ''}`,
      );
    },
  };
  const provider = new Provider(config.IDENTITY_ISSUER, configuration);
  // Host and X-Forwarded-* are set by the service from IDENTITY_ISSUER and TRUSTED_PROXIES
  // (http/pageHeaders.ts pinToIssuer) before a request reaches the provider.
  provider.proxy = true;
  provider.use(securityHeaders);
  return provider;
}
