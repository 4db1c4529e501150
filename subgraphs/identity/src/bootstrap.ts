import { NATION_CODE, roles, scopes, type Logger } from '@edugraph/shared';
import type { IdentityConfig } from './config.ts';
import { sealClientSecret } from './clientSecrets.ts';
import type { SecretBox } from './secretBox.ts';
import { demoteFirstPartyWithoutRegistrar, upsertClient } from './store/client.ts';
import type { IdentityStore } from './store/index.ts';

/**
 * The bootstrap client: a national service client with every scope, configured by
 * IDENTITY_BOOTSTRAP_CLIENT_ID/SECRET, with which the first administrators and clients are
 * registered through the graph. Its secret follows the configuration on every start.
 */
export async function ensureBootstrapClient(
  config: IdentityConfig,
  store: IdentityStore,
  box: SecretBox,
  logger: Logger,
): Promise<void> {
  const clientId = config.IDENTITY_BOOTSTRAP_CLIENT_ID;
  const secret = config.IDENTITY_BOOTSTRAP_CLIENT_SECRET;
  if (!clientId || !secret) return;
  await upsertClient(store, clientId, {
    clientSecret: sealClientSecret(box, clientId, secret),
    name: 'EduGraph bootstrap (national service client)',
    kind: 'SERVICE',
    organization: NATION_CODE,
    orgPath: [NATION_CODE],
    scopes: Object.values(scopes),
    roles: [roles.NATIONAL_ADMIN, roles.SERVICE],
    firstParty: true,
    firstPartyBy: 'bootstrap',
    disabled: false,
  });
  logger.info({ clientId }, 'bootstrap client ready');
}

/**
 * Clients from before first-party became a national decision were all first-party (no consent
 * page), whoever registered them. Those without a record of who made them first-party become
 * third-party: their users see the consent page at the next sign-in.
 */
export async function demoteUnconfirmedFirstParty(store: IdentityStore, logger: Logger): Promise<void> {
  const demoted = await demoteFirstPartyWithoutRegistrar(store);
  if (demoted)
    logger.warn({ clients: demoted }, 'first-party clients without a national registrar are now third-party');
}
