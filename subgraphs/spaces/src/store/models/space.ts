import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';

export const spaceKinds = ['PERSONAL', 'CLASS', 'SCHOOL', 'GROUP'] as const;
export type SpaceKind = (typeof spaceKinds)[number];
/** Widening audiences: members only, the owning school, its county, its province. */
export const visibilities = ['MEMBERS', 'SCHOOL', 'REGION', 'PUBLIC'] as const;
export type Visibility = (typeof visibilities)[number];
export const ownerKinds = ['TEACHER', 'STUDENT', 'OTHER'] as const;
export type OwnerKind = (typeof ownerKinds)[number];
export const memberRoles = ['OWNER', 'MANAGER', 'MEMBER'] as const;
export type MemberRole = (typeof memberRoles)[number];

/**
 * A learning space (网络学习空间). `orgPath` is the owning organization's path (a personal
 * space: its owner's; a class or school space: the school's; a group: the region it spans) and
 * drives tenancy. A personal space opened in bulk from the data center's rosters before its
 * owner has an account carries `personNumber` and no `ownerId` until the owner first uses it.
 */
const spaceSchema = new Schema(
  {
    kind: { type: String, enum: spaceKinds, required: true },
    /** Natural key for idempotent opening: `user:<id>`, `person:<number>`, `class:<code>`, `school:<code>`, `group:<id>`. */
    key: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    visibility: { type: String, enum: visibilities, required: true },
    orgPath: { type: [String], required: true },
    schoolCode: { type: String, default: null },
    classCode: { type: String, default: null },
    grade: { type: Number, default: null },
    ownerId: { type: String },
    personNumber: { type: String },
    ownerKind: { type: String, enum: ownerKinds, default: null },
    /** A student of grades 7–12 (junior or senior secondary): the indicators count these. */
    secondary: { type: Boolean, default: false },
    openedBy: { type: String, required: true },
    /** `orgPath` as one scalar per level (shared/src/store/tenancy.ts): what the indexes below serve. */
    provinceCode: { type: String, default: null },
    cityCode: { type: String, default: null },
    countyCode: { type: String, default: null },
  },
  { timestamps: true, collection: 'spaces' },
);
spaceSchema.index({ ownerId: 1 }, { unique: true, sparse: true });
spaceSchema.index({ personNumber: 1 }, { unique: true, sparse: true });
/*
 * Per tenancy level, administrators' lists: the level's equality, then `key`, the unique sort key
 * of the list. The indicators read counters kept on write (store/counters.ts), not an index.
 */
for (const level of ['province', 'city', 'county', 'school'] as const)
  spaceSchema.index({ [`${level}Code`]: 1, key: 1 });

export type SpaceDoc = InferSchemaType<typeof spaceSchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export type SpaceModel = Model<InferSchemaType<typeof spaceSchema>>;

export const spaceModel = (conn: Connection): SpaceModel =>
  (conn.models.Space as SpaceModel | undefined) ?? conn.model('Space', spaceSchema);

/**
 * Who belongs to a space (the record every access check, mySpaces and myFeed read, by index) and with which role. `memberKey` is `u:<userId>`, or `p:<personNumber>`
 * for someone enrolled from the rosters before having an account (rewritten at first use).
 */
const membershipSchema = new Schema(
  {
    spaceId: { type: String, required: true },
    memberKey: { type: String, required: true },
    userId: { type: String, default: null },
    personNumber: { type: String, default: null },
    role: { type: String, enum: memberRoles, required: true },
    displayName: { type: String, default: null },
    spaceKind: { type: String, enum: spaceKinds, required: true },
  },
  { timestamps: true, collection: 'memberships' },
);
/* A space's members in `memberKey` order; a member's spaces in `spaceId` order (mySpaces, myFeed, access checks). */
membershipSchema.index({ spaceId: 1, memberKey: 1 }, { unique: true });
membershipSchema.index({ memberKey: 1, spaceId: 1 });

export type MembershipDoc = InferSchemaType<typeof membershipSchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
};
export type MembershipModel = Model<InferSchemaType<typeof membershipSchema>>;

export const membershipModel = (conn: Connection): MembershipModel =>
  (conn.models.Membership as MembershipModel | undefined) ?? conn.model('Membership', membershipSchema);
