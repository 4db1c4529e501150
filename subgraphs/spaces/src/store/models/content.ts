import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';

export const postKinds = ['POST', 'SHARE', 'GROWTH_RECORD'] as const;
export type PostKind = (typeof postKinds)[number];
/** The five dimensions of 综合素质评价 a growth record (成长档案) entry belongs to. */
export const growthCategories = ['MORAL', 'ACADEMIC', 'HEALTH', 'ARTS', 'PRACTICE'] as const;
export const attachmentKinds = ['RESOURCE', 'LINK'] as const;
export const reportReasons = ['SPAM', 'ABUSE', 'PERSONAL_DATA', 'INAPPROPRIATE', 'OTHER'] as const;
export const reportTargets = ['POST', 'COMMENT'] as const;

/** A stored record: the schema's fields with its id and timestamps. */
type Stored<S> = InferSchemaType<S> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

const attachmentSchema = new Schema(
  {
    kind: { type: String, enum: attachmentKinds, required: true },
    resourceId: { type: String, default: null },
    url: { type: String, default: null },
    title: { type: String, default: '' },
  },
  { _id: false },
);

/**
 * A post, a resource share or a growth-record entry in a space. Text is stored as the plain
 * text the author typed (never as markup); `orgPath` is the space's, copied for tenancy filters.
 */
const postSchema = new Schema(
  {
    spaceId: { type: String, required: true },
    orgPath: { type: [String], required: true },
    kind: { type: String, enum: postKinds, required: true },
    authorId: { type: String, default: null },
    /** Seeded or roster content written before its author had an account; linked at first use. */
    authorPersonNumber: { type: String, default: null },
    authorName: { type: String, default: null },
    text: { type: String, default: '' },
    attachments: { type: [attachmentSchema], default: [] },
    resourceId: { type: String, default: null },
    growthCategory: { type: String, enum: [...growthCategories, null], default: null },
    hidden: { type: Boolean, default: false },
    hiddenBy: { type: String, default: null },
    hiddenReason: { type: String, default: null },
    editedAt: { type: Date, default: null },
    /**
     * Newest first as an ascending unique string (indexFields.ts feedKey): the embedded database
     * reads a page from an index only in ascending order.
     */
    feedKey: { type: String, required: true },
    /** The space's `orgPath` as one scalar per level (shared/src/store/tenancy.ts): shares counted in a subtree. */
    provinceCode: { type: String, default: null },
    cityCode: { type: String, default: null },
    countyCode: { type: String, default: null },
    schoolCode: { type: String, default: null },
  },
  { timestamps: true, collection: 'posts' },
);
postSchema.index({ spaceId: 1, feedKey: 1 });
postSchema.index({ resourceId: 1, kind: 1 });
postSchema.index({ authorPersonNumber: 1 });

export type PostDoc = Stored<typeof postSchema>;
export type PostModel = Model<InferSchemaType<typeof postSchema>>;

const commentSchema = new Schema(
  {
    postId: { type: String, required: true },
    spaceId: { type: String, required: true },
    orgPath: { type: [String], required: true },
    authorId: { type: String, default: null },
    authorPersonNumber: { type: String, default: null },
    authorName: { type: String, default: null },
    /** Written by a teacher (评语): shown as the teacher's comment on a growth record. */
    byTeacher: { type: Boolean, default: false },
    text: { type: String, required: true },
    hidden: { type: Boolean, default: false },
    hiddenBy: { type: String, default: null },
    editedAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'comments' },
);
commentSchema.index({ postId: 1, createdAt: 1 });
commentSchema.index({ authorPersonNumber: 1 });

export type CommentDoc = Stored<typeof commentSchema>;
export type CommentModel = Model<InferSchemaType<typeof commentSchema>>;

/** An abuse report; one per reporter and target (reporting again updates the reason). */
const reportSchema = new Schema(
  {
    targetType: { type: String, enum: reportTargets, required: true },
    targetId: { type: String, required: true },
    spaceId: { type: String, required: true },
    orgPath: { type: [String], required: true },
    reporterId: { type: String, required: true },
    reason: { type: String, enum: reportReasons, required: true },
    note: { type: String, default: '' },
    status: { type: String, enum: ['OPEN', 'RESOLVED'], default: 'OPEN' },
  },
  { timestamps: true, collection: 'reports' },
);
reportSchema.index({ targetId: 1, reporterId: 1 }, { unique: true });
reportSchema.index({ spaceId: 1, status: 1 });

export type ReportDoc = Stored<typeof reportSchema>;
export type ReportModel = Model<InferSchemaType<typeof reportSchema>>;

const model = <M>(conn: Connection, name: string, schema: Schema): M =>
  (conn.models[name] as M | undefined) ?? (conn.model(name, schema) as M);

export const postModel = (conn: Connection) => model<PostModel>(conn, 'Post', postSchema);
export const commentModel = (conn: Connection) => model<CommentModel>(conn, 'Comment', commentSchema);
export const reportModel = (conn: Connection) => model<ReportModel>(conn, 'Report', reportSchema);
