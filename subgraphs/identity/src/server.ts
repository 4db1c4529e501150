import type { IncomingMessage, ServerResponse } from 'node:http';
import { openSubgraphService, type Logger, type RunningSubgraph } from '@edugraph/shared';
import type Provider from 'oidc-provider';
import type { IdentityConfig } from './config.ts';
import { identityLoaders, type IdentityContext, type Models } from './context.ts';
import { clientModel } from './models/client.ts';
import { userModel } from './models/user.ts';
import { ensureAdapterIndexes, sweepExpired } from './oidc/adapter.ts';
import { ensureBootstrapClient } from './bootstrap.ts';
import { interactionRoutes } from './oidc/interactions.ts';
import { loadKeys, rotateSigningKey } from './oidc/keys.ts';
import { createProvider } from './oidc/provider.ts';
import { resolvers } from './resolvers/index.ts';

export interface IdentityService extends RunningSubgraph {
  models: Models;
}

const SWEEP_INTERVAL_MS = 10 * 60_000;

/** Public halves of the provider's signing keys, for verifying tokens in-process. */
function publicJwks(signing: Record<string, unknown>[]) {
  return {
    keys: signing.map(({ kty, n, e, kid, use, alg }) => ({ kty, n, e, kid, use, alg })),
  };
}

/**
 * The identity service: the OpenID provider at the service root (discovery, JWKS, auth,
 * token, logout…), its sign-in pages, and the identity subgraph at /graphql.
 */
export async function startIdentityService(
  config: IdentityConfig,
  options: { logger?: Logger } = {},
): Promise<IdentityService> {
  const { logger, conn, listen } = await openSubgraphService('identity', config, options);
  const models: Models = { users: userModel(conn), clients: clientModel(conn) };
  await Promise.all([models.users.init(), models.clients.init(), ensureAdapterIndexes(conn)]);
  await ensureBootstrapClient(config, models, logger);

  let keys = await loadKeys(conn);
  let provider: Provider = createProvider({ config, conn, ...models, keys });
  let providerHandler = provider.callback();
  const rotate = async () => {
    const kid = await rotateSigningKey(conn);
    keys = await loadKeys(conn);
    provider = createProvider({ config, conn, ...models, keys });
    providerHandler = provider.callback();
    logger.info({ kid }, 'signing key rotated');
    return kid;
  };

  const policy = { threshold: config.LOCKOUT_THRESHOLD, baseSeconds: config.LOCKOUT_BASE_SECONDS };
  const providerRoute = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/graphql') return false;
    providerHandler(req, res);
    return true;
  };

  const sweeper = setInterval(() => {
    sweepExpired(conn).catch((err: unknown) => logger.warn({ err }, 'sweeping expired sessions failed'));
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();

  const running = await listen<IdentityContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers: resolvers as never,
    // A user reads their own sign-in name and person number unmasked.
    personalData: {
      isOwnRecord: (type, user, caller) => type === 'User' && String(user._id) === caller.subject,
    },
    // Tokens are checked against the provider's keys in this process (no HTTP round trip to itself).
    verifier: { minRefreshIntervalMs: 0, fetchImpl: async () => Response.json(publicJwks(keys.signing)) },
    routes: [
      interactionRoutes(() => provider, models.users, policy, logger, config.TOKEN_AUDIENCE),
      providerRoute,
    ],
    context: (caller) => ({
      caller,
      config,
      conn,
      models,
      rotateSigningKey: rotate,
      loaders: identityLoaders(models),
    }),
  });
  logger.info({ issuer: config.IDENTITY_ISSUER }, 'OpenID provider ready');
  return {
    ...running,
    models,
    stop: async () => {
      clearInterval(sweeper);
      await running.stop();
    },
  };
}
