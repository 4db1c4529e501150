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
import { readRegionUsage } from './store/regionUsage.ts';
import {
  addFavorite,
  addUsage,
  countResourceUsage,
  downloadKey,
  favoritesPage,
  insertDownloadEvent,
  insertUsageEvent,
  removeFavorite,
  type Usage,
} from './store/usage.ts';
import { canSeeResource } from './access.ts';

const readScopes = [scopes.RESOURCES_READ, scopes.RESOURCES_WRITE, scopes.RESOURCES_REVIEW];

/** The day in China (UTC+8) a view belongs to, for "once per user per day". */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Adds to a resource's usage counters (under its usage lock, `addUsage`: one read and one
 * write, not a recount of its events) and sets its popularity; the postings follow, since
 * ranking uses popularity. `counted`: the event's `dedupeKey`, counted once. Whether anything
 * was added.
 */
export async function bumpUsage(
  store: ResourcesStore,
  resourceId: RecordId,
  delta: Partial<Usage>,
  counted?: string,
): Promise<boolean> {
  const usage = await addUsage(store, resourceId, delta, counted);
  if (usage) await reindexResources(store, [resourceId]);
  return usage !== undefined;
}

/**
 * Sets a resource's counters from its recorded events, favorites and pushes: the repair for
 * counters a crash left behind (between an event's write and its count). Reads every event of
 * the resource: not for the request path.
 */
export async function recountUsage(store: ResourcesStore, resourceId: RecordId): Promise<void> {
  const usage = await countResourceUsage(store, resourceId);
  await writeResourceUsage(store, resourceId, usage);
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
  let key: string;
  if (kind === 'DOWNLOAD') {
    // A retry's answer counts the download if the first request died before counting it.
    const request = idempotencyRequest('recordResourceDownload', caller.subject, { id, idempotencyKey });
    key = downloadKey(await insertDownloadEvent(ctx.store, event, request));
  } else {
    key = `VIEW:${id}:${caller.subject}:${day}`;
    try {
      await insertUsageEvent(ctx.store, { ...event, dedupeKey: key });
    } catch (err) {
      // Recorded today already: counted below only if that first request died before counting.
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
  const counted = await bumpUsage(ctx.store, doc._id, kind === 'VIEW' ? { views: 1 } : { downloads: 1 }, key);
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
    if (await addFavorite(ctx.store, caller.subject, doc._id, caller.orgPath))
      await bumpUsage(ctx.store, doc._id, { favorites: 1 });
  } else if (await removeFavorite(ctx.store, caller.subject, doc._id)) {
    await bumpUsage(ctx.store, doc._id, { favorites: -1 });
  }
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

/**
 * Usage in a region's subtree (for its indicators): views and downloads by its users, their
 * favorites, pushes to its schools; read from the counters kept on write (store/regionUsage.ts).
 */
export async function regionUsage(ctx: ResourcesContext, code: string) {
  const caller: Caller = requireScope(ctx.caller, ...readScopes);
  const path = checkOrgPath(code);
  if (!path.ok || !path.value.includes(caller.organization)) return null;
  return { regionCode: code, ...(await readRegionUsage(ctx.store, code)) };
}
