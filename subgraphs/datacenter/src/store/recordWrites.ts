import { hash } from 'node:crypto';
import { isDuplicateKeyError, writeErrorsOf } from '@edugraph/shared';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { Types } from 'mongoose';
import type { NewBatch, RecordWrite } from './changeLog.ts';
import type { Models } from './models/index.ts';

/** A stored record's `_id`. */
export type RecordId = Types.ObjectId;

/** The `_id` of a record about to be inserted (logged in its change before the insert). */
export const newRecordId = (): RecordId => new Types.ObjectId();

/** Content hash of a record and where it belongs: equal hashes mean an upsert changes nothing. */
export function contentHash(
  record: Record<string, unknown>,
  orgPath: readonly string[],
  derived: object,
): string {
  // One-shot hash: half the cost of a Hash object for a record this small.
  return hash('sha1', JSON.stringify([record, orgPath, derived]), 'base64url');
}

/**
 * One bulkWrite of a logged batch's records (`sets`: writesOf the batch); the indexes of the
 * writes that failed go into `failed`.
 */
export async function writeRecords(
  models: Models,
  batch: NewBatch,
  sets: readonly RecordWrite[],
  seqs: readonly number[],
  failed: Set<number>,
): Promise<void> {
  const collection = models[batch.coll].collection as unknown as Collection;
  const ops = sets.map((w, i): AnyBulkWriteOperation =>
    batch.changes[i]!.inserted
      ? { insertOne: { document: w.set } }
      : // By `_id` alone: the kind's write lock (writeLock.ts) keeps the planned version current.
        { updateOne: { filter: { _id: w._id }, update: { $set: w.set } } },
  );
  let matched: number;
  try {
    matched = (await collection.bulkWrite(ops, { ordered: false })).matchedCount;
  } catch (err) {
    // Only unique-key violations: another writer created or changed a record meanwhile.
    if (!isDuplicateKeyError(err)) throw err;
    for (const w of writeErrorsOf(err)) failed.add((w as { index: number }).index);
    matched = (err as { result?: { matchedCount?: number } }).result?.matchedCount ?? -1;
  }
  const updates = batch.changes.flatMap((c, i) => (!c.inserted && !failed.has(i) ? [i] : []));
  if (matched !== updates.length) await findLostUpdates(collection, sets, seqs, updates, failed);
}

/** Updates whose version condition did not match: another writer got there first. */
async function findLostUpdates(
  collection: Collection,
  sets: readonly RecordWrite[],
  seqs: readonly number[],
  updates: readonly number[],
  failed: Set<number>,
): Promise<void> {
  const ids = updates.map((i) => sets[i]!._id);
  const rows = await collection.find({ _id: { $in: ids } }, { projection: { seq: 1 } }).toArray();
  const seqOf = new Map(rows.map((r) => [String(r._id), r.seq as number]));
  for (const i of updates) {
    if (seqOf.get(String(sets[i]!._id)) !== seqs[i]) failed.add(i);
  }
}
