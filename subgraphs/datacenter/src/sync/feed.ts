import { errors, type Caller } from '@edugraph/shared';
import type { ChangeDoc, EntityKind, Models } from '../models/index.ts';
import { entitySpecs } from '../validation/index.ts';

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
/** Entries of all organizations read per call to find the caller's (the window moves on). */
const SCAN_WINDOW = 2000;

/** Cursors are sequence numbers; opaque to clients. */
export function decodeFeedCursor(after: string | null | undefined): number {
  if (after === null || after === undefined || after === '') return 0;
  if (!/^\d{1,15}$/.test(after)) throw errors.invalidCursor();
  return Number(after);
}

/**
 * Reads the change feed after a cursor, in sequence order, limited to the caller's subtree.
 *
 * Why it never skips or repeats (README.md, "Sync writes and the change feed"): sequence
 * numbers in use are always 1…max without gaps (see createChangeLog); entries and commits are
 * never modified once written. The reader takes entries after the cursor in order and stops at
 * the first gap or the first entry whose batch has no commit yet: every entry before that point
 * is final, so none can still appear below the cursor it returns. The cursor only moves forward.
 */
export async function readChanges(
  models: Models,
  caller: Caller,
  args: FeedArgs,
  now = new Date(),
): Promise<FeedPage> {
  const after = decodeFeedCursor(args.after);
  const first = args.first ?? 100;
  if (!Number.isInteger(first) || first < 1 || first > MAX_FEED_PAGE)
    throw errors.pageSize(MAX_FEED_PAGE, first);
  const window = (await models.changes.collection
    .find({ _id: { $gt: after } } as never)
    .sort({ _id: 1 })
    .limit(SCAN_WINDOW)
    .toArray()) as unknown as ChangeDoc[];
  const commits = await commitsOf(models, window, now);
  const kinds = args.kinds?.length ? new Set(args.kinds) : undefined;
  const changes: ChangeDoc[] = [];
  let cursor = after;
  let pageFull = false;
  let waiting = false;
  for (const entry of window) {
    const aborted = commits.get(entry.batch);
    if (entry._id !== cursor + 1 || !aborted) {
      waiting = true; // an entry still being written: nothing past it is handed out yet
      break;
    }
    if (
      !aborted.has(entry._id) &&
      entry.orgPath.includes(caller.organization) &&
      (!kinds || kinds.has(entry.kind))
    ) {
      if (changes.length === first) {
        pageFull = true;
        break;
      }
      changes.push(entry);
    }
    cursor = entry._id;
  }
  const hasMore = pageFull || (!waiting && window.length === SCAN_WINDOW);
  return { changes, endCursor: cursor > 0 ? String(cursor) : (args.after ?? null), hasMore };
}

/** The aborted sequence numbers of each committed batch in the window; repairs expired batches. */
async function commitsOf(
  models: Models,
  window: readonly ChangeDoc[],
  now: Date,
): Promise<Map<string, Set<number>>> {
  const batches = [...new Set(window.map((e) => e.batch))];
  const found = new Map<string, Set<number>>();
  if (batches.length === 0) return found;
  const rows = await models.commits.collection.find({ _id: { $in: batches } } as never).toArray();
  for (const row of rows) found.set(row._id as unknown as string, new Set(row.aborted as number[]));
  const expired = window.find((e) => !found.has(e.batch) && e.leaseUntil < now);
  if (expired) {
    await repairBatch(models, expired.batch);
    const row = await models.commits.collection.findOne({ _id: expired.batch } as never);
    if (row) found.set(expired.batch, new Set(row.aborted as number[]));
  }
  return found;
}

/**
 * A batch left uncommitted past its lease belongs to a writer that died between logging and
 * committing: its entries whose record carries the entry's sequence number were written, the
 * others abort. Inserting the commit is atomic: if the writer commits first, this one is refused.
 */
export async function repairBatch(models: Models, batch: string): Promise<void> {
  const entries = (await models.changes.collection
    .find({ batch } as never)
    .toArray()) as unknown as ChangeDoc[];
  const aborted: number[] = [];
  for (const entry of entries) {
    const spec = entitySpecs[entry.kind];
    const written = await models[spec.collection].collection.countDocuments({
      [spec.keyField]: entry.key,
      seq: entry._id,
    });
    if (written === 0) aborted.push(entry._id);
  }
  await models.commits.collection
    .insertOne({ _id: batch, aborted, at: new Date(), repaired: true } as never)
    .catch((err: { code?: number }) => {
      if (err.code !== 11000) throw err;
    });
}
