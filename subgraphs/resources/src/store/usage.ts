import {
  createOnce,
  isDuplicateKeyError,
  withDatabaseLock,
  paginate,
  type CreateRequest,
  type PageArgs,
} from '@edugraph/shared';
import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';
import { toRecordIds, type RecordId } from './ids.ts';
import type { ResourcesStore } from './index.ts';
import { writeResourceUsage, type UsageCounts } from './resource.ts';
import { writeCounted } from './regionUsage.ts';

export const usageKinds = ['VIEW', 'DOWNLOAD'] as const;
export type UsageKind = (typeof usageKinds)[number];

/**
 * One view or download. `dedupeKey` is unique: for a view it is resource + user + day (UTC+8),
 * so a user's repeated views on one day count once; a download's is its `_id` (one per request,
 * or per idempotency key).
 * `orgPath` is the user's, for usage per region (counted on insert, regionUsage.ts).
 */
const usageEventSchema = new Schema(
  {
    resourceId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: usageKinds, required: true },
    userId: { type: String, required: true },
    orgPath: { type: [String], required: true },
    day: { type: String, required: true },
    dedupeKey: { type: String, required: true, unique: true },
    at: { type: Date, required: true },
    /**
     * False until the event is added to the resource's counters (`addUsage`); events
     * without it (written before, or by the seed) are counted.
     */
    counted: { type: Boolean },
  },
  { collection: 'usageevents' },
);
usageEventSchema.index({ resourceId: 1, kind: 1 });

