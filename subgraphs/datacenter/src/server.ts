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
import { createModels, ensureIndexes, type Models } from './models/index.ts';
import { readsFor } from './reads.ts';
import { Replica } from './replica/replica.ts';
import { resolvers } from './resolvers/index.ts';
import { createChangeLog, type ChangeLog } from './sync/changeLog.ts';

export interface DatacenterService extends RunningSubgraph {
  models: Models;
  log: ChangeLog;
  conn: Connection;
  /** The in-memory replica of the records (undefined when DATACENTER_REPLICA=false). */
  replica: Replica | undefined;
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
  const { conn, listen, logger } = await openSubgraphService('datacenter', config, options);
  const models = createModels(conn);
  await ensureIndexes(models);
  const log = createChangeLog(models);
  const replica = config.DATACENTER_REPLICA ? new Replica(models, logger) : undefined;
  // Built in the background: until it is warm, requests read the database.
  void replica?.build();
  const running = await listen<DatacenterContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers: resolvers as never,
    context: async (caller) => {
      const reads = await readsFor(models, replica);
      return { caller, models, log, replica, reads, loaders: datacenterLoaders(reads) };
    },
  });
  return { ...running, models, log, conn, replica };
}
