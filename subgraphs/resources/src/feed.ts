import { NATION_CODE, decodeCursor, encodeCursor, pageSize, requireScope, scopes } from '@edugraph/shared';
import type { ResourcesContext } from './context.ts';
import { Types } from 'mongoose';
import { opaque } from './store/keyset.ts';
import { feedKey, feedKeyBound } from './store/listKeys.ts';
import { LIST_PROJECTION, type ResourceDoc } from './store/resource.ts';

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
    return feedKey(new Types.ObjectId(String(id)), new Date(value as string | Date));
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
  // A reader with a cursor is usually caught up: the key range after it (pushed down) is small.
  // The first page reads the key's index from its start instead (`opaque`).
  const rows = (await ctx.models.resources
    .find(args.after ? { $and: clauses } : opaque({ $and: clauses }), LIST_PROJECTION)
    .sort({ feedKey: 1 })
    .limit(size + 1)
    .lean()
    .exec()) as unknown as ResourceDoc[];
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
