import {
  openSubgraphService,
  type Caller,
  type RunningSubgraph,
  type SubgraphServiceOptions,
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
import { createStore, prepareStore, type SpacesStore } from './store/index.ts';

export interface SpacesService extends RunningSubgraph {
  store: SpacesStore;
}

export function spacesContext(
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
 * The spaces subgraph: learning spaces, their members and content, and the indicators.
 * `options.connection` (tests, the benchmark) is an open connection to use, e.g. one that
 * counts its commands.
 */
export async function startSpacesService(
  config: SpacesConfig,
  options: SubgraphServiceOptions = {},
): Promise<SpacesService> {
  const { logger, conn, listen } = await openSubgraphService('spaces', config, options);
  const store = createStore(conn);
  if ((await prepareStore(store)).backfilled) logger.info('index fields written into older spaces and posts');
  const peers = {
    identity: createIdentityClient(config.IDENTITY_URL, logger),
    datacenter: createDatacenterClient(config.DATACENTER_URL, logger),
  };
  const running = await listen<SpacesContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers: resolvers as never,
    context: (caller, req) => spacesContext(config, store, peers, caller, req.headers.authorization),
  });
  return { ...running, store };
}
