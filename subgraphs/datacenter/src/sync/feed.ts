import { errors, NATION_CODE, type Caller } from '@edugraph/shared';
import type { ChangeBatchDoc, ChangeDoc, EntityKind, Models } from '../store/models/index.ts';
import {
  BATCH_SPAN,
  decodeBatch,
  readBatchesFrom,
  readCommits,
  repairBatch,
  seqOf,
  type LoggedBatch,
} from '../store/changeLog.ts';

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
/**
 * A change the caller's feed carries: of its subtree, or a national course (the curriculum every
 * province follows, seen by every reader as the lookups show it), so a province pulling from the
 * nation gets the curriculum.
 */
function inFeedOf(caller: Caller, change: ChangeDoc): boolean {
  return (
    change.orgPath.includes(caller.organization) ||
    (change.kind === 'COURSE' && change.orgPath.length === 1 && change.orgPath[0] === NATION_CODE)
  );
}

/** Changes of all organizations looked at per call to find the caller's (the window moves on). */
const SCAN_WINDOW = 2000;
/** Batches fetched first; each further fetch takes twice as many. */
const FIRST_FETCH = 4;

/** Cursors are sequence numbers (batch number × 1,000 + index in the batch); opaque to clients. */
export function decodeFeedCursor(after: string | null | undefined): number {
  if (after === null || after === undefined || after === '') return 0;
  if (!/^\d{1,15}$/.test(after)) throw errors.invalidCursor();
  return Number(after);
}

/**
 * Reads the change feed after a cursor, in sequence order, limited to the caller's subtree.
 * A cursor may point inside a batch: the rest of that batch comes first.
 *
 * Why it never skips or repeats (README.md, "Sync writes and the change feed"): batch numbers
 * in use are always 1…max without gaps (see createChangeLog); batches and commits are never
 * modified once written. The reader takes batches from the cursor's on, in order, and stops at
 * the first gap or the first batch that has no commit yet: every change before that point is
 * final, so none can still appear below the cursor it returns. The cursor only moves forward.
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
  const kinds = args.kinds?.length ? new Set(args.kinds) : undefined;
  const changes: ChangeDoc[] = [];
  let cursor = after;
  let pageFull = false;
  let waiting = false;
  let ended = false;
  let scanned = 0;
  // The cursor's batch (its changes after the cursor), then the following ones: fetched a few
  // batches at a time, twice as many each time, until SCAN_WINDOW changes have been looked at.
  let expected = Math.max(1, Math.floor(after / BATCH_SPAN));
  scan: for (let limit = FIRST_FETCH; scanned < SCAN_WINDOW; limit *= 2) {
    const window = await readBatchesFrom(models, expected, limit);
    const commits = await commitsOf(models, window, now);
    for (const doc of window) {
      const aborted = commits.get(doc._id);
      if (doc._id !== expected || !aborted) {
        waiting = true; // a batch still being written: nothing past it is handed out yet
        break scan;
      }
      expected++;
      scanned += doc.count;
      if (kinds && !kinds.has(doc.kind)) {
        cursor = Math.max(cursor, seqOf(doc._id, doc.count - 1));
        continue;
      }
      for (const change of feedChanges(decodeBatch(doc))) {
        if (change._id <= cursor) continue;
        if (!aborted.has(change._id) && inFeedOf(caller, change)) {
          if (changes.length === first) {
            pageFull = true;
            break scan;
          }
          changes.push(change);
        }
        cursor = change._id;
      }
    }
    if (window.length < limit) {
      ended = true;
      break;
    }
  }
  const hasMore = pageFull || (!waiting && !ended);
  return { changes, endCursor: cursor > 0 ? String(cursor) : (args.after ?? null), hasMore };
}

/** The aborted sequence numbers of each committed batch in the window; repairs expired batches. */
async function commitsOf(
  models: Models,
  window: readonly ChangeBatchDoc[],
  now: Date,
): Promise<Map<number, Set<number>>> {
  const found = await readCommits(
    models,
    window.map((b) => b._id),
  );
  const expired = window.find((b) => !found.has(b._id) && b.leaseUntil < now);
  if (expired) {
    await repairBatch(models, decodeBatch(expired));
    const repaired = await readCommits(models, [expired._id]);
    const aborted = repaired.get(expired._id);
    if (aborted) found.set(expired._id, aborted);
  }
  return found;
}

/** The feed's view of a batch's changes. */
export function feedChanges(batch: LoggedBatch): ChangeDoc[] {
  return batch.changes.map((c, i) => ({
    _id: seqOf(batch.n, i),
    kind: batch.kind,
    key: c.key,
    op: c.op,
    version: c.version,
    at: batch.at,
    orgPath: c.orgPath,
    record: c.record,
  }));
}
