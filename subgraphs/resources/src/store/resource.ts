import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';
import {
  originLevels,
  resourceKinds,
  resourceStatuses,
  sharingStates,
  stages,
  subjects,
} from '../catalog.ts';

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
export type ResourceModel = Model<ResourceFields>;

/** Fields a list never needs: left out of list queries to keep them light. */
export const LIST_PROJECTION = { history: 0 } as const;

export const resourceModel = (conn: Connection): ResourceModel =>
  (conn.models.Resource as ResourceModel | undefined) ?? conn.model('Resource', resourceSchema);
