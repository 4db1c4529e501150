import { createHash } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { Types } from 'mongoose';
import type { EntityKind, Models } from '../models/index.ts';
import type { Replica } from '../replica/replica.ts';
import { publishRingBatch, storeRingBatch, type RecordCollection, type RingWrite } from '../replica/ring.ts';
import type { ChangeLog, NewChange } from './changeLog.ts';

/** The stored state of a record that a change replaces. */
export interface Existing {
  _id: Types.ObjectId;
  orgPath: string[];
  version: number;
  hash: string;
  deleted: boolean;
}

/** One record change to apply: an upsert (with the new fields) or a tombstone. */
export interface PlannedChange {
  key: string;
  existing: Existing | undefined;
  op: 'UPSERT' | 'DELETE';
  orgPath: string[];
  /** The record in its sync shape (null for a delete). */
  record: Record<string, unknown> | null;
  /** Fields stored beside the record. */
  derived: Record<string, unknown>;
  hash: string;
}

/** Content hash of a record and where it belongs: equal hashes mean an upsert changes nothing. */
export function contentHash(
  record: Record<string, unknown>,
  orgPath: readonly string[],
  derived: object,
): string {
  return createHash('sha1')
    .update(JSON.stringify([record, orgPath, derived]))
    .digest('base64url');
}

/**
 * Applies planned changes so that nothing is half-written without a transaction: the change-log
 * entries are written first (invisible to feed readers until committed), then one bulkWrite of
 * only the changed records, then the batch is committed. Callers hold the kind's write lock
 * (writeLock.ts), so the stored versions they planned against are current; a write that fails
 * anyway (a record created by a writer that does not take the lock) is reported as a conflict
 * and its entry aborted. Returns the indexes (into `planned`) that failed.
 */
export async function applyChanges(
  kind: EntityKind,
  coll: RecordCollection,
  deps: { models: Models; log: ChangeLog; replica?: Replica | undefined },
  planned: readonly PlannedChange[],
  now: Date,
): Promise<Set<number>> {
  const failed = new Set<number>();
  if (planned.length === 0) return failed;
  const { log } = deps;
  const collection = deps.models[coll].collection as unknown as Collection;
  const sets: RingWrite[] = [];
  let k = new Types.ObjectId().toHexString();
  const entries: NewChange[] = planned.map((p) => ({
    kind,
    key: p.key,
    op: p.op,
    version: (p.existing?.version ?? 0) + 1,
    at: now,
    orgPath: p.orgPath,
    record: p.record,
  }));
  const appended = await log.append(entries);
  const seqs = appended.seqs;
  // If this throws, the batch stays uncommitted and the readers' repair settles it record by record.
  {
    const ops = planned.map((p, i): AnyBulkWriteOperation => {
      const tracked = {
        orgPath: p.orgPath,
        version: entries[i]!.version,
        hash: p.hash,
        seq: seqs[i]!,
        deleted: p.op === 'DELETE',
        changedAt: now,
      };
      if (!p.existing) {
        const document = { _id: new Types.ObjectId(), ...p.record, ...p.derived, ...tracked };
        sets.push({ _id: document._id, set: document });
        return { insertOne: { document } };
      }
      sets.push({
        _id: p.existing._id,
        set: p.op === 'DELETE' ? tracked : { ...p.record, ...p.derived, ...tracked },
      });
      return {
        updateOne: {
          // By `_id` alone: the only filter the embedded database looks up without a scan. The
          // kind's write lock (writeLock.ts) keeps the planned version current.
          filter: { _id: p.existing._id },
          update: { $set: p.op === 'DELETE' ? tracked : { ...p.record, ...p.derived, ...tracked } },
        },
      };
    });
    // The replicas' copy of the batch is stored while the records are written (replica/ring.ts).
    const storing = storeRingBatch(deps.models, k, sets);
    let matched: number;
    try {
      const [res] = await Promise.all([collection.bulkWrite(ops, { ordered: false }), storing]);
      matched = res.matchedCount;
    } catch (err) {
      await storing.catch(() => undefined);
      const writeErrors = (err as { writeErrors?: { index: number }[] | { index: number } }).writeErrors;
      if (!writeErrors) throw err;
      for (const w of Array.isArray(writeErrors) ? writeErrors : [writeErrors]) failed.add(w.index);
      matched = (err as { result?: { matchedCount?: number } }).result?.matchedCount ?? -1;
    }
    const updates = planned.flatMap((p, i) => (p.existing && !failed.has(i) ? [i] : []));
    if (matched !== updates.length) await findLostUpdates(collection, planned, seqs, updates, failed);
  }
  // Every instance's replica learns of the write before it is answered.
  const written = sets.filter((_, i) => !failed.has(i));
  if (written.length < sets.length) {
    k = new Types.ObjectId().toHexString();
    await storeRingBatch(deps.models, k, written);
  }
  deps.replica?.applyLocal(coll, k, written);
  const [relog] = await Promise.all([
    log.commit(
      appended,
      [...failed].map((i) => seqs[i]!),
    ),
    written.length > 0 ? publishRingBatch(deps.models, coll, k) : undefined,
  ]);
  if (relog.length > 0) await log.appendCommitted(relog.map((s) => entries[seqs.indexOf(s)]!));
  return failed;
}

/** Updates whose version condition did not match: another writer got there first. */
async function findLostUpdates(
  collection: Collection,
  planned: readonly PlannedChange[],
  seqs: readonly number[],
  updates: readonly number[],
  failed: Set<number>,
): Promise<void> {
  const ids = updates.map((i) => planned[i]!.existing!._id);
  const rows = await collection.find({ _id: { $in: ids } }, { projection: { seq: 1 } }).toArray();
  const seqOf = new Map(rows.map((r) => [String(r._id), r.seq as number]));
  for (const i of updates) {
    if (seqOf.get(String(planned[i]!.existing!._id)) !== seqs[i]) failed.add(i);
  }
}
