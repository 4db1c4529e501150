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

/** A store opened on a connection and its server listening (`listenOnStore`). */
export interface ListeningStore<S> {
  url: string;
  store: S;
  /** Stops the server's background work, then its HTTP server (the connection stays open). */
  stop(): Promise<void>;
}

/**
 * The part every start of a store-built service shares (`startStoreService`, and the in-process
 * services of tests, infra/src/testing/storeServer.ts): open the store on `conn`, build the
 * server from it, listen on HOST:PORT.
 */
export async function listenOnStore<S, O>(
  conn: Connection,
  parts: {
    openStore(conn: Connection): Promise<S>;
    createServer(store: S, options: O): StoreServer | Promise<StoreServer>;
  },
  options: O,
  address: { port: number; host: string },
): Promise<ListeningStore<S>> {
  const store = await parts.openStore(conn);
  const server = await parts.createServer(store, options);
  const running = await server.listen(address.port, address.host);
  const stop = async () => {
    server.stop();
    await running.stop();
  };
  return { url: running.url, store, stop };
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
    const listening = await listenOnStore(
      conn,
      parts,
      { logger, metrics: observability.metrics },
      { port: config.PORT, host: config.HOST },
    );
    parts.onListening?.(logger);
    const { store } = listening;
    const stopPruning = pruneAccessLog(store.accessLog, logger);
    const stop = async () => {
      stopPruning();
      await listening.stop();
      await closeDatabase(conn);
      await observability.stop();
    };
    return { url: listening.url, store, logger, stop };
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
