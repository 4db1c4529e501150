import { type Types } from 'mongoose';
import type { Models } from '../models/index.ts';
import { withWriteLock } from '../sync/writeLock.ts';

/** The collections of records (not the change log). */
export type RecordCollection = 'regions' | 'schools' | 'classes' | 'students' | 'teachers' | 'assets';

/** One write batch in the ring: which records changed (their ids in a document of its own). */
export interface RingEntry {
  /** Its number: the ring's batches are numbered 1, 2, 3… without gaps. */
  n: number;
  k: string;
  coll: RecordCollection;
}

interface RingHead {
  _id: string;
  recent: RingEntry[];
}

/** A written record: the whole document of an insert, or the fields an update set. */
export interface RingWrite {
  _id: Types.ObjectId;
  set: Record<string, unknown>;
}

interface RingBatch {
  _id: string;
  writes: RingWrite[];
}

const HEAD_ID = 'head';
/**
 * Batches kept; a replica further behind rebuilds from a full read. Small, because the embedded
 * database finds even an `_id` by scanning its table: the batches' table stays a few documents.
 */
export const RING_SIZE = 16;

const heads = (models: Models) => models.changes.db.collection<RingHead>('replica_ring');
const batches = (models: Models) => models.changes.db.collection<RingBatch>('replica_batches');

/** The ring's recent batches, oldest first, and the number of the last one (0: none yet). */
export async function readRing(models: Models): Promise<{ recent: RingEntry[]; last: number }> {
  const head = await heads(models).findOne({ _id: HEAD_ID });
  const recent = head?.recent ?? [];
  return { recent, last: recent.at(-1)?.n ?? 0 };
}

export async function readRingBatch(models: Models, k: string): Promise<RingWrite[] | undefined> {
  return (await batches(models).findOne({ _id: k }))?.writes;
}

/**
 * Stores what a write batch stored, for every instance's replica: the written fields themselves,
 * as re-reading records by `_id` scans their table on the embedded database. Written beside the
 * records; only `publishRingBatch` makes it visible.
 */
export async function storeRingBatch(models: Models, k: string, writes: readonly RingWrite[]): Promise<void> {
  if (writes.length > 0) await batches(models).insertOne({ _id: k, writes: [...writes] });
}

/**
 * Appends a stored batch to the ring. Every write path calls it after writing, inside the kind's
 * write lock (so a record's writes enter the ring in the order they were made) and before
 * answering (so a read that starts after the answer sees them). The head is replaced under a
 * lock of its own (the embedded database loses one of two concurrent updates of a document),
 * by `_id` alone.
 */
export async function publishRingBatch(models: Models, coll: RecordCollection, k: string): Promise<void> {
  await withWriteLock(models, 'replica_ring', async () => {
    const { recent, last } = await readRing(models);
    recent.push({ n: last + 1, k, coll });
    const dropped = recent.length > RING_SIZE ? recent.splice(0, recent.length - RING_SIZE) : [];
    await heads(models).replaceOne({ _id: HEAD_ID }, { recent }, { upsert: true });
    for (const old of dropped) await batches(models).deleteOne({ _id: old.k });
  });
}
