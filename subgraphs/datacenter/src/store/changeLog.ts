import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { isDuplicateKeyError } from '@edugraph/shared';
import { Binary, BSON, type ObjectId } from 'mongodb';
import type { ChangeBatchDoc, EntityKind, Models } from './models/index.ts';
import { COLLECTION_OF, type RecordCollection } from './collections.ts';
import { indexFields } from './indexFields.ts';
import { levelFields } from './tenancy.ts';

/** How long a writer may leave its batch uncommitted before readers presume it dead and repair it. */
export const PENDING_LEASE_MS = 60_000;

/** Sequence numbers per batch: change i of batch n is n × BATCH_SPAN + i (batches hold ≤ 1,000). */
export const BATCH_SPAN = 1000;

/** One change of a write batch: what the feed hands out and what the record's write stored. */
export interface LoggedChange {
  key: string;
  op: 'UPSERT' | 'DELETE';
  version: number;
  orgPath: string[];
  /** The record in its sync shape (shared/src/records/); null for a delete. */
  record: Record<string, unknown> | null;
  /** The stored record's `_id`, and whether the write inserted it. */
  id: ObjectId;
  inserted: boolean;
  /** Fields stored beside the record, and its content hash. */
  derived: Record<string, unknown>;
  hash: string;
}

export interface NewBatch {
  kind: EntityKind;
  coll: RecordCollection;
  at: Date;
  changes: readonly LoggedChange[];
}

/** A batch read back: its number, kind, time, lease and changes. */
export interface LoggedBatch extends NewBatch {
  n: number;
  leaseUntil: Date;
}

export interface Appended {
  batch: number;
  seqs: number[];
}

export const seqOf = (n: number, i: number): number => n * BATCH_SPAN + i;

/** A record write: the whole document of an insert, or the fields an update sets. */
export interface RecordWrite {
  _id: ObjectId;
  set: Record<string, unknown>;
}

/**
 * What each change writes into its record: the whole document of an insert, or the fields an
 * update sets, with the fields its indexes serve (store/indexFields.ts). A tombstone keeps its
 * other fields as they were.
 */
export function writesOf(n: number, batch: NewBatch): RecordWrite[] {
  return batch.changes.map((c, i) => {
    const tracked = {
      ...levelFields(c.orgPath),
      orgPath: c.orgPath,
      version: c.version,
      hash: c.hash,
      seq: seqOf(n, i),
      deleted: c.op === 'DELETE',
      changedAt: batch.at,
    };
    if (c.op === 'DELETE') return { _id: c.id, set: tracked };
    const set = {
      ...c.record,
      ...c.derived,
      ...indexFields(batch.coll, { ...c.record, _id: c.id }),
      ...tracked,
    };
    return { _id: c.id, set: c.inserted ? { _id: c.id, ...set } : set };
  });
}

/** Decodes a stored batch document. */
export function decodeBatch(doc: ChangeBatchDoc): LoggedBatch {
  const bytes = doc.data instanceof Binary ? doc.data.buffer : (doc.data as unknown as Uint8Array);
  const { changes } = BSON.deserialize(inflateRawSync(bytes)) as { changes: LoggedChange[] };
  return {
    n: doc._id,
    kind: doc.kind,
    coll: COLLECTION_OF[doc.kind],
    at: doc.at,
    leaseUntil: doc.leaseUntil,
    changes,
  };
}

/** Reads one batch (by `_id`, through its index). */
export async function readBatch(
  models: Pick<Models, 'changeBatches'>,
  n: number,
): Promise<LoggedBatch | undefined> {
  const doc = await models.changeBatches.collection.findOne({ _id: n } as never);
  return doc ? decodeBatch(doc as unknown as ChangeBatchDoc) : undefined;
}

const batchExists = async (models: Pick<Models, 'changeBatches'>, n: number) =>
  n < 1 ||
  (await models.changeBatches.collection.findOne({ _id: n } as never, { projection: { _id: 1 } })) !== null;

/**
 * The highest batch number in use (0 when the log is empty), searched from `known` (a number in
 * use, or 0) by lookups by `_id`: the numbers in use are 1…max with no gap (`createChangeLog`),
 * so it doubles its step from `known` until a number is free, then halves the interval. About
 * 2·log2(max − known) lookups through the `_id` index: the embedded database pushes no numeric
 * range or descending sort down, so `sort({_id: -1}).limit(1)` read and sorted the whole log.
 */
export async function lastBatch(models: Pick<Models, 'changeBatches'>, known = 0): Promise<number> {
  let low = known > 0 && (await batchExists(models, known)) ? known : 0;
  let step = 1;
  let high = low + step;
  while (await batchExists(models, high)) {
    low = high;
    step *= 2;
    high = low + step;
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await batchExists(models, mid)) low = mid;
    else high = mid;
  }
  return low;
}

