import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createServiceSubgraph,
  createTokenVerifier,
  scopes,
  type Logger,
  type RouteHandler,
  type Subgraph,
  type SubgraphMetrics,
} from '@edugraph/shared';
import { openRateLimitStore } from '@edugraph/shared/rate-limit';
import type Provider from 'oidc-provider';
import type { IdentityConfig } from './config.ts';
import type { IdentityContext } from './context.ts';
import { encryptPlaintextClientSecrets } from './clientSecrets.ts';
import { clientAddress, trustedProxies } from './http/clientAddress.ts';
import { pinToIssuer, setPageSecurityHeaders } from './http/pageHeaders.ts';
import { SignInThrottle } from './http/signInThrottle.ts';
import { createClientAuthThrottle } from './http/clientAuthThrottle.ts';
import { Lockout, type LockoutPolicy } from './lockout.ts';
import { demoteUnconfirmedFirstParty, ensureBootstrapClient } from './bootstrap.ts';
import { identityLoaders } from './loaders.ts';
import { ensureConsoleClient } from './consoleClient.ts';
import { guardClientSecrets } from './oidc/clientAuthGuard.ts';
import { interactionRoutes } from './oidc/interactions.ts';
import { encryptPlaintextKeys } from './oidc/keys.ts';
import { Keyring } from './oidc/keyring.ts';
import { createProvider } from './oidc/provider.ts';
import { createServiceTokenSource } from './oidc/serviceToken.ts';
import { userinfoRoute } from './oidc/userinfo.ts';
import { createOrgTree } from './orgTree.ts';
import { resolvers } from './resolvers/index.ts';
import { encryptionKeyRingFrom } from './encryptionKeyRing.ts';
import { createSecretBox, type SecretBox } from './secretBox.ts';
import { hashStoredOidcIds } from './store/oidcRecords.ts';
import type { IdentityStore } from './store/index.ts';
import { sweepExpired } from './store/oidcRecords.ts';

export interface IdentityServer extends Subgraph {
  /** Stops the work the server started (sweeps, key refresh); the HTTP server stops with `listen`'s `stop`. */
  stop: () => void;
}

const SWEEP_INTERVAL_MS = 10 * 60_000;

/** The box that encrypts secrets at rest; rows stored in plain text before are encrypted now. */
async function openSecrets(config: IdentityConfig, store: IdentityStore, logger: Logger) {
  const { ring, derived } = encryptionKeyRingFrom(config);
  if (derived)
    logger.warn(
      'IDENTITY_ENCRYPTION_KEY is not set: secrets at rest are encrypted with a development key derived from EDUGRAPH_DB_PREFIX (refused in production)',
    );
  // Key ids only (fingerprints): they tell an operator which key is which during a rotation.
  logger.info(
    { keyId: ring.current.id, previousKeyIds: ring.previous.map((k) => k.id) },
    'secrets at rest: encryption key ring',
  );
  const box = createSecretBox(ring);
  const encrypted =
    (await encryptPlaintextKeys(store, box)) + (await encryptPlaintextClientSecrets(store, box));
  if (encrypted) logger.info({ encrypted }, 'secrets stored in plain text were encrypted');
  const hashed = await hashStoredOidcIds(store, box);
  if (hashed)
    logger.info({ hashed }, 'sessions and tokens stored under their plain ids were re-stored hashed');
  return box;
}

/**
 * Runs before every other route: pins Host and X-Forwarded-* to IDENTITY_ISSUER and the client
 * address from TRUSTED_PROXIES, and gives every page the security headers (not the GraphQL
 * endpoint, whose development IDE loads scripts).
 */
function requestPinning(config: IdentityConfig, sourceOf: (req: IncomingMessage) => string): RouteHandler {
  const issuer = new URL(config.IDENTITY_ISSUER);
  return (req, res) => {
    pinToIssuer(req, issuer, sourceOf(req));
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/graphql') setPageSecurityHeaders(res);
    return false;
  };
}

