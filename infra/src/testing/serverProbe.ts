import { closeDatabase, connectDatabase, type StoreServer } from '@edugraph/shared';
import type { Server } from 'node:http';
import type { Connection } from 'mongoose';
import { startEmbeddedDatabase } from '@edugraph/embedded-db';

/** An embedded database of the test's own and one connection to it (`openTestDatabase`). */
export interface TestDatabase {
  uri: string;
  conn: Connection;
  /** Closes the connection, then stops the database. */
  close(): Promise<void>;
}

/** Starts an embedded database and connects to its database `dbName`. */
export async function openTestDatabase(dbName: string): Promise<TestDatabase> {
  const db = await startEmbeddedDatabase();
  try {
    const conn = await connectDatabase({ uri: db.uri, dbName });
    const close = async () => {
      await closeDatabase(conn);
      await db.stop();
    };
    return { uri: db.uri, conn, close };
  } catch (err) {
    await db.stop();
    throw err;
  }
}

/** What `probeStoreServer` saw. */
export interface StoreServerProbe {
  /** Whether the HTTP server listened before `listen` was called. */
  listeningBeforeListen: boolean;
  /** `/readyz` once it listens. */
  readyStatus: number;
  /** The error code a query without a token got. */
  anonymousCode: string | undefined;
  /** Whether the connection the store was opened on is still open once the server stopped. */
  connectionOpenAfterStop: boolean;
}

/**
 * The checks every subgraph's server.test.ts makes of a server built from a store it opened on
 * `connection`: it listens only when asked (after `beforeListen`), answers ready, refuses a
 * caller without a token, and leaves the test's connection open when it stops.
 */
export async function probeStoreServer(parts: {
  server: StoreServer & { server: Server };
  connection: Connection;
  anonymousQuery: string;
  beforeListen?: () => Promise<unknown>;
}): Promise<StoreServerProbe> {
  const { server } = parts;
  const listeningBeforeListen = server.server.listening;
  await parts.beforeListen?.();
  const running = await server.listen(0, '127.0.0.1');
  let readyStatus: number;
  let anonymousCode: string | undefined;
  try {
    readyStatus = (await fetch(`${running.url}/readyz`)).status;
    const anonymous = await fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: parts.anonymousQuery }),
    });
    const body = (await anonymous.json()) as { errors?: { extensions?: { code?: string } }[] };
    anonymousCode = body.errors?.[0]?.extensions?.code;
  } finally {
    server.stop();
    await running.stop();
  }
  const connectionOpenAfterStop = parts.connection.readyState === 1;
  return { listeningBeforeListen, readyStatus, anonymousCode, connectionOpenAfterStop };
}
