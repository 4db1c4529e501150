import { createServiceSubgraph, type Logger, type Subgraph, type SubgraphMetrics } from '@edugraph/shared';
import type { DatacenterConfig } from './config.ts';
import type { DatacenterContext } from './context.ts';
import { datacenterLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import type { Store } from './store/index.ts';

export interface DatacenterServer extends Subgraph {
  /** Nothing runs besides the HTTP server, which stops with `listen`'s `stop`. */
  stop: () => void;
}

/**
 * The datacenter subgraph: regions, schools, classes, students, teachers and assets of the
 * management data center, batch upserts for sync jobs and the change feed, at /graphql, over
 * a store (no connection is opened and nothing listens here: `index.ts` does that, tests
 * compose it in process). Every read goes to the database, so instances can be added and removed.
 */
export function createDatacenterServer(
  config: DatacenterConfig,
  store: Store,
  options: { logger: Logger; metrics?: SubgraphMetrics },
): DatacenterServer {
  const subgraph = createServiceSubgraph<DatacenterContext>(
    'datacenter',
    config,
    { logger: options.logger, accessLog: store.accessLog, ping: store.ping, metrics: options.metrics },
    {
      schemaFile: new URL('./schema.graphql', import.meta.url),
      resolvers: resolvers as never,
      context: (caller) => ({ caller, store, loaders: datacenterLoaders(store) }),
    },
  );
  return { ...subgraph, stop: () => {} };
}
