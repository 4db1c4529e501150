import type { ChangeDoc, ChangeModel } from '../models/index.ts';

/** How long a writer may hold a PENDING entry before readers presume it dead and repair it. */
export const PENDING_LEASE_MS = 60_000;

export type NewChange = Omit<ChangeDoc, '_id' | 'state' | 'leaseUntil'>;

const DUPLICATE_KEY = 11000;

/** The highest sequence number in use (0 when the log is empty). */
export async function lastSequence(changes: ChangeModel): Promise<number> {
  const last = await changes.collection.find({}, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(1).next();
  return typeof last?._id === 'number' ? last._id : 0;
}

/**
 * Appends entries to the change log, numbering them with the next free sequence numbers.
 * The number is the entry's `_id`, so the unique `_id` index hands out each number once even
 * across processes (a counter document with `$inc` loses increments on FerretDB under
 * concurrency). Entries are inserted in order starting just above a number in use, and an
 * ordered insert stops at the first taken number, so the numbers in use are always 1…max with
 * no gap: the invariant the feed reader relies on. On a collision it re-reads the top and
 * retries the rest.
 */
export function createChangeLog(changes: ChangeModel) {
  let knownTop = 0;

  async function append(entries: readonly NewChange[], state: 'PENDING' | 'SETTLED'): Promise<number[]> {
    const ids: number[] = [];
    let attempt = 0;
    while (ids.length < entries.length) {
      if (knownTop === 0 || attempt > 0) knownTop = Math.max(knownTop, await lastSequence(changes));
      const leaseUntil = new Date(Date.now() + PENDING_LEASE_MS);
      const docs = entries.slice(ids.length).map((entry, k) => ({
        ...entry,
        _id: knownTop + 1 + k,
        state,
        leaseUntil,
      }));
      try {
        await changes.collection.insertMany(docs as never[], { ordered: true });
        ids.push(...docs.map((d) => d._id));
        knownTop = docs.at(-1)!._id;
      } catch (err) {
        const failedAt = duplicateAt(err);
        if (failedAt === undefined) throw err;
        ids.push(...docs.slice(0, failedAt).map((d) => d._id));
        knownTop = docs[failedAt]!._id;
        attempt++;
        if (attempt > 50) throw new Error('could not allocate change sequence numbers (too much contention)');
        // Spread colliding writers apart.
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * Math.min(50, 2 ** attempt))));
      }
    }
    return ids;
  }

  return {
    /** Entries for writes about to happen: held back from readers until settled. */
    appendPending: (entries: readonly NewChange[]) => append(entries, 'PENDING'),
    /** Entries for writes already done (a re-log after a repair aborted the first entry). */
    appendSettled: (entries: readonly NewChange[]) => append(entries, 'SETTLED'),
    /** Marks entries settled; returns the ids that were no longer PENDING (repaired by a reader). */
    async settle(ids: readonly number[]): Promise<number[]> {
      if (ids.length === 0) return [];
      const res = await changes.collection.updateMany(
        { _id: { $in: [...ids] }, state: 'PENDING' } as never,
        { $set: { state: 'SETTLED' } },
      );
      if (res.modifiedCount === ids.length) return [];
      const aborted = await changes.collection
        .find({ _id: { $in: [...ids] }, state: 'ABORTED' } as never, { projection: { _id: 1 } })
        .toArray();
      return aborted.map((d: { _id: unknown }) => d._id as number);
    },
    async abort(ids: readonly number[]): Promise<void> {
      if (ids.length === 0) return;
      await changes.collection.updateMany({ _id: { $in: [...ids] }, state: 'PENDING' } as never, {
        $set: { state: 'ABORTED' },
      });
    },
  };
}

export type ChangeLog = ReturnType<typeof createChangeLog>;

function duplicateAt(err: unknown): number | undefined {
  const writeErrors = (err as { writeErrors?: { index: number; code: number }[] | { index: number; code: number } })
    .writeErrors;
  const first = Array.isArray(writeErrors) ? writeErrors[0] : writeErrors;
  if (first && first.code === DUPLICATE_KEY) return first.index;
  if ((err as { code?: number }).code === DUPLICATE_KEY) return 0;
  return undefined;
}
