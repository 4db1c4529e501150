import {
  LEVEL_FIELDS,
  NATION_CODE,
  keysetPage,
  levelFields,
  runMigrationOnce,
  toConnection,
  updateStale,
  type PageArgs,
} from '@edugraph/shared';
import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';
import type { IdentityStore } from './index.ts';
import { usersInSubtree, writeCountedUsers } from './userCounters.ts';

export const userKinds = ['TEACHER', 'STUDENT', 'PARENT', 'ADMINISTRATOR', 'SERVICE'] as const;
export type UserKind = (typeof userKinds)[number];
export const userStatuses = ['ACTIVE', 'DISABLED'] as const;

/**
 * A person (or service account) who signs in. `orgPath` runs from the nation to the user's
 * organization and drives tenancy; `personNumber` links a teacher's staff number or a
 * student's registry number to the data center's record.
 */
const userSchema = new Schema(
  {
    username: { type: String, required: true, unique: true },
    displayName: { type: String, required: true },
    kind: { type: String, enum: userKinds, required: true },
    organization: { type: String, required: true },
    orgPath: { type: [String], required: true, index: true },
    roles: { type: [String], default: [] },
    status: { type: String, enum: userStatuses, default: 'ACTIVE' },
    // Absent (not null) when unlinked: the unique index is sparse.
    personNumber: { type: String },
    email: { type: String, default: null },
    phone: { type: String, default: null },
    passwordHash: { type: String, required: true },
    mustChangePassword: { type: Boolean, default: false },
    lastLoginAt: { type: Date, default: null },
    // Indexable tenancy (shared/src/store/tenancy.ts): one field per level of `orgPath`, and the
    // list's sort key, so a subtree's page is one equality and a range on an index.
    provinceCode: { type: String, default: null },
    cityCode: { type: String, default: null },
    countyCode: { type: String, default: null },
    schoolCode: { type: String, default: null },
    /** `displayName`, U+0001, `username`: the users list's order, unique by the username. */
    nameKey: { type: String },
  },
  { timestamps: true, collection: 'users' },
);
userSchema.index({ personNumber: 1 }, { unique: true, sparse: true });
userSchema.index({ orgPath: 1, displayName: 1 });
// The users list of a subtree, by name: the nation's, then one per level.
userSchema.index({ nameKey: 1 });
for (const field of LEVEL_FIELDS) userSchema.index({ [field]: 1, nameKey: 1 });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
export type UserModel = Model<InferSchemaType<typeof userSchema>>;

export const userModel = (conn: Connection): UserModel =>
  (conn.models.User as UserModel | undefined) ?? conn.model('User', userSchema);

const OBJECT_ID = /^[a-f0-9]{24}$/;

/** Whether a string can be a user id (others match no user, and are not sent to the database). */
export const isUserId = (id: string): boolean => OBJECT_ID.test(id);

/** Users by id (one `$in`); strings that are no user id match nothing. */
export async function findUsersByIds(store: IdentityStore, ids: readonly string[]): Promise<UserDoc[]> {
  return (await store.users.find({ _id: { $in: ids.filter(isUserId) } }).lean()) as UserDoc[];
}

/** One user by id, or null. */
export async function findUser(store: IdentityStore, id: string): Promise<UserDoc | null> {
  return (await store.users.findById(id).lean()) as UserDoc | null;
}

/** One user by username, or null. */
export async function findUserByUsername(store: IdentityStore, username: string): Promise<UserDoc | null> {
  return (await store.users.findOne({ username }).lean()) as UserDoc | null;
}

/** The id of the user with this username, or null. */
export async function userIdByUsername(store: IdentityStore, username: string): Promise<string | null> {
  const user = await store.users.findOne({ username }, { _id: 1 }).lean();
  return user ? String(user._id) : null;
}

/** The users list's sort key: the display name, then the (unique) username. */
export const userNameKey = (displayName: string, username: string) => `${displayName}\u0001${username}`;

/** What a user stores only so that lists are served by indexes: its level fields and `nameKey`. */
export function userIndexFields(user: { orgPath: readonly string[]; displayName: string; username: string }) {
  return { ...levelFields(user.orgPath), nameKey: userNameKey(user.displayName, user.username) };
}

