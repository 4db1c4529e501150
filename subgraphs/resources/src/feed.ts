import { NATION_CODE, decodeCursor, encodeCursor, pageSize, requireScope, scopes } from '@edugraph/shared';
import type { ResourcesContext } from './context.ts';
import { recordId } from './store/ids.ts';
import { feedKey, feedKeyBound } from './store/listKeys.ts';
import { feedRows } from './store/resource.ts';

/**
 * The interconnection feed (互联互通), like the datacenter's: every publication change a
 * caller may see, oldest first, resumable from a cursor. A national hub pulls what a province
 * shared upward (`nationwideOnly`), a province pulls the national catalog. A retired resource
 * appears as a DELETE tombstone. Changes younger than the settle window wait for the next
 * pull, so a slower concurrent write with an earlier timestamp is never skipped.
 */
export interface FeedArgs {
  after?: string | null;
  first?: number | null;
  nationwideOnly?: boolean | null;
}

/** The feed key a cursor stands for; cursors handed out before the key (on `changedAt`) still work. */
function afterKey(after: string): string {
  try {
    return String(decodeCursor('feedKey', after).value);
  } catch {
    const { value, id } = decodeCursor('changedAt', after);
    return feedKey(recordId(String(id)), new Date(value as string | Date));
  }
}

export async function resourceChanges(ctx: ResourcesContext, args: FeedArgs) {
  const caller = requireScope(ctx.caller, scopes.RESOURCES_READ, scopes.RESOURCES_REVIEW);
  const size = pageSize(args.first, 100, 1000);
  const settled = new Date(Date.now() - ctx.config.RESOURCE_FEED_SETTLE_MS);
  const clauses: Record<string, unknown>[] = [
    { status: { $in: ['PUBLISHED', 'RETIRED'] } },
    { $or: [{ orgPath: caller.organization }, { audience: { $in: [...caller.orgPath] } }] },
    { feedKey: { $lte: feedKeyBound(settled) } },
  ];
  if (args.nationwideOnly) clauses.push({ audience: NATION_CODE });
  if (args.after) clauses.push({ feedKey: { $gt: afterKey(args.after) } });
  const rows = await feedRows(ctx.store, { $and: clauses }, Boolean(args.after), size + 1);
  const page = rows.slice(0, size);
  const changes = page.map((doc) => {
    const cursor = encodeCursor('feedKey', doc as unknown as Record<string, unknown>);
    const deleted = doc.status === 'RETIRED';
    return {
      cursor,
      key: doc._id.toHexString(),
      op: deleted ? 'DELETE' : 'UPSERT',
      version: doc.version,
      at: doc.changedAt.toISOString(),
      resource: deleted ? null : doc,
    };
  });
  return {
    changes,
    endCursor: changes.at(-1)?.cursor ?? args.after ?? null,
    hasMore: rows.length > size,
  };
}
