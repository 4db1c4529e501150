import { codeOf, jytColumns } from '@edugraph/shared';
import { isDuplicateKeyError } from '@edugraph/shared';
import type { AnyBulkWriteOperation } from 'mongodb';
import { contentHash } from './recordWrites.ts';
import type { Models } from './models/index.ts';

export const CODE_VALUES_VERSION = 'code-values-1';
const BATCH = 1000;

/** The coded fields whose stored values were English enums or Chinese names before code sets. */
const CODED: Readonly<Record<'students' | 'teachers', Record<string, string>>> = {
  students: { gender: 'XBM', status: 'XJZTM', ethnicity: 'MZM' },
  teachers: { gender: 'XBM' },
};

/**
 * Rewrites the coded fields of students and teachers stored before code sets (MALE, ENROLLED,
 * 汉族) as their codes (1, 01, 01), with the content hash the same record sent again would have,
 * so re-sending an old file is UNCHANGED rather than UPDATED. Versions are not bumped and no
 * feed change is written: the values mean the same, and a hub pulling old feed records accepts
 * either spelling. Same pattern as backfill.ts: one cursor pass, updates by `_id` and `seq` (a
 * concurrent sync write wins), then a marker so later starts skip it.
 */
export async function migrateCodeValues(models: Models): Promise<number> {
  const migrations = models.changeBatches.db.collection<{ _id: string }>('store_migrations');
  if (await migrations.findOne({ _id: CODE_VALUES_VERSION })) return 0;
  let updated = 0;
  for (const coll of ['students', 'teachers'] as const) {
    const collection = models[coll].collection;
    let ops: AnyBulkWriteOperation[] = [];
    const flush = async () => {
      if (ops.length > 0) updated += (await collection.bulkWrite(ops, { ordered: false })).modifiedCount;
      ops = [];
    };
    for await (const row of collection.find({}, { batchSize: BATCH })) {
      const set = recoded(coll, row);
      if (set) ops.push({ updateOne: { filter: { _id: row._id, seq: row.seq }, update: { $set: set } } });
      if (ops.length === BATCH) await flush();
    }
    await flush();
  }
  await migrations
    .insertOne({ _id: CODE_VALUES_VERSION, at: new Date(), updated } as never)
    .catch((err: unknown) => {
      if (!isDuplicateKeyError(err)) throw err;
    });
  return updated;
}

function recoded(coll: 'students' | 'teachers', row: Record<string, unknown>) {
  const set: Record<string, unknown> = {};
  for (const [field, table] of Object.entries(CODED[coll])) {
    const code = codeOf(table, row[field]);
    if (code !== undefined && code !== row[field]) set[field] = code;
  }
  if (Object.keys(set).length === 0 || row.deleted) return undefined;
  // The record in its sync shape, in the order the checks build it (validation/people.ts).
  const doc = { ...row, ...set };
  const record = Object.fromEntries(jytColumns[coll].map((c) => [c.field, doc[c.field] ?? null]));
  set.hash = contentHash(record, row.orgPath as string[], {});
  return set;
}
