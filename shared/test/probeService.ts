import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import type { Caller } from '../src/auth/caller.ts';
import { pingDatabase } from '../src/database.ts';
import type { Logger } from '../src/logger.ts';
import { createAccessLog, type AccessLog } from '../src/personalData/accessLog.ts';
import { startStoreService, type RunningStoreService } from '../src/serviceMain.ts';
import { createServiceSubgraph, type SubgraphServiceConfig } from '../src/subgraphService.ts';

/** The probe's store: its connection and access log, as a subgraph's `store/` opens them. */
export interface ProbeStore {
  conn: Connection;
  accessLog: AccessLog;
}

/**
 * A subgraph service named `probe` started as every subgraph's `index.ts` starts (through
 * `startStoreService`), serving `sdl` with `resolvers` over its store.
 */
export function startProbeService(
  config: SubgraphServiceConfig,
  schema: { sdl: string; resolvers: Record<string, Record<string, unknown>> },
  logger?: Logger,
): Promise<RunningStoreService<ProbeStore>> {
  const schemaFile = join(mkdtempSync(join(tmpdir(), 'probe-')), 'schema.graphql');
  writeFileSync(schemaFile, schema.sdl);
  return startStoreService<ProbeStore>(
    'probe',
    config,
    {
      openStore: async (conn) => ({ conn, accessLog: createAccessLog(conn, 'probe', 30) }),
      createServer: (store, { logger: log, metrics }) => ({
        ...createServiceSubgraph<{ caller: Caller | null }>(
          'probe',
          config,
          { logger: log, accessLog: store.accessLog, ping: () => pingDatabase(store.conn), metrics },
          { schemaFile, resolvers: schema.resolvers as never, context: (caller) => ({ caller }) },
        ),
        stop: () => {},
      }),
    },
    { logger },
  );
}
