import type { Connection } from 'mongoose';
import { closeDatabase, connectServiceDatabase } from './database.ts';
import { onShutdownSignal } from './lifecycle.ts';
import { createLogger, type Logger } from './logger.ts';
import type { SubgraphMetrics } from './observability/subgraphMetrics.ts';
import type { AccessLog } from './personalData/accessLog.ts';
import type { RunningSubgraph } from './subgraph.ts';
import { pruneAccessLog, startServiceObservability, type SubgraphServiceConfig } from './subgraphService.ts';

/** What a service built from a store (`server.ts`) gives its `index.ts`. */
export interface StoreServer {
  listen(port: number, host: string): Promise<RunningSubgraph>;
  /** Stops the server's own background work; the HTTP server stops with `listen`'s `stop`. */
  stop(): void;
}

export interface StoreServiceParts<S extends { accessLog: AccessLog }> {
  openStore(conn: Connection): Promise<S>;
  createServer(
    store: S,
    options: { logger: Logger; metrics: SubgraphMetrics },
  ): StoreServer | Promise<StoreServer>;
  /** Logged once the service listens. */
  onListening?(logger: Logger): void;
}

/** A service started by `startStoreService`. */
export interface RunningStoreService<S> {
  /** Base URL (GraphQL at `${url}/graphql`). */
  url: string;
  store: S;
  logger: Logger;
  /** Stops the access log's pruning, the server, the database, then flushes the traces. */
  stop(): Promise<void>;
}

/**
 * A service whose `server.ts` builds it from a store, started: tracing and metrics (before the
 * database opens, so its first commands are traced), its own database
 * (`${EDUGRAPH_DB_PREFIX}_${service}`), the store, the server on HOST:PORT and the access log's
 * pruning. `logger` replaces the one made from LOG_LEVEL (tests read its lines).
 */
export async function startStoreService<S extends { accessLog: AccessLog }>(
  service: string,
  config: SubgraphServiceConfig,
  parts: StoreServiceParts<S>,
  options: { logger?: Logger } = {},
): Promise<RunningStoreService<S>> {
  const logger = options.logger ?? createLogger({ service, level: config.LOG_LEVEL });
  const observability = await startServiceObservability(service, config, logger);
  const conn = await connectServiceDatabase(service, config, logger);
  observability.watchDatabase(conn);
  try {
    const store = await parts.openStore(conn);
    const server = await parts.createServer(store, { logger, metrics: observability.metrics });
    const running = await server.listen(config.PORT, config.HOST);
    parts.onListening?.(logger);
    const stopPruning = pruneAccessLog(store.accessLog, logger);
    const stop = async () => {
      stopPruning();
      server.stop();
      await running.stop();
      await closeDatabase(conn);
      await observability.stop();
    };
    return { url: running.url, store, logger, stop };
  } catch (err) {
    await closeDatabase(conn);
    await observability.stop();
    throw err;
  }
}

/**
 * The `index.ts` of a service whose `server.ts` builds it from a store: `startStoreService`,
 * then a graceful stop on SIGTERM/SIGINT.
 */
export async function runStoreService<S extends { accessLog: AccessLog }>(
  service: string,
  config: SubgraphServiceConfig,
  parts: StoreServiceParts<S>,
): Promise<void> {
  const running = await startStoreService(service, config, parts);
  onShutdownSignal(running.logger, running.stop);
}
