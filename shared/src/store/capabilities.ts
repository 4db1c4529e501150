import type { mongo } from 'mongoose';

type Db = mongo.Db;

/**
 * What the database behind a connection can do, where MongoDB and the embedded database differ
 * (DESIGN.md): code that uses more than the common subset asks here and keeps a tested fallback.
 */
export interface DatabaseCapabilities {
  /** FerretDB (the embedded database) rather than MongoDB. */
  embedded: boolean;
  /** Multi-document transactions and change streams: MongoDB as a replica set or sharded. */
  transactions: boolean;
  changeStreams: boolean;
  /** A `$group` computes every accumulator (FerretDB v1 answers 0 for all but the first `$sum`). */
  groupWithManyAccumulators: boolean;
}

const known = new WeakMap<Db, Promise<DatabaseCapabilities>>();

async function probe(db: Db): Promise<DatabaseCapabilities> {
  const [build, hello] = await Promise.all([db.command({ buildInfo: 1 }), db.command({ hello: 1 })]);
  const embedded = 'ferretdbVersion' in build || 'ferretdbFeatures' in build;
  const replicated = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
  return {
    embedded,
    transactions: !embedded && replicated,
    changeStreams: !embedded && replicated,
    groupWithManyAccumulators: !embedded,
  };
}

/** The capabilities of a database, asked once per `Db` (two commands). */
export function databaseCapabilities(db: Db): Promise<DatabaseCapabilities> {
  let found = known.get(db);
  if (!found) {
    found = probe(db);
    known.set(db, found);
    found.catch(() => known.delete(db));
  }
  return found;
}
