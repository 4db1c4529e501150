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
