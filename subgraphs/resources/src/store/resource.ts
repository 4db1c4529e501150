import { createOnce, type CreateRequest, type PageArgs } from '@edugraph/shared';
import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';
import {
  originLevels,
  resourceKinds,
  resourceStatuses,
  sharingStates,
  stages,
  subjects,
} from '../catalog.ts';
import { COUNTED_SOURCE, type StoredCounted } from './catalogCounts.ts';
import { toRecordIds, type RecordId } from './ids.ts';
import type { ResourcesStore } from './index.ts';
import { keysetPage, opaque } from './keyset.ts';
import { usedKey } from './listKeys.ts';

/** One recorded step of a resource's life: who did what, when and why (审核记录). */
const historyEntrySchema = new Schema(
  {
    action: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    actorId: { type: String, required: true },
    actorOrganization: { type: String, required: true },
    reason: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { _id: false },
);

/**
 * A digital education resource (数字教育资源). `orgPath` is the owning organization's path
 * (tenancy); `audience` is the organization whose whole subtree may see it once published —
 * the nation, the province, or the school — widened when it is shared upward and approved.
 * Keyword search reads the postings (`postings.ts`); lists read the keyset fields (`listKeys.ts`).
 */
const resourceSchema = new Schema(
  {
    title: { type: String, required: true },
    description: { type: String, default: '' },
    kind: { type: String, enum: Object.keys(resourceKinds), required: true },
    stage: { type: String, enum: Object.keys(stages), required: true },
    subject: { type: String, enum: Object.keys(subjects), required: true },
    grade: { type: Number, default: null },
    edition: { type: String, default: null },
    chapter: { type: String, default: null },
    language: { type: String, default: 'zh-CN' },
    format: { type: String, required: true },
    content: {
      url: { type: String, required: true },
      sizeBytes: { type: Number, required: true },
      checksum: { type: String, required: true },
    },
    coverUrl: { type: String, default: null },
    license: { type: String, default: null },
    providerId: { type: Schema.Types.ObjectId, required: true },
    originLevel: { type: String, enum: originLevels, required: true },
    organization: { type: String, required: true },
    orgPath: { type: [String], required: true },
    audience: { type: String, required: true },
    status: { type: String, enum: resourceStatuses, default: 'DRAFT' },
    sharing: {
      state: { type: String, enum: sharingStates, default: 'NONE' },
      target: { type: String, default: null },
    },
    history: { type: [historyEntrySchema], default: [] },
    createdBy: { type: String, required: true },
    version: { type: Number, default: 1 },
    usage: {
      views: { type: Number, default: 0 },
      downloads: { type: Number, default: 0 },
      favorites: { type: Number, default: 0 },
      pushes: { type: Number, default: 0 },
    },
    /** "Most used" order: views + 2·downloads + 3·favorites + 3·pushes. */
    popularity: { type: Number, default: 0 },
    newestKey: { type: String, required: true },
    usedKey: { type: String, required: true },
    feedKey: { type: String, required: true },
    publishedAt: { type: Date, default: null },
    /** Time of the last change a feed reader must see (content, status, audience). */
    changedAt: { type: Date, required: true },
  },
  { timestamps: true, collection: 'resources' },
);
// Sorted pages (newest, most used, the feed) are read through these in key order.
resourceSchema.index({ newestKey: 1 });
resourceSchema.index({ usedKey: 1 });
resourceSchema.index({ feedKey: 1 });
// Filters: what an audience sees, a caller's own drafts, facets.
resourceSchema.index({ audience: 1, status: 1 });
resourceSchema.index({ createdBy: 1 });
resourceSchema.index({ stage: 1, subject: 1, grade: 1 });

export type ResourceFields = InferSchemaType<typeof resourceSchema>;
export type ResourceDoc = ResourceFields & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
export type HistoryEntry = ResourceDoc['history'][number];
/** A history entry as a step writes it. */
export interface HistoryStep {
  action: string;
  from: string;
  to: string;
  actorId: string;
  actorOrganization: string;
  reason: string | null;
  at: Date;
}
export type ResourceModel = Model<ResourceFields>;

/** Fields a list never needs: left out of list queries to keep them light. */
export const LIST_PROJECTION = { history: 0 } as const;

export const resourceModel = (conn: Connection): ResourceModel =>
  (conn.models.Resource as ResourceModel | undefined) ?? conn.model('Resource', resourceSchema);

/** Resources by id (one `$in`, served by the `_id` index on both databases); ids that are no record ids match nothing. */
export async function findResources<T = ResourceDoc>(
  store: ResourcesStore,
  ids: readonly string[] | readonly RecordId[],
  projection: Record<string, 0 | 1> = LIST_PROJECTION,
): Promise<T[]> {
  const keys = ids.map((id) => (typeof id === 'string' ? id : id.toHexString()));
  return (await store.resources.find({ _id: { $in: toRecordIds(keys) } }, projection).lean()) as T[];
}

/** One resource, whole (with its history), or null. */
export async function readResource(store: ResourcesStore, id: RecordId): Promise<ResourceDoc | null> {
  return (await store.resources.findById(id).lean()) as unknown as ResourceDoc | null;
}

/** The status a resource has now, or null when it is gone. */
export async function resourceStatus(store: ResourcesStore, id: RecordId): Promise<string | null> {
  const doc = (await store.resources.findById(id, { status: 1 }).lean()) as { status: string } | null;
  return doc?.status ?? null;
}

/**
 * Inserts a new resource (its fields, built for the `_id` it gets, validated by the model) and
 * returns it; with an idempotency key, once per caller and key: a retry answers the resource the
 * first request created (shared/src/store/idempotency.ts).
 */
export function insertResource(
  store: ResourcesStore,
  fieldsFor: (id: RecordId) => Record<string, unknown>,
  request?: CreateRequest,
): Promise<ResourceDoc> {
  return createOnce(store.resources.db.db!, 'Resource', request, {
    create: async (id) =>
      (await new store.resources(fieldsFor(id)).save()).toObject() as unknown as ResourceDoc,
    replay: async (id) => (await store.resources.findById(id).lean()) as ResourceDoc | null,
  });
}

/**
 * Writes the next version of a resource by `_id` alone (the caller claimed the version it read,
 * `versionClaim.ts`): the fields, the version + 1 and, for a review step, its history entry in
 * one update.
 */
export async function writeResourceVersion(
  store: ResourcesStore,
  id: RecordId,
  set: Record<string, unknown>,
  history?: HistoryStep,
): Promise<void> {
  await store.resources.updateOne(
    { _id: id },
    { $set: set, $inc: { version: 1 }, ...(history ? { $push: { history } } : {}) },
  );
}

/** A resource's usage counters. */
export interface UsageCounts {
  views: number;
  downloads: number;
  favorites: number;
  pushes: number;
}

/** How a resource ranks by use: downloads, favorites and pushes weigh more than views. */
export const popularityOf = (u: UsageCounts) => u.views + 2 * u.downloads + 3 * u.favorites + 3 * u.pushes;

/** Sets a resource's usage counters, its popularity (`popularityOf`) and its "most used" key. */
export async function writeResourceUsage(
  store: ResourcesStore,
  id: RecordId,
  usage: UsageCounts,
): Promise<void> {
  const popularity = popularityOf(usage);
  await store.resources.updateOne(
    { _id: id },
    { $set: { usage, popularity, usedKey: usedKey(id, popularity) } },
  );
}

/** How many resources matching `match` hold each value of `field` (one `$group` with `$sum`). */
export async function countResourcesBy(
  store: ResourcesStore,
  match: Record<string, unknown>,
  field: string,
): Promise<Map<string, number>> {
  const rows = (await store.resources
    .aggregate([{ $match: match }, { $group: { _id: `$${field}`, count: { $sum: 1 } } }])
    .exec()) as { _id: unknown; count: number }[];
  const counts = new Map<string, number>();
  for (const r of rows)
    if (r._id !== null && r._id !== undefined && r._id !== '') counts.set(String(r._id), r.count);
  return counts;
}

/** What the catalog counts of one author's resources (served by the `createdBy` index). */
export async function authoredCounted(store: ResourcesStore, createdBy: string): Promise<StoredCounted[]> {
  return (await store.resources.find({ createdBy }, COUNTED_SOURCE).lean()) as unknown as StoredCounted[];
}

export type RankingFields = Pick<ResourceDoc, '_id' | 'title' | 'description' | 'popularity'>;

/**
 * What ranking by relevance reads of every match (id, title, description, popularity), as a
 * stream: the caller keeps what it needs (a page), not every match.
 */
export function rankingFields(
  store: ResourcesStore,
  filter: Record<string, unknown>,
): AsyncIterable<RankingFields> {
  return store.resources.collection.find<RankingFields>(filter, {
    projection: { title: 1, description: 1, popularity: 1 },
    batchSize: 1000,
  });
}

/** One page of resources in the order of a list key (`listKeys.ts`), see `keysetPage`. */
export function resourcesPage(
  store: ResourcesStore,
  filter: Record<string, unknown>,
  key: 'newestKey' | 'usedKey',
  args: PageArgs,
  count?: () => Promise<number>,
) {
  return keysetPage<ResourceDoc & Record<string, unknown>>(
    store.resources,
    filter,
    key,
    args,
    LIST_PROJECTION,
    count,
  );
}

/**
 * Up to `limit` resources matching `filter` in feed order. A reader with a cursor is usually
 * caught up: the key range after it (pushed down) is small. The first page reads the key's
 * index from its start instead (`opaque`).
 */
export async function feedRows(
  store: ResourcesStore,
  filter: Record<string, unknown>,
  fromCursor: boolean,
  limit: number,
): Promise<ResourceDoc[]> {
  return (await store.resources
    .find(fromCursor ? filter : opaque(filter), LIST_PROJECTION)
    .sort({ feedKey: 1 })
    .limit(limit)
    .lean()
    .exec()) as unknown as ResourceDoc[];
}