function startSweeper(store: IdentityStore, lockout: Lockout, logger: Logger) {
  const timer = setInterval(() => {
    Promise.all([sweepExpired(store), lockout.sweep()]).catch((err: unknown) =>
      logger.warn({ err }, 'sweeping expired sessions failed'),
    );
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  return timer;
}

/**
 * The identity service over a store: the OpenID provider at the service root (discovery, JWKS,
 * auth, token, logout…), its sign-in pages, userinfo, and the identity subgraph at /graphql.
 * No connection is opened and nothing listens here (`index.ts` does that); it prepares the
 * store's secrets, bootstrap client and keys before the server is built.
 */
export async function createIdentityServer(
  config: IdentityConfig,
  store: IdentityStore,
  options: { logger: Logger; metrics?: SubgraphMetrics },
): Promise<IdentityServer> {
  const { logger } = options;
  const policy: LockoutPolicy = {
    threshold: config.LOCKOUT_THRESHOLD,
    baseSeconds: config.LOCKOUT_BASE_SECONDS,
    maxSeconds: config.LOCKOUT_MAX_SECONDS,
  };
  const lockout = new Lockout(store, policy);
  const box: SecretBox = await openSecrets(config, store, logger);
  await ensureBootstrapClient(config, store, box, logger);
  await ensureConsoleClient(config, store, logger);
  await demoteUnconfirmedFirstParty(store, logger);

  const rateLimits = await openRateLimitStore({
    redisUrl: config.REDIS_URL,
    keyPrefix: 'edugraph:identity:client-auth',
    logger,
  });
  const clientAuthThrottle = createClientAuthThrottle(rateLimits, {
    maxFailures: config.CLIENT_AUTH_MAX_FAILURES,
    sourceMaxFailures: config.CLIENT_AUTH_SOURCE_MAX_FAILURES,
    windowSeconds: config.CLIENT_AUTH_WINDOW_SECONDS,
  });
  let provider: Provider;
  let providerHandler: ReturnType<Provider['callback']>;
  const build = (keys: Keyring['keys']) => {
    provider = createProvider({ config, store, keys, box });
    guardClientSecrets(provider, clientAuthThrottle, logger);
    providerHandler = provider.callback();
  };
  // Rotations made by other instances arrive through the keyring's refresh.
  const keyring = await Keyring.open({ store, box, logger, onChange: build });
  build(keyring.keys);
  keyring.start(config.KEYS_REFRESH_SECONDS * 1000);

  const orgTree = createOrgTree({
    datacenterUrl: config.DATACENTER_URL,
    serviceToken: createServiceTokenSource({
      issuer: config.IDENTITY_ISSUER,
      audience: config.TOKEN_AUDIENCE,
      scope: scopes.DATACENTER_READ,
      signingKey: () => keyring.keys.signing[0]!,
    }),
  });

  const providerRoute = (req: IncomingMessage, res: ServerResponse) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname === '/graphql') return false;
    providerHandler(req, res);
    return true;
  };
  const trusted = trustedProxies(config.TRUSTED_PROXIES);
  const sourceOf = (req: IncomingMessage) => clientAddress(req, trusted);
  const throttle = new SignInThrottle({
    maxFailures: config.SIGNIN_SOURCE_MAX_FAILURES,
    windowSeconds: config.SIGNIN_SOURCE_WINDOW_SECONDS,
  });
  // Tokens are checked against the provider's keys in this process (no HTTP round trip to
  // itself); an unknown key id first looks for keys rotated by another instance.
  const verifierOptions = {
    minRefreshIntervalMs: 0,
    fetchImpl: async () => {
      await keyring.refreshSoon();
      return Response.json(keyring.publicJwks());
    },
  };
  const verifier = createTokenVerifier({
    issuer: config.IDENTITY_ISSUER,
    audience: config.TOKEN_AUDIENCE,
    ...verifierOptions,
  });
  const sweeper = startSweeper(store, lockout, logger);

  const subgraph = createServiceSubgraph<IdentityContext>(
    'identity',
    config,
    { logger, accessLog: store.accessLog, ping: store.ping, metrics: options.metrics },
    {
      schemaFile: new URL('./schema.graphql', import.meta.url),
      resolvers: resolvers as never,
      // A user reads their own sign-in name and person number unmasked.
      personalData: {
        isOwnRecord: (type, user, caller) => type === 'User' && String(user._id) === caller.subject,
      },
      verifier: verifierOptions,
      routes: [
        requestPinning(config, sourceOf),
        userinfoRoute({ verifier, store }),
        interactionRoutes(() => provider, store, policy, logger, config.TOKEN_AUDIENCE, {
          throttle,
          sourceOf,
        }),
        providerRoute,
      ],
      context: (caller) => ({
        caller,
        config,
        store,
        orgTree,
        secrets: box,
        rotateSigningKey: () => keyring.rotate(),
        loaders: identityLoaders(store),
      }),
    },
  );
  return {
    ...subgraph,
    stop: () => {
      clearInterval(sweeper);
      keyring.stop();
      void rateLimits.close();
    },
  };
}
