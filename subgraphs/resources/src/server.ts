import { createServiceSubgraph, type Logger, type Subgraph, type SubgraphMetrics } from '@edugraph/shared';
import type { ResourcesConfig } from './config.ts';
import type { ResourcesContext } from './context.ts';
import { resourcesLoaders } from './loaders.ts';
import { createTargetDirectory, type TargetDirectory } from './push/targets.ts';
import { resolvers } from './resolvers/index.ts';
import type { ResourcesStore } from './store/index.ts';
import { buildCountsIfMissing } from './store/catalogCounts.ts';
import { buildPostingsIfMissing } from './store/searchIndex.ts';
import { countRegionUsageAtStart } from './store/regionUsage.ts';

export interface ResourcesServer extends Subgraph {
  /** Resolves once the search postings exist (built at start-up only for a database without them). */
  postingsReady: Promise<void>;
  /** Stops the work the server started (the postings build); the HTTP server stops with `listen`'s `stop`. */
  stop: () => void;
}

/**
 * Builds the postings, the catalog's counts and the usage counters of a database that has none,
 * retrying a failed build; /readyz waits for it.
 */
function buildPostings(store: ResourcesStore, logger: Logger) {
  const state = { ready: false, stopped: false };
  const done = (async () => {
    while (!state.stopped) {
      try {
        await buildPostingsIfMissing(store, logger);
        await buildCountsIfMissing(store, logger);
        await countRegionUsageAtStart(store, logger);
        state.ready = true;
        return;
      } catch (err) {
        logger.error({ err }, 'building the search postings or the counts failed; retrying in 5 s');
        await new Promise((r) => setTimeout(r, 5000).unref());
      }
    }
  })();
  return { state, done };
}

/**
 * The resources subgraph: catalog, review and admission, push to schools and classes, usage
 * and the interconnection feed, over a store (no connection is opened and nothing listens
 * here: `index.ts` does that, tests compose it in process). Tokens are verified with the
 * identity provider's JWKS (zero trust), and visibility is enforced on every path. Every read
 * goes to the database: nothing is kept per instance, so instances can be added and removed.
 */
export function createResourcesServer(
  config: ResourcesConfig,
  store: ResourcesStore,
  options: { logger: Logger; targets?: TargetDirectory; metrics?: SubgraphMetrics },
): ResourcesServer {
  const { logger } = options;
  const postings = buildPostings(store, logger);
  const targets = options.targets ?? createTargetDirectory(config.DATACENTER_URL);
  const subgraph = createServiceSubgraph<ResourcesContext>(
    'resources',
    config,
    { logger, accessLog: store.accessLog, ping: store.ping, metrics: options.metrics },
    {
      schemaFile: new URL('./schema.graphql', import.meta.url),
      resolvers: resolvers as never,
      context: (caller, req) => ({
        caller,
        authorization: req.headers.authorization,
        config,
        store,
        targets,
        loaders: resourcesLoaders(store, caller),
      }),
      readiness: [
        {
          name: 'search postings',
          check: () => {
            if (!postings.state.ready) throw new Error('the search postings are being built');
          },
        },
      ],
    },
  );
  return {
    ...subgraph,
    postingsReady: postings.done,
    stop: () => {
      postings.state.stopped = true;
    },
  };
}
