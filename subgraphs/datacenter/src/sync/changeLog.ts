import { Types } from 'mongoose';
import type { ChangeDoc, Models } from '../models/index.ts';

/** How long a writer may leave its batch uncommitted before readers presume it dead and repair it. */
export const PENDING_LEASE_MS = 60_000;

export type NewChange = Omit<ChangeDoc, '_id' | 'batch' | 'leaseUntil'>;

const DUPLICATE_KEY = 11000;

/** The highest sequence number in use (0 when the log is empty). */
export async function lastSequence(models: Pick<Models, 'changes'>): Promise<number> {
  const last = await models.changes.collection
    .find({}, { projection: { _id: 1 } })
    .sort({ _id: -1 })
    .limit(1)
    .next();
  return typeof last?._id === 'number' ? last._id : 0;
}

export interface Appended {
  batch: string;
  seqs: number[];
}

/**
 * The change log, insert-only. Entries are numbered with the next free sequence numbers; the
 * number is the entry's `_id`, so the unique `_id` index hands out each number once even across
 * processes (a counter document with `$inc` loses increments on the embedded database under
 * concurrency). Entries are inserted in order starting just above a number in use, and an
 * ordered insert stops at the first taken number, so the numbers in use are always 1…max with
 * no gap: the invariant the feed reader relies on. On a collision it re-reads the top and
 * retries the rest.
 */
export function createChangeLog(models: Pick<Models, 'changes' | 'commits'>) {
  let knownTop = 0;

  async function append(entries: readonly NewChange[]): Promise<Appended> {
    const batch = new Types.ObjectId().toHexString();
    const seqs: number[] = [];
    let attempt = 0;
    while (seqs.length < entries.length) {
      if (knownTop === 0 || attempt > 0) knownTop = Math.max(knownTop, await lastSequence(models));
      const leaseUntil = new Date(Date.now() + PENDING_LEASE_MS);
      const docs = entries
        .slice(seqs.length)
        .map((entry, k) => ({ ...entry, _id: knownTop + 1 + k, batch, leaseUntil }));
      try {
        await models.changes.collection.insertMany(docs as never[], { ordered: true });
        seqs.push(...docs.map((d) => d._id));
        knownTop = docs.at(-1)!._id;
      } catch (err) {
        const failedAt = duplicateAt(err);
        if (failedAt === undefined) throw err;
        seqs.push(...docs.slice(0, failedAt).map((d) => d._id));
        knownTop = docs[failedAt]!._id;
        attempt++;
        if (attempt > 100)
          throw new Error('could not allocate change sequence numbers (too much contention)', { cause: err });
        // Spread colliding writers apart.
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * Math.min(40, 2 ** attempt))));
      }
    }
    return { batch, seqs };
  }

  /**
   * Commits a batch: its entries become visible to readers, except `aborted`. Returns the
   * sequence numbers a reader's repair aborted although the writer did write them (to log again).
   */
  async function commit(appended: Appended, aborted: readonly number[]): Promise<number[]> {
    try {
      await models.commits.collection.insertOne({
        _id: appended.batch,
        aborted: [...aborted],
        at: new Date(),
        repaired: false,
      } as never);
      return [];
    } catch (err) {
      if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
      const repaired = await models.commits.collection.findOne({ _id: appended.batch } as never);
      const theirs = new Set<number>((repaired?.aborted as number[] | undefined) ?? []);
      return appended.seqs.filter((s) => theirs.has(s) && !aborted.includes(s));
    }
  }

  return {
    /** Entries for writes about to happen: held back from readers until committed. */
    append,
    commit,
    /** Entries for writes already done: appended and committed at once. */
    async appendCommitted(entries: readonly NewChange[]): Promise<void> {
      if (entries.length === 0) return;
      await commit(await append(entries), []);
    },
  };
}

export type ChangeLog = ReturnType<typeof createChangeLog>;

function duplicateAt(err: unknown): number | undefined {
  const writeErrors = (
    err as { writeErrors?: { index: number; code: number }[] | { index: number; code: number } }
  ).writeErrors;
  const first = Array.isArray(writeErrors) ? writeErrors[0] : writeErrors;
  if (first && first.code === DUPLICATE_KEY) return first.index;
  return undefined;
}