/**
 * Up to `limit` batches numbered `from` on, in order (the feed reader's window): the numbers
 * from…from + limit − 1 (the numbers in use have no gap), read by `_id` through its index. A
 * `$gte` range sorted by `_id` walked the log from its first batch on the embedded database.
 */
export async function readBatchesFrom(
  models: Pick<Models, 'changeBatches'>,
  from: number,
  limit: number,
): Promise<ChangeBatchDoc[]> {
  const ids = Array.from({ length: limit }, (_, i) => from + i);
  const docs = (await models.changeBatches.collection
    .find({ _id: { $in: ids } } as never)
    .toArray()) as unknown as ChangeBatchDoc[];
  return docs.sort((a, b) => a._id - b._id);
}

/** The aborted sequence numbers of each of these batches that is committed. */
export async function readCommits(
  models: Pick<Models, 'commits'>,
  batches: readonly number[],
): Promise<Map<number, Set<number>>> {
  const found = new Map<number, Set<number>>();
  if (batches.length === 0) return found;
  const rows = await models.commits.collection.find({ _id: { $in: [...batches] } } as never).toArray();
  for (const row of rows) found.set(row._id as unknown as number, new Set(row.aborted as number[]));
  return found;
}

/**
 * A batch left uncommitted past its lease belongs to a writer that died between logging and
 * committing: its changes whose record carries the change's sequence number were written, the
 * others abort. Inserting the commit is atomic: if the writer commits first, this one is refused.
 */
export async function repairBatch(models: Models, batch: LoggedBatch): Promise<void> {
  // The batch's records by `_id` (`seq` has no index): a change was written when its record
  // still carries the change's number.
  const written = new Set(
    (
      await models[batch.coll].collection
        .find({ _id: { $in: batch.changes.map((c) => c.id) } }, { projection: { seq: 1 } })
        .toArray()
    ).map((r) => r.seq as number),
  );
  const aborted = batch.changes.map((_, i) => seqOf(batch.n, i)).filter((s) => !written.has(s));
  await models.commits.collection
    .insertOne({ _id: batch.n, aborted, at: new Date(), repaired: true } as never)
    .catch((err: unknown) => {
      if (!isDuplicateKeyError(err)) throw err;
    });
}

/**
 * The change log, insert-only: one document per write batch, numbered with the next free batch
 * number as its `_id`, so the unique `_id` index hands out each number once even across
 * processes (a counter document with `$inc` loses increments on the embedded database under
 * concurrency). A batch is inserted only just above a number in use, so the numbers in use are
 * always 1…max with no gap: the invariant the feed reader relies on. On a collision it re-reads
 * the top and retries. Appends of one process queue, so they do not collide with each other.
 */
export function createChangeLog(models: Pick<Models, 'changeBatches' | 'commits'>) {
  let knownTop = 0;
  let queue: Promise<unknown> = Promise.resolve();

  async function insert(batch: NewBatch): Promise<Appended> {
    if (batch.changes.length > BATCH_SPAN)
      throw new Error(`a write batch holds at most ${BATCH_SPAN} changes; got ${batch.changes.length}`);
    const data = new Binary(deflateRawSync(BSON.serialize({ changes: batch.changes }), { level: 1 }));
    for (let attempt = 0; ; attempt++) {
      if (knownTop === 0 || attempt > 0) knownTop = await lastBatch(models, knownTop);
      const n = knownTop + 1;
      try {
        await models.changeBatches.collection.insertOne({
          _id: n,
          kind: batch.kind,
          at: batch.at,
          count: batch.changes.length,
          leaseUntil: new Date(Date.now() + PENDING_LEASE_MS),
          data,
        } as never);
        knownTop = n;
        return { batch: n, seqs: batch.changes.map((_, i) => seqOf(n, i)) };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        knownTop = n;
        if (attempt > 100)
          throw new Error('could not allocate a change batch number (too much contention)', { cause: err });
        // Spread colliding writers apart.
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * Math.min(40, 2 ** attempt))));
      }
    }
  }

  function append(batch: NewBatch): Promise<Appended> {
    const mine = queue.then(() => insert(batch));
    queue = mine.catch(() => undefined);
    return mine;
  }

  /**
   * Commits a batch: its changes become visible to readers, except `aborted`. Returns the
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
      if (!isDuplicateKeyError(err)) throw err;
      const repaired = await models.commits.collection.findOne({ _id: appended.batch } as never);
      const theirs = new Set<number>((repaired?.aborted as number[] | undefined) ?? []);
      return appended.seqs.filter((s) => theirs.has(s) && !aborted.includes(s));
    }
  }

  return {
    /** A batch for writes about to happen: held back from readers until committed. */
    append,
    commit,
    /** A batch for writes already done: appended and committed at once. */
    async appendCommitted(batch: NewBatch): Promise<void> {
      if (batch.changes.length === 0) return;
      await commit(await append(batch), []);
    },
  };
}

export type ChangeLog = ReturnType<typeof createChangeLog>;
