import {
  closeDatabase,
  connectServiceDatabase,
  createLogger,
  listenOnStore,
  type Logger,
  type StoreServer,
} from '@edugraph/shared';
import type { Connection } from 'mongoose';

export interface InProcessService<S> {
  /** Base URL (GraphQL at `${url}/graphql`). */
  url: string;
  store: S;
  /** Stops the server, then closes the connection if it was opened here. */
  stop(): Promise<void>;
}

/**
 * A service built from a store (its `server.ts`) running in the test's own process, so the test
 * can count its database commands or reach its store: on `service`'s database of the hub
 * (`hub.mongoUri`, `hub.dbPrefix`) or on `connection` when given (its owner closes it), the
 * store opened as `index.ts` opens it, the server on a free port of 127.0.0.1.
 */
export async function startStoreServer<S>(
  hub: { mongoUri: string; dbPrefix: string },
  service: string,
  parts: {
    connection?: Connection | undefined;
    openStore(conn: Connection): Promise<S>;
    createServer(store: S, options: { logger: Logger }): StoreServer | Promise<StoreServer>;
  },
): Promise<InProcessService<S>> {
  const logger = createLogger({ service, level: 'warn' });
  const conn =
    parts.connection ??
    (await connectServiceDatabase(service, { MONGODB_URI: hub.mongoUri, EDUGRAPH_DB_PREFIX: hub.dbPrefix }));
  const close = () => (parts.connection ? Promise.resolve() : closeDatabase(conn));
  try {
    const listening = await listenOnStore(conn, parts, { logger }, { port: 0, host: '127.0.0.1' });
    return {
      url: listening.url,
      store: listening.store,
      stop: async () => {
        await listening.stop();
        await close();
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}
