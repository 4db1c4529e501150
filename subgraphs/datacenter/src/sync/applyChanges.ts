import type { RecordCollection } from '../store/collections.ts';
import type { EntityKind, Models } from '../store/models/index.ts';
import { applyCounterDeltas, counterDeltas, counterLock, isCounted } from '../store/counters.ts';
import { writesOf, type ChangeLog, type NewBatch } from '../store/changeLog.ts';
import { newRecordId, writeRecords, type RecordId } from '../store/recordWrites.ts';
import { withWriteLock } from '../store/writeLock.ts';

/** The stored state of a record that a change replaces. */
export interface Existing {
  _id: RecordId;
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

/**
 * Applies planned changes so that nothing is half-written without a transaction: the batch's
 * change-log document is written first (invisible to feed readers until committed), then one bulkWrite of only the changed records, then the
 * batch is committed. Callers hold the kind's write lock
 * (store/writeLock.ts), so the stored versions they planned against are current; a write that fails
 * anyway (a record created by a writer that does not take the lock) is reported as a conflict
 * and its entry aborted. Returns the indexes (into `planned`) that failed.
 */
export async function applyChanges(
  kind: EntityKind,
  coll: RecordCollection,
  deps: { models: Models; log: ChangeLog },
  planned: readonly PlannedChange[],
  now: Date,
): Promise<Set<number>> {
  const failed = new Set<number>();
  if (planned.length === 0) return failed;
  const { log } = deps;
  const batch: NewBatch = {
    kind,
    coll,
    at: now,
    changes: planned.map((p) => ({
      key: p.key,
      op: p.op,
      version: (p.existing?.version ?? 0) + 1,
      orgPath: p.orgPath,
      record: p.record,
      id: p.existing?._id ?? newRecordId(),
      inserted: !p.existing,
      derived: p.derived,
      hash: p.hash,
    })),
  };
  const appended = await log.append(batch);
  const seqs = appended.seqs;
  const sets = writesOf(appended.batch, batch);
  // If this throws, the batch stays uncommitted and the readers' repair settles it record by record.
  const write = async () => {
    await writeRecords(deps.models, batch, sets, seqs, failed);
    const counted = planned.flatMap((p, i) => (failed.has(i) ? [] : [countedChange(p)]));
    await applyCounterDeltas(deps.models, coll, counterDeltas(coll, counted));
  };
  // Records and their counters under one lock per counted kind: a recount (store/recount.ts)
  // then never reads records whose counter deltas are still to come.
  await (isCounted(coll) ? withWriteLock(deps.models, counterLock(coll), write) : write());
  const relog = await log.commit(
    appended,
    [...failed].map((i) => seqs[i]!),
  );
  if (relog.length > 0)
    await log.appendCommitted({ ...batch, changes: relog.map((s) => batch.changes[seqs.indexOf(s)]!) });
  return failed;
}

/** A written change as the counters see it: the stored record it replaced, and the new one. */
const countedChange = (p: PlannedChange) => ({
  // Loaded whole by loadExisting, though typed by the fields planning reads.
  before: p.existing as unknown as Record<string, unknown> | undefined,
  after: p.op === 'UPSERT' ? { ...p.record, ...p.derived, orgPath: p.orgPath, deleted: false } : undefined,
});
