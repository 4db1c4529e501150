import { CONSOLE_CLIENT_ID, NATION_CODE, scopes, type Logger } from '@edugraph/shared';
import type { IdentityConfig } from './config.ts';
import { upsertClient } from './store/client.ts';
import type { IdentityStore } from './store/index.ts';

/** Where the console returns after sign-in and sign-out, under its public URL. */
export function consoleRedirects(consoleUrl: string): { redirectUris: string[]; postLogout: string[] } {
  const base = consoleUrl.endsWith('/') ? consoleUrl : `${consoleUrl}/`;
  return { redirectUris: [`${base}callback`], postLogout: [base] };
}

/**
 * The operator console's client: a first-party public portal (code + PKCE, no secret, no
 * consent page) set up by the operator's configuration, like the bootstrap client. Its redirect
 * URIs follow CONSOLE_URL on every start, so a hub moved to another address keeps signing in.
 * It may ask for every scope; what a token gets is still limited by the user's roles.
 */
export async function ensureConsoleClient(
  config: IdentityConfig,
  store: IdentityStore,
  logger: Logger,
): Promise<void> {
  if (!config.CONSOLE_URL) return;
  const { redirectUris, postLogout } = consoleRedirects(config.CONSOLE_URL);
  await upsertClient(store, CONSOLE_CLIENT_ID, {
    clientSecret: null,
    name: 'EduGraph 管理控制台 Operator console',
    kind: 'PORTAL',
    organization: NATION_CODE,
    orgPath: [NATION_CODE],
    scopes: Object.values(scopes),
    roles: [],
    redirectUris,
    postLogoutRedirectUris: postLogout,
    firstParty: true,
    firstPartyBy: 'bootstrap',
    disabled: false,
  });
  logger.info({ clientId: CONSOLE_CLIENT_ID, redirectUris }, 'console client ready');
}
