import {
  createServiceSubgraph,
  type Caller,
  type Logger,
  type Subgraph,
  type SubgraphMetrics,
} from '@edugraph/shared';
import type { SpacesConfig } from './config.ts';
import type { SpacesContext } from './context.ts';
import { spacesLoaders } from './loaders.ts';
import {
  createDatacenterClient,
  createIdentityClient,
  type DatacenterClient,
  type IdentityClient,
} from './peers.ts';
import { resolvers } from './resolvers/index.ts';
import type { SpacesStore } from './store/index.ts';

export interface SpacesServer extends Subgraph {
  /** Nothing runs in the background; here for `runStoreService`. The HTTP server stops with `listen`'s `stop`. */
  stop: () => void;
}

function spacesContext(
  config: SpacesConfig,
  store: SpacesStore,
  peers: { identity: IdentityClient; datacenter: DatacenterClient },
  caller: Caller | null,
  authorization: string | undefined,
): SpacesContext {
  return {
    caller,
    config,
    store,
    ...peers,
    token: authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null,
    loaders: spacesLoaders(store, caller),
  };
}

/**
 * The spaces subgraph: learning spaces, their members and content, and the indicators, over a
 * store (no connection is opened and nothing listens here: `index.ts` does that, tests compose
 * it in process). Identity and the datacenter are asked over HTTP with the caller's own token.
 */
export function createSpacesServer(
  config: SpacesConfig,
  store: SpacesStore,
  options: { logger: Logger; metrics?: SubgraphMetrics },
): SpacesServer {
  const { logger } = options;
  const peers = {
    identity: createIdentityClient(config.IDENTITY_URL, logger),
    datacenter: createDatacenterClient(config.DATACENTER_URL, logger),
  };
  const { accessLog, ping } = store;
  const subgraph = createServiceSubgraph<SpacesContext>(
    'spaces',
    config,
    { ...options, accessLog, ping },
    {
      schemaFile: new URL('./schema.graphql', import.meta.url),
      resolvers: resolvers as never,
      context: (caller, req) => spacesContext(config, store, peers, caller, req.headers.authorization),
    },
  );
  return { ...subgraph, stop: () => {} };
}
