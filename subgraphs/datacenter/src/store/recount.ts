import { isDuplicateKeyError } from '@edugraph/shared';
import { withWriteLock } from './writeLock.ts';
import type { RecordCollection } from './collections.ts';
import { addContribution, COUNTED, counterLock, type Deltas } from './counters.ts';
import type { Models } from './models/index.ts';

/** Bump when counters.ts counts something new: databases counted before are recounted at start. */
export const COUNTERS_VERSION = 'counters-2';
const BATCH = 1000;

const counted = () => Object.keys(COUNTED) as RecordCollection[];

/**
 * Rebuilds the counters of each counted collection from its stored records. Each collection is
 * recounted under its counter lock, which writers hold from their record writes to their counter
 * writes (sync/applyChanges.ts): no write lands between the read and the counters written, so
 * the result is exact with writers running, and running it twice writes the same values. Returns
 * the counter documents written. One pass over every record of the kind (minutes at 1,000,000
 * students on the embedded database): for a first start or `npm run recount`, not for requests.
 */
export async function recount(models: Models, colls: readonly RecordCollection[] = counted()) {
  let written = 0;
  for (const coll of colls) {
    written += await withWriteLock(models, counterLock(coll), async () => {
      const totals: Deltas = new Map();
      const projection = Object.fromEntries(
        ['orgPath', 'deleted', ...COUNTED[coll]!.fields].map((f) => [f, 1]),
      );
      const cursor = models[coll].collection.find({ deleted: false }, { projection, batchSize: BATCH });
      for await (const row of cursor) addContribution(totals, coll, row, 1);
      const ops = [...totals].map(([_id, { code, metrics }]) => ({
        replaceOne: { filter: { _id } as never, replacement: { coll, code, ...metrics }, upsert: true },
      }));
      for (let i = 0; i < ops.length; i += BATCH)
        await models.counters.collection.bulkWrite(ops.slice(i, i + BATCH) as never, { ordered: false });
      // Organizations left with no record of the kind.
      const stored = await models.counters.collection.find({ coll }, { projection: { _id: 1 } }).toArray();
      const stale = stored.map((r) => r._id).filter((id) => !totals.has(String(id)));
      if (stale.length > 0) await models.counters.collection.deleteMany({ _id: { $in: stale } });
      return ops.length;
    });
  }
  return written;
}

/**
 * At start: counts the stored records once when this version's counters were never built (a
 * database written before them), then leaves a marker so later starts skip it with one lookup.
 * A new database needs no pass: every write maintains the counters.
 */
export async function countersAtStart(models: Models): Promise<number> {
  const migrations = models.changeBatches.db.collection<{ _id: string; at: Date; written: number }>(
    'store_migrations',
  );
  if (await migrations.findOne({ _id: COUNTERS_VERSION })) return 0;
  const sizes = await Promise.all(counted().map((c) => models[c].estimatedDocumentCount()));
  const written = sizes.some((n) => n > 0) ? await recount(models) : 0;
  await migrations.insertOne({ _id: COUNTERS_VERSION, at: new Date(), written }).catch((err: unknown) => {
    if (!isDuplicateKeyError(err)) throw err;
  });
  return written;
}