/** A user's favorite (收藏). */
const favoriteSchema = new Schema(
  {
    userId: { type: String, required: true },
    resourceId: { type: Schema.Types.ObjectId, required: true },
    orgPath: { type: [String], required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'favorites' },
);
favoriteSchema.index({ userId: 1, resourceId: 1 }, { unique: true });
favoriteSchema.index({ resourceId: 1 });

export type UsageEventFields = InferSchemaType<typeof usageEventSchema>;
export type UsageEventModel = Model<UsageEventFields>;
export type FavoriteFields = InferSchemaType<typeof favoriteSchema>;
export type FavoriteDoc = FavoriteFields & { _id: Types.ObjectId };
export type FavoriteModel = Model<FavoriteFields>;

export const usageEventModel = (conn: Connection): UsageEventModel =>
  (conn.models.UsageEvent as UsageEventModel | undefined) ?? conn.model('UsageEvent', usageEventSchema);
export const favoriteModel = (conn: Connection): FavoriteModel =>
  (conn.models.Favorite as FavoriteModel | undefined) ?? conn.model('Favorite', favoriteSchema);

/**
 * Records a download: once per idempotency key when the request has one (the event's `_id` is
 * the key's reservation, shared/src/store/idempotency.ts), so a retried download counts once.
 */
export async function insertDownloadEvent(
  store: ResourcesStore,
  event: Omit<UsageEventFields, 'resourceId' | 'dedupeKey' | 'counted'> & { resourceId: RecordId },
  request?: CreateRequest,
): Promise<RecordId> {
  return createOnce(store.usageEvents.db.db!, 'Download', request, {
    create: (_id) =>
      writeCounted(store, 'usageevents', async () => {
        await store.usageEvents.create({ ...event, _id, dedupeKey: downloadKey(_id), counted: false });
        return { result: _id, changes: [{ after: event }] };
      }),
    replay: async (_id) => ((await store.usageEvents.exists({ _id })) ? _id : null),
  });
}

/** A download's `dedupeKey`: its `_id`. */
export const downloadKey = (id: RecordId | string) => `DOWNLOAD:${id.toString()}`;

/** Records a view; throws the database's duplicate-key error for a view already recorded today. */
export async function insertUsageEvent(
  store: ResourcesStore,
  event: Omit<UsageEventFields, 'resourceId' | 'counted'> & { resourceId: RecordId },
): Promise<void> {
  await writeCounted(store, 'usageevents', async () => {
    await store.usageEvents.create({ ...event, counted: false });
    return { result: undefined, changes: [{ after: event }] };
  });
}

/** What a resource's usage counters hold. */
export type Usage = UsageCounts;

/**
 * Adds to a resource's usage counters, sets its popularity (`writeResourceUsage`) and returns
 * the counters, holding the resource's usage lock
 * across every process (the embedded database's `$inc` loses increments under concurrent
 * writers, see `withDatabaseLock`): a read and a write of one document, whatever the number of
 * events. `counted` (an event's `dedupeKey`) adds only if that event is not yet counted, and
 * marks it, so a retried request (an idempotent download, a view whose first request died
 * before counting) counts once. Undefined when nothing was added.
 */
export async function addUsage(
  store: ResourcesStore,
  resourceId: RecordId,
  delta: Partial<Usage>,
  counted?: string,
): Promise<Usage | undefined> {
  return withDatabaseLock(store.usageEvents.db.db!, `usage:${resourceId.toString()}`, async () => {
    if (counted !== undefined) {
      const marked = await store.usageEvents.updateOne(
        { dedupeKey: counted, counted: false },
        { $set: { counted: true } },
      );
      if (marked.modifiedCount === 0) return undefined;
    }
    const doc = (await store.resources.findById(resourceId, { usage: 1 }).lean()) as {
      usage?: Partial<Usage>;
    } | null;
    if (!doc) return undefined;
    const usage: Usage = { views: 0, downloads: 0, favorites: 0, pushes: 0 };
    for (const k of Object.keys(usage) as (keyof Usage)[])
      usage[k] = Math.max(0, (doc.usage?.[k] ?? 0) + (delta[k] ?? 0));
    await writeResourceUsage(store, resourceId, usage);
    return usage;
  });
}

/** Views and downloads (one `$group` by kind) of the events matching `match`. */
async function countByKind(store: ResourcesStore, match: Record<string, unknown>) {
  const byKind = (await store.usageEvents
    .aggregate([{ $match: match }, { $group: { _id: '$kind', n: { $sum: 1 } } }])
    .exec()) as { _id: string; n: number }[];
  return {
    views: byKind.find((r) => r._id === 'VIEW')?.n ?? 0,
    downloads: byKind.find((r) => r._id === 'DOWNLOAD')?.n ?? 0,
  };
}

/** A resource's usage counted from its events, favorites and pushes. */
export async function countResourceUsage(store: ResourcesStore, resourceId: RecordId) {
  const [byKind, favorites, pushes] = await Promise.all([
    countByKind(store, { resourceId }),
    store.favorites.countDocuments({ resourceId }).exec(),
    store.pushes.countDocuments({ resourceId }).exec(),
  ]);
  return { ...byKind, favorites, pushes };
}

/** Adds a user's favorite (once: a concurrent second add is a no-op); counted in its user's regions. */
export async function addFavorite(
  store: ResourcesStore,
  userId: string,
  resourceId: RecordId,
  orgPath: readonly string[],
): Promise<boolean> {
  return writeCounted(store, 'favorites', async () => {
    const result = await store.favorites
      .updateOne(
        { userId, resourceId },
        { $setOnInsert: { userId, resourceId, orgPath: [...orgPath], createdAt: new Date() } },
        { upsert: true },
      )
      .catch((err: unknown) => {
        if (!isDuplicateKeyError(err)) throw err;
        return undefined;
      });
    const added = (result?.upsertedCount ?? 0) > 0;
    return { result: added, changes: added ? [{ after: { orgPath } }] : [] };
  });
}

export async function removeFavorite(
  store: ResourcesStore,
  userId: string,
  resourceId: RecordId,
): Promise<boolean> {
  return writeCounted(store, 'favorites', async () => {
    const found = (await store.favorites.findOne({ userId, resourceId }, { orgPath: 1 }).lean()) as {
      _id: RecordId;
      orgPath: string[];
    } | null;
    if (!found) return { result: false, changes: [] };
    const removed = (await store.favorites.deleteOne({ _id: found._id })).deletedCount > 0;
    return { result: removed, changes: removed ? [{ before: found }] : [] };
  });
}

/** A page of favorites matching `filter`, newest first. */
export function favoritesPage(store: ResourcesStore, args: PageArgs, filter: Record<string, unknown>) {
  return paginate<{ resourceId: RecordId; createdAt: Date; _id: RecordId }>(store.favorites, args, {
    filter,
    sortField: 'createdAt',
    direction: -1,
  });
}

/** Which of these resources a user has favorited (their ids). */
export async function favoritedAmong(
  store: ResourcesStore,
  userId: string,
  ids: readonly string[],
): Promise<string[]> {
  return (
    await store.favorites.find({ userId, resourceId: { $in: toRecordIds(ids) } }, { resourceId: 1 }).lean()
  ).map((f) => f.resourceId.toHexString());
}
