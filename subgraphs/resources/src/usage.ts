import {
  checkOrgPath,
  errors,
  idempotencyRequest,
  isDuplicateKeyError,
  requireScope,
  scopes,
  type Caller,
  type PageArgs,
} from '@edugraph/shared';
import type { ResourcesContext } from './context.ts';
import { visibleResource } from './resourceWrites.ts';
import type { RecordId } from './store/ids.ts';
import type { ResourcesStore } from './store/index.ts';
import { writeResourceUsage } from './store/resource.ts';
import { reindexResources } from './store/searchIndex.ts';
import {
  addFavorite,
  countRegionUsage,
  countResourceUsage,
  favoritesPage,
  insertDownloadEvent,
  insertUsageEvent,
  removeFavorite,
} from './store/usage.ts';
import { canSeeResource } from './access.ts';

const readScopes = [scopes.RESOURCES_READ, scopes.RESOURCES_WRITE, scopes.RESOURCES_REVIEW];

/** The day in China (UTC+8) a view belongs to, for "once per user per day". */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Sets a resource's counters from the recorded events (one `$group` by kind, two counts)
 * instead of `$inc`: concurrent `$inc` on one document can lose writes on the embedded
 * database, while a recount converges on the next event.
 */
export async function refreshUsageCounters(store: ResourcesStore, resourceId: RecordId): Promise<void> {
  const { views, downloads, favorites, pushes } = await countResourceUsage(store, resourceId);
  const usage = { views, downloads, favorites, pushes };
  const popularity = views + 2 * downloads + 3 * favorites + 3 * pushes;
  await writeResourceUsage(store, resourceId, usage, popularity);
  // Ranking uses popularity: the postings follow the recount.
  await reindexResources(store, [resourceId]);
}

async function record(
  ctx: ResourcesContext,
  id: string,
  kind: 'VIEW' | 'DOWNLOAD',
  idempotencyKey?: string | null,
) {
  const caller = requireScope(ctx.caller, ...readScopes);
  const doc = await visibleResource(ctx, id);
  if (doc.status !== 'PUBLISHED' && kind === 'DOWNLOAD' && !doc.orgPath.includes(caller.organization))
    throw errors.notFound('Resource', id);
  const at = new Date();
  const day = chinaDay(at);
  const event = { resourceId: doc._id, kind, userId: caller.subject, orgPath: [...caller.orgPath], day, at };
  let counted = true;
  if (kind === 'DOWNLOAD') {
    // Counted again on a retry's answer too: a recount, and the first request may have died before it.
    const request = idempotencyRequest('recordResourceDownload', caller.subject, { id, idempotencyKey });
    await insertDownloadEvent(ctx.store, event, request);
  } else {
    try {
      await insertUsageEvent(ctx.store, { ...event, dedupeKey: `VIEW:${id}:${caller.subject}:${day}` });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      counted = false;
    }
  }
  if (counted) await refreshUsageCounters(ctx.store, doc._id);
  ctx.loaders.resourceById.clear(id);
  return { counted, resource: await visibleResource(ctx, id) };
}

export const recordView = (ctx: ResourcesContext, id: string) => record(ctx, id, 'VIEW');
export const recordDownload = (ctx: ResourcesContext, id: string, idempotencyKey?: string | null) =>
  record(ctx, id, 'DOWNLOAD', idempotencyKey);

export async function setFavorite(ctx: ResourcesContext, id: string, favorite: boolean) {
  const caller = requireScope(ctx.caller, ...readScopes);
  if (caller.isService) throw errors.badInput('Only a signed-in user keeps favorites.', { field: 'id' });
  const doc = await visibleResource(ctx, id);
  if (favorite) {
    await addFavorite(ctx.store, caller.subject, doc._id, caller.orgPath);
  } else {
    await removeFavorite(ctx.store, caller.subject, doc._id);
  }
  await refreshUsageCounters(ctx.store, doc._id);
  ctx.loaders.resourceById.clear(id);
  ctx.loaders.favoritedByCaller.clear(id);
  return visibleResource(ctx, id);
}

/**
 * A user's favorites, newest first: the user themself, or an administrator above them. Only
 * resources the caller may still see are listed.
 */
export async function favoritesOf(ctx: ResourcesContext, userId: string, args: PageArgs) {
  const caller = requireScope(ctx.caller, ...readScopes);
  const who = caller.subject === userId ? { userId } : { userId, orgPath: caller.organization };
  const page = await favoritesPage(ctx.store, args, who);
  const docs = await Promise.all(
    page.nodes.map((f) => ctx.loaders.resourceById.load(f.resourceId.toHexString())),
  );
  const edges = page.edges.flatMap((e, i) => {
    const doc = docs[i];
    return doc && canSeeResource(caller, doc) ? [{ cursor: e.cursor, node: doc }] : [];
  });
  return { ...page, edges, nodes: edges.map((e) => e.node) };
}

/** Usage in a region's subtree (for its indicators): views and downloads by its users, favorites, pushes to its schools. */
export async function regionUsage(ctx: ResourcesContext, code: string) {
  const caller: Caller = requireScope(ctx.caller, ...readScopes);
  const path = checkOrgPath(code);
  if (!path.ok || !path.value.includes(caller.organization)) return null;
  return { regionCode: code, ...(await countRegionUsage(ctx.store, code)) };
}
