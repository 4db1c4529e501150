import mongoose from 'mongoose';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';

const { EJSON } = mongoose.mongo.BSON;
type Db = mongoose.mongo.Db;

/**
 * The same data in two embedded databases: one with our pushdown patches, one started with
 * `-disable-pushdown` (FerretDB filtering, sorting and limiting every query in Go over the whole
 * collection: the reference). `both` runs one operation against each and returns both answers as
 * canonical Extended JSON, so int32/int64/double and -0 stay distinct.
 */
export interface TwoDatabases {
  pushed: Db;
  reference: Db;
  both(op: (db: Db) => Promise<unknown>): Promise<[string, string]>;
  stop(): Promise<void>;
}

async function open(disablePushdown: boolean): Promise<[EmbeddedDatabase, mongoose.mongo.MongoClient]> {
  const server = await startEmbeddedDatabase({ disablePushdown });
  const client = new mongoose.mongo.MongoClient(server.uri, { directConnection: true });
  await client.connect();
  return [server, client];
}

/** Canonical text of an answer, or of the error it gave (both sides must fail alike). */
async function answer(op: () => Promise<unknown>): Promise<string> {
  try {
    return EJSON.stringify(await op(), { relaxed: false });
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

export async function startTwoDatabases(dbName: string): Promise<TwoDatabases> {
  const [[pushedServer, pushedClient], [referenceServer, referenceClient]] = await Promise.all([
    open(false),
    open(true),
  ]);
  const pushed = pushedClient.db(dbName);
  const reference = referenceClient.db(dbName);
  return {
    pushed,
    reference,
    both: async (op) => Promise.all([answer(() => op(pushed)), answer(() => op(reference))]),
    stop: async () => {
      await Promise.all([pushedClient.close(), referenceClient.close()]);
      await Promise.all([pushedServer.stop(), referenceServer.stop()]);
    },
  };
}

/** Documents as a set: sorted by their canonical text (for queries without a sort). */
export function asSet(docs: unknown[]): string[] {
  return docs.map((d) => EJSON.stringify(d, { relaxed: false })).sort();
}

export function describeFilter(filter: unknown): string {
  return EJSON.stringify(filter, { relaxed: false });
}