/** Inserts a user; a taken username or person number throws the database's duplicate-key error. */
export async function insertUser(store: IdentityStore, fields: Record<string, unknown>): Promise<UserDoc> {
  const indexed = userIndexFields(fields as Parameters<typeof userIndexFields>[0]);
  return writeCountedUsers(store, async () => {
    const user = (await store.users.create({ ...fields, ...indexed })).toObject() as UserDoc;
    return { result: user, changes: [{ after: user as unknown as Record<string, unknown> }] };
  });
}

/** Sets fields of a user; returns it as updated (null when it is gone). */
export async function updateUser(
  store: IdentityStore,
  id: Types.ObjectId | string,
  set: Record<string, unknown>,
): Promise<UserDoc | null> {
  if ('orgPath' in set || 'displayName' in set || 'username' in set)
    throw new Error(
      'updateUser sets no field a list is sorted or scoped by (orgPath, displayName, username)',
    );
  return (await store.users.findByIdAndUpdate(id, { $set: set }, { new: true }).lean()) as UserDoc | null;
}

/** Records a successful sign-in (which also starts a new count of failures, lockout.ts). */
export async function recordSignIn(store: IdentityStore, id: Types.ObjectId): Promise<void> {
  await store.users.updateOne({ _id: id }, { $set: { lastLoginAt: new Date() } });
}

/** The ids of the users holding these person numbers, by number. */
export async function userIdsByPersonNumber(
  store: IdentityStore,
  numbers: readonly string[],
): Promise<Map<string, string>> {
  const rows = await store.users.find({ personNumber: { $in: [...numbers] } }, { personNumber: 1 }).lean();
  return new Map(rows.map((u) => [u.personNumber!, u._id.toString()]));
}

/** A users list's conditions: a subtree (level fields), equalities, and optionally a name condition. */
export interface UserListFilter {
  /** Level field equalities (`subtreeOf`), `{}` for the nation; null when nothing can match. */
  subtree: Record<string, string> | null;
  equal: Record<string, string>;
  /** A condition no index serves (a name prefix on two fields), evaluated on the rows read. */
  other?: Record<string, unknown>;
}

/** The filter of a users list: flat equalities (the subtree's level field first), or null when nothing matches. */
export function userListFilter(where: UserListFilter): Record<string, unknown> | null {
  if (!where.subtree) return null;
  const flat = { ...where.subtree, ...where.equal };
  return where.other ? { ...flat, ...where.other } : flat;
}

/**
 * A page of users in name order (`nameKey`), read through the index of the subtree's level
 * field and the key: page 100 of a county's users costs what page 1 does. `totalCount` of a
 * subtree alone (one level field, or the nation) is read from the counters kept on write
 * (userCounters.ts); with other conditions it counts the matching index entries.
 */
export async function usersPage(store: IdentityStore, args: PageArgs, where: UserListFilter) {
  const filter = userListFilter(where);
  if (!filter)
    return toConnection<UserDoc & Record<string, unknown>>([], 'nameKey', false, false, async () => 0);
  const levels = Object.values(where.subtree ?? {});
  const counted = Object.keys(where.equal).length === 0 && !where.other && levels.length <= 1;
  return keysetPage<UserDoc & Record<string, unknown>>(store.users, args, {
    filter,
    key: 'nameKey',
    ...(counted && { count: () => usersInSubtree(store, levels[0] ?? NATION_CODE) }),
  });
}

/**
 * Writes the level fields and `nameKey` of users stored before them (once per database:
 * migration `users-level-fields-v1`).
 */
export async function backfillUserIndexFields(store: IdentityStore): Promise<void> {
  await runMigrationOnce(store.users.db.db!, 'users-level-fields-v1', () =>
    updateStale(store.users.collection as never, (row) => {
      const want = userIndexFields(row as never);
      return Object.entries(want).every(([k, v]) => row[k] === v) ? undefined : want;
    }),
  );
}

/** Every user's fields the organization path audit compares, streamed. */
export function streamUserPaths(store: IdentityStore) {
  return store.users
    .find({}, { username: 1, organization: 1, orgPath: 1, status: 1 })
    .lean()
    .cursor() as AsyncIterable<Pick<UserDoc, '_id' | 'username' | 'organization' | 'orgPath' | 'status'>>;
}

/** The organizations users belong to. */
export async function userOrganizations(store: IdentityStore): Promise<string[]> {
  return (await store.users.distinct('organization')) as string[];
}

/** Disables these users. */
export async function disableUsers(store: IdentityStore, ids: readonly string[]): Promise<void> {
  await store.users.updateMany({ _id: { $in: [...ids] } }, { $set: { status: 'DISABLED' } });
}
