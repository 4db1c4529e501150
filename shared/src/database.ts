import mongoose, { type Connection } from 'mongoose';
import pRetry from 'p-retry';
import type { Logger } from './logger.ts';

export interface DatabaseSettings {
  /** MongoDB URI without the database name (`mongodb://127.0.0.1:27017/`); a path in it is ignored. */
  uri: string;
  /** Each service owns one database, e.g. `edugraph_identity`. */
  dbName: string;
  logger?: Logger;
  /** Attempts before giving up (the database may still be starting). */
  retries?: number;
  serverSelectionTimeoutMS?: number;
}

/** Database name for a service, so that several hubs can share one server (`EDUGRAPH_DB_PREFIX`). */
export function databaseName(prefix: string, service: string): string {
  return `${prefix}_${service}`;
}

/** Opens a service's own database (`${EDUGRAPH_DB_PREFIX}_${service}`) on the configured server. */
export function connectServiceDatabase(
  service: string,
  config: { readonly MONGODB_URI: string; readonly EDUGRAPH_DB_PREFIX: string },
  logger?: Logger,
): Promise<Connection> {
  return connectDatabase({
    uri: config.MONGODB_URI,
    dbName: databaseName(config.EDUGRAPH_DB_PREFIX, service),
    logger,
  });
}

/**
 * Opens a dedicated mongoose connection (never the global one, so one process can hold
 * several services' databases in tests) and retries with back-off while the server starts.
 */
export async function connectDatabase(settings: DatabaseSettings): Promise<Connection> {
  const { uri, dbName, logger, retries = 8, serverSelectionTimeoutMS = 5000 } = settings;
  return pRetry(
    async () => {
      const conn = mongoose.createConnection(uri, {
        dbName,
        serverSelectionTimeoutMS,
        // FerretDB v1 has no sessions/transactions; retryable writes need sessions.
        retryWrites: false,
        autoIndex: true,
      });
      try {
        await conn.asPromise();
      } catch (err) {
        await conn.close(true).catch(() => undefined);
        throw err;
      }
      logger?.info({ dbName }, 'database connected');
      return conn;
    },
    {
      retries,
      minTimeout: 200,
      maxTimeout: 3000,
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        logger?.warn(
          { dbName, attemptNumber, retriesLeft, err: error.message },
          'database not reachable yet; retrying',
        );
      },
    },
  );
}

/** Waits for in-flight operations and closes; safe to call twice. */
export async function closeDatabase(conn: Connection | undefined): Promise<void> {
  if (conn && conn.readyState !== mongoose.ConnectionStates.disconnected) await conn.close();
}

/** Readiness probe: a round trip to the server. */
export async function pingDatabase(conn: Connection): Promise<void> {
  if (!conn.db) throw new Error('database not connected');
  await conn.db.admin().command({ ping: 1 });
}
