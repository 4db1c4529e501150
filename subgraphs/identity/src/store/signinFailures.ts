import type { IdentityStore } from './index.ts';

/**
 * The sign-in failure slots and lock documents of the lockout (lockout.ts): `f:<key>:<n>` for
 * the n-th failure, `l:<key>` for the lock. Inserts with a unique `_id` are atomic on FerretDB
 * and MongoDB alike, and `_id` equality uses the index.
 */
export interface FailureDoc {
  _id: string;
  expiresAt: Date;
  /** Lock documents only. */
  until?: Date;
  hint?: number;
}

export const LOCKOUT_COLLECTION = 'signin_failures';
/** Forgotten failures and locks are swept by their expiry (FerretDB has no TTL index). */
export const LOCKOUT_INDEX = { expiresAt: 1 } as const;

const failures = (store: IdentityStore) => store.db().collection<FailureDoc>(LOCKOUT_COLLECTION);

export function findFailureDoc(store: IdentityStore, id: string): Promise<FailureDoc | null> {
  return failures(store).findOne({ _id: id });
}

/** Inserts a failure slot; a slot already taken throws the database's duplicate-key error. */
export async function insertFailure(store: IdentityStore, id: string, expiresAt: Date): Promise<void> {
  await failures(store).insertOne({ _id: id, expiresAt });
}

/**
 * `$max` of a lock document's fields and its expiry; `upsert` creates it (concurrent first
 * writes may then collide on the `_id`: the caller retries without).
 */
export async function raiseLockDoc(
  store: IdentityStore,
  id: string,
  fields: { hint: number; until?: Date },
  expiresAt: Date,
  upsert: boolean,
): Promise<void> {
  await failures(store).updateOne({ _id: id }, { $max: fields, $set: { expiresAt } }, { upsert });
}

/** Deletes forgotten failures and locks; returns how many. */
export async function sweepFailures(store: IdentityStore): Promise<number> {
  return (await failures(store).deleteMany({ expiresAt: { $lte: new Date() } })).deletedCount;
}

export async function ensureFailureIndexes(store: IdentityStore): Promise<void> {
  await failures(store).createIndex(LOCKOUT_INDEX);
}
