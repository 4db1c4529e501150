import type { Types } from 'mongoose';
import type { Models } from '../models/index.ts';
import { readBatch, writesOf } from '../sync/changeLog.ts';

/** The collections of records (not the change log). */
export type RecordCollection = 'regions' | 'schools' | 'classes' | 'students' | 'teachers' | 'assets';

/**
 * One write batch in a collection's ring. What it wrote is in its change-log batch (key `log:<n>`,
 * src/sync/changeLog.ts), or, for a batch some of whose writes failed, in a ring batch of its own.
 */
export interface RingEntry {
  /** Its number: a collection's batches are numbered 1, 2, 3… without gaps. */
  n: number;
  k: string;
}

/** A collection's ring: its recent batches, oldest first. `_id` is the collection's name. */
interface RingHead {
  _id: RecordCollection;
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

/**
 * Batches kept per collection; a replica further behind rebuilds from a full read. Small,
 * because the embedded database finds even an `_id` by scanning its table.
 */
export const RING_SIZE = 16;

const heads = (models: Models) => models.changeBatches.db.collection<RingHead>('replica_ring');
const batches = (models: Models) => models.changeBatches.db.collection<RingBatch>('replica_batches');

export interface Ring {
  recent: RingEntry[];
  /** Number of the last batch (0: none yet). */
  last: number;
}

/** Every collection's ring: one read of a collection of at most six small documents. */
export async function readRings(models: Models): Promise<Map<RecordCollection, Ring>> {
  const rings = new Map<RecordCollection, Ring>();
  for (const head of await heads(models).find({}).toArray())
    rings.set(head._id, { recent: head.recent, last: head.recent.at(-1)?.n ?? 0 });
  return rings;
}

/** The ring key of change-log batch `n`. */
export const batchRingKey = (n: number): string => `log:${n}`;
const LOGGED = /^log:(\d+)$/;

export async function readRingBatch(models: Models, k: string): Promise<RingWrite[] | undefined> {
  const logged = LOGGED.exec(k);
  if (logged) {
    const batch = await readBatch(models, Number(logged[1]));
    return batch && writesOf(batch.n, batch);
  }
  return (await batches(models).findOne({ _id: k }))?.writes;
}

/**
 * Stores what a write batch stored when some of its writes failed (otherwise its change-log
 * batch serves): the written fields themselves, as re-reading records by `_id` scans their
 * table on the embedded database. Only `publishRingBatch` makes it visible.
 */
export async function storeRingBatch(models: Models, k: string, writes: readonly RingWrite[]): Promise<void> {
  if (writes.length > 0) await batches(models).insertOne({ _id: k, writes: [...writes] });
}

/**
 * Appends a stored batch to its collection's ring. Callers hold the kind's write lock
 * (writeLock.ts), so one writer at a time replaces the head (the embedded database loses one of
 * two concurrent updates of a document) and a record's writes enter the ring in the order they
 * were made; they call it before answering, so a read that starts after the answer sees them.
 */
export async function publishRingBatch(models: Models, coll: RecordCollection, k: string): Promise<void> {
  const recent = (await heads(models).findOne({ _id: coll }))?.recent ?? [];
  recent.push({ n: (recent.at(-1)?.n ?? 0) + 1, k });
  const dropped = recent.length > RING_SIZE ? recent.splice(0, recent.length - RING_SIZE) : [];
  await heads(models).replaceOne({ _id: coll }, { recent }, { upsert: true });
  // Out of the ring now, so nobody reads them: ring batches of their own are removed without
  // holding up the write (each removal scans their table on the embedded database); the
  // change-log batches stay, as the feed.
  const own = dropped.filter((d) => !LOGGED.test(d.k));
  if (own.length > 0)
    void batches(models)
      .deleteMany({ _id: { $in: own.map((d) => d.k) } })
      .catch(() => undefined);
}
