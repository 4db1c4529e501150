import {
  connectServiceDatabase,
  openSubgraphService,
  type Logger,
  type RunningSubgraph,
  type SubgraphServiceOptions,
} from '@edugraph/shared';
import type { Connection } from 'mongoose';
import type { DatacenterConfig } from './config.ts';
import type { DatacenterContext } from './context.ts';
import { datacenterLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createStore, prepareStore, type Models, type Store } from './store/index.ts';
import { createChangeLog, type ChangeLog } from './sync/changeLog.ts';

export interface DatacenterService extends RunningSubgraph {
  store: Store;
  models: Models;
  log: ChangeLog;
  conn: Connection;
}

/** A logger, and an open connection to use (tests pass one with command monitoring). */
export type DatacenterOptions = SubgraphServiceOptions;

export async function openDatacenterDatabase(
  config: Pick<DatacenterConfig, 'MONGODB_URI' | 'EDUGRAPH_DB_PREFIX'>,
  logger?: Logger,
) {
  return connectServiceDatabase('datacenter', config, logger);
}

/**
 * The datacenter subgraph: regions, schools, classes, students, teachers and assets of the
 * management data center, batch upserts for sync jobs and the change feed, at /graphql.
 */
export async function startDatacenterService(
  config: DatacenterConfig,
  options: DatacenterOptions = {},
): Promise<DatacenterService> {
  const { conn, listen } = await openSubgraphService('datacenter', config, options);
  const store = createStore(conn);
  const { models } = store;
  await prepareStore(store);
  const log = createChangeLog(models);
  const running = await listen<DatacenterContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers: resolvers as never,
    context: async (caller) => ({
      caller,
      store,
      models,
      log,
      loaders: datacenterLoaders(store.records, models),
    }),
  });
  return { ...running, store, models, log, conn };
}
