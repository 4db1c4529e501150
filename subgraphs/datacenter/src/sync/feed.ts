import { errors, type Caller } from '@edugraph/shared';
import type { ChangeDoc, EntityKind, Models } from '../models/index.ts';
import { entitySpecs } from '../validation/index.ts';
import { lastSequence } from './changeLog.ts';

export interface FeedArgs {
  after?: string | null;
  first?: number | null;
  kinds?: readonly EntityKind[] | null;
}

export interface FeedPage {
  changes: ChangeDoc[];
  endCursor: string | null;
  hasMore: boolean;
}

export const MAX_FEED_PAGE = 1000;

/** Cursors are sequence numbers; opaque to clients. */
export function decodeFeedCursor(after: string | null | undefined): number {
  if (after === null || after === undefined || after === '') return 0;
  if (!/^\d{1,15}$/.test(after)) throw errors.invalidCursor();
  return Number(after);
}

/**
 * Reads the change feed after a cursor, in sequence order, limited to the caller's subtree.
 *
 * Why it never skips or repeats (docs/decisions/0002-datacenter-change-feed.md): sequence
 * numbers in use are always 1…H without gaps (see createChangeLog), and an entry is PENDING
 * until its record is written. The reader reads H, then the lowest PENDING entry P ≤ H; every
 * entry up to B = min(P − 1, H) exists and is final (SETTLED or ABORTED), so one query over
 * (after, B] sees exactly the settled entries there, however writers interleave. The cursor
 * only moves forward, to the last entry returned or to B.
 */
export async function readChanges(models: Models, caller: Caller, args: FeedArgs, now = new Date()): Promise<FeedPage> {
  const after = decodeFeedCursor(args.after);
  const first = args.first ?? 100;
  if (!Number.isInteger(first) || first < 1 || first > MAX_FEED_PAGE) throw errors.pageSize(MAX_FEED_PAGE, first);
  const top = await lastSequence(models.changes);
  const bound = await settledBound(models, after, top, now);
  if (bound <= after) return { changes: [], endCursor: args.after ?? null, hasMore: false };
  const filter: Record<string, unknown> = {
    _id: { $gt: after, $lte: bound },
    state: 'SETTLED',
    orgPath: caller.organization,
  };
  if (args.kinds?.length) filter.kind = { $in: [...args.kinds] };
  const rows = (await models.changes.collection
    .find(filter as never)
    .sort({ _id: 1 })
    .limit(first + 1)
    .toArray()) as unknown as ChangeDoc[];
  const hasMore = rows.length > first;
  const changes = hasMore ? rows.slice(0, first) : rows;
  const end = hasMore ? changes.at(-1)!._id : bound;
  return { changes, endCursor: String(end), hasMore };
}

/** The highest sequence number up to which every entry is final; repairs entries of dead writers. */
async function settledBound(models: Models, after: number, top: number, now: Date): Promise<number> {
  const pending = () =>
    models.changes.collection
      .find({ state: 'PENDING', _id: { $gt: after, $lte: top } } as never)
      .sort({ _id: 1 })
      .limit(1)
      .next() as Promise<ChangeDoc | null>;
  let lowest = await pending();
  if (lowest && lowest.leaseUntil < now) {
    await repairExpired(models, top, now);
    lowest = await pending();
  }
  return lowest ? lowest._id - 1 : top;
}

/**
 * PENDING entries past their lease belong to writers that died between logging and settling:
 * settle those whose record carries the entry's sequence number (the write happened), abort
 * the rest (it did not). A slow writer whose entry was aborted logs the change again.
 */
export async function repairExpired(models: Models, top: number, now: Date): Promise<void> {
  const expired = (await models.changes.collection
    .find({ state: 'PENDING', _id: { $lte: top }, leaseUntil: { $lt: now } } as never)
    .limit(MAX_FEED_PAGE)
    .toArray()) as unknown as ChangeDoc[];
  for (const entry of expired) {
    const spec = entitySpecs[entry.kind];
    const written = await models[spec.collection].collection.countDocuments({ [spec.keyField]: entry.key, seq: entry._id });
    await models.changes.collection.updateOne({ _id: entry._id, state: 'PENDING' } as never, {
      $set: { state: written > 0 ? 'SETTLED' : 'ABORTED' },
    });
  }
}
