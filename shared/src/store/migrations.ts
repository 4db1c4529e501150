import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from './duplicateKey.ts';

interface Marker {
  _id: string;
  at: Date;
  result?: unknown;
}

/**
 * Runs a one-off data migration (e.g. writing derived index fields into records stored before
 * they existed) unless its marker is in `collection`; later starts cost one lookup by `_id`.
 * The migration must be idempotent: instances starting at once may both run it, and an
 * interrupted run is simply run again. True when it ran.
 */
export async function runMigrationOnce(
  db: mongo.Db,
  id: string,
  migrate: () => Promise<unknown>,
  collection = 'migrations',
): Promise<boolean> {
  const markers = db.collection<Marker>(collection);
  if (await markers.findOne({ _id: id })) return false;
  const result = await migrate();
  await markers.insertOne({ _id: id, at: new Date(), result }).catch((err: unknown) => {
    if (!isDuplicateKeyError(err)) throw err;
  });
  return true;
}

/**
 * One pass of one cursor over `collection`, setting on each row what `stale` returns for it
 * (nothing when undefined), `batch` updates a `bulkWrite`. Each update matches the row's `_id`
 * and the `guard` fields at the values read (e.g. `seq`: a record rewritten meanwhile keeps the
 * newer write). One cursor, not a sorted `_id` range per batch, which would make the embedded
 * database decode and sort the rest of the collection each time. Returns the rows changed.
 */
export async function updateStale(
  collection: mongo.Collection,
  stale: (row: mongo.Document) => Record<string, unknown> | undefined,
  options: { guard?: readonly string[]; batch?: number } = {},
): Promise<number> {
  const { guard = [], batch = 1000 } = options;
  let updated = 0;
  let ops: mongo.AnyBulkWriteOperation[] = [];
  const flush = async () => {
    if (ops.length > 0) updated += (await collection.bulkWrite(ops, { ordered: false })).modifiedCount;
    ops = [];
  };
  for await (const row of collection.find({}, { batchSize: batch })) {
    const set = stale(row);
    if (!set) continue;
    const filter = Object.fromEntries([['_id', row._id], ...guard.map((f) => [f, row[f]])]);
    ops.push({ updateOne: { filter, update: { $set: set } } });
    if (ops.length === batch) await flush();
  }
  await flush();
  return updated;
}
