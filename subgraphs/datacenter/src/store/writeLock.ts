import { isDuplicateKeyError } from '@edugraph/shared';
import { Types } from 'mongoose';
import type { Models } from './models/index.ts';

/** A writer holding a lock longer than this is presumed dead and its lock is broken. */
export const WRITE_LOCK_LEASE_MS = 60_000;

interface LockDoc {
  _id: string;
  holder: string;
  until: Date;
}

const locks = (models: Models) => models.changeBatches.db.collection<LockDoc>('write_locks');

/**
 * Runs `write` holding the write lock of one entity kind, across every process on the database.
 *
 * Why: the embedded database evaluates an update's filter and writes the document in two steps
 * without isolation, so two writers' "update where version = 6" can both match and the one that
 * lands last wins while both log version 7: the feed's last entry for the record would then not
 * be its state. Inserting a document with a given `_id` is atomic there (a primary key), so it
 * serves as the lock; writes of one kind are serialized anyway by SQLite's single writer.
 */
export async function withWriteLock<T>(models: Models, name: string, write: () => Promise<T>): Promise<T> {
  // Writers on this connection queue here first, so only processes compete for the database lock.
  const queues = queuesOf(models);
  const queueKey = name;
  const before = queues.get(queueKey) ?? Promise.resolve();
  const mine = before.then(() => lockedInDatabase(models, name, write));
  const settled = mine.then(
    () => undefined,
    () => undefined,
  );
  queues.set(queueKey, settled);
  void settled.then(() => {
    if (queues.get(queueKey) === settled) queues.delete(queueKey);
  });
  return mine;
}

const queuesByConnection = new WeakMap<object, Map<string, Promise<void>>>();

function queuesOf(models: Models): Map<string, Promise<void>> {
  let queues = queuesByConnection.get(models.changeBatches.db);
  if (!queues) queuesByConnection.set(models.changeBatches.db, (queues = new Map()));
  return queues;
}

async function lockedInDatabase<T>(models: Models, name: string, write: () => Promise<T>): Promise<T> {
  const holder = new Types.ObjectId().toHexString();
  for (let attempt = 0; ; attempt++) {
    try {
      await locks(models).insertOne({
        _id: name,
        holder,
        until: new Date(Date.now() + WRITE_LOCK_LEASE_MS),
      });
      break;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const current = await locks(models).findOne({ _id: name });
      if (current && current.until.getTime() < Date.now()) {
        // Only the expired holder's lock: a fresh one taken meanwhile stays.
        await locks(models).deleteOne({ _id: name, holder: current.holder });
        continue;
      }
      await new Promise((r) => setTimeout(r, Math.min(50, 2 + attempt * 2) * (0.5 + Math.random())));
    }
  }
  try {
    return await write();
  } finally {
    await locks(models).deleteOne({ _id: name, holder });
  }
}
