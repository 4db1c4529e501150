import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';

export const usageKinds = ['VIEW', 'DOWNLOAD'] as const;
export type UsageKind = (typeof usageKinds)[number];

/**
 * One view or download. `dedupeKey` is unique: for a view it is resource + user + day (UTC+8),
 * so a user's repeated views on one day count once; a download gets a fresh key each time.
 * `orgPath` is the user's, for usage per region.
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
  },
  { collection: 'usageevents' },
);
usageEventSchema.index({ resourceId: 1, kind: 1 });
usageEventSchema.index({ orgPath: 1, kind: 1 });

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
favoriteSchema.index({ orgPath: 1 });

export type UsageEventFields = InferSchemaType<typeof usageEventSchema>;
export type UsageEventModel = Model<UsageEventFields>;
export type FavoriteFields = InferSchemaType<typeof favoriteSchema>;
export type FavoriteDoc = FavoriteFields & { _id: Types.ObjectId };
export type FavoriteModel = Model<FavoriteFields>;

export const usageEventModel = (conn: Connection): UsageEventModel =>
  (conn.models.UsageEvent as UsageEventModel | undefined) ?? conn.model('UsageEvent', usageEventSchema);
export const favoriteModel = (conn: Connection): FavoriteModel =>
  (conn.models.Favorite as FavoriteModel | undefined) ?? conn.model('Favorite', favoriteSchema);
