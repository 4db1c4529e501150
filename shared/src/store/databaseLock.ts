import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from './duplicateKey.ts';

/** A holder keeping a lock longer than this is presumed dead and its lock is broken. */
export const DATABASE_LOCK_LEASE_MS = 60_000;

interface LockDoc {
  _id: string;
  holder: string;
  until: Date;
}

/**
 * Runs `work` holding the lock `name`, across every process on the database (collection
 * `write_locks`).
 *
 * Why: the embedded database evaluates an update's filter and writes the document in two steps
 * without isolation, so two writers' `$inc` of one counter, or two "update where version = 6",
 * can both read the old document and the one that lands last wins. Inserting a document with a
 * given `_id` is atomic there (a primary key), so it serves as the lock; writes are serialized by
 * SQLite's single writer anyway. A holder that died leaves its lock until the lease ends.
 */
export async function withDatabaseLock<T>(db: mongo.Db, name: string, work: () => Promise<T>): Promise<T> {
  // Holders on this connection queue here first, so only processes compete for the database lock.
  const queues = queuesOf(db);
  const before = queues.get(name) ?? Promise.resolve();
  const mine = before.then(() => lockedInDatabase(db, name, work));
  const settled = mine.then(
    () => undefined,
    () => undefined,
  );
  queues.set(name, settled);
  void settled.then(() => {
    if (queues.get(name) === settled) queues.delete(name);
  });
  return mine;
}

const queuesByDb = new WeakMap<mongo.Db, Map<string, Promise<void>>>();

function queuesOf(db: mongo.Db): Map<string, Promise<void>> {
  let queues = queuesByDb.get(db);
  if (!queues) queuesByDb.set(db, (queues = new Map()));
  return queues;
}

const pause = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.min(50, 2 + attempt * 2) * (0.5 + Math.random())));

async function lockedInDatabase<T>(db: mongo.Db, name: string, work: () => Promise<T>): Promise<T> {
  const locks = db.collection<LockDoc>('write_locks');
  const holder = randomUUID();
  for (let attempt = 0; ; attempt++) {
    try {
      await locks.insertOne({ _id: name, holder, until: new Date(Date.now() + DATABASE_LOCK_LEASE_MS) });
      break;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const current = await locks.findOne({ _id: name });
      // Only the expired holder's lock is broken: a fresh one taken meanwhile stays.
      if (current && current.until.getTime() < Date.now())
        await locks.deleteOne({ _id: name, holder: current.holder });
      else await pause(attempt);
    }
  }
  try {
    return await work();
  } finally {
    await locks.deleteOne({ _id: name, holder });
  }
}
