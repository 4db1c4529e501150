import type { IdentityStore } from './index.ts';

/**
 * Signing keys and cookie keys (`keys` collection), persisted so that a restart keeps every
 * session and token valid; what they hold and how they rotate is oidc/keys.ts's.
 */
export interface KeyDoc {
  _id: string;
  kind: 'signing' | 'cookie';
  /** Public JWK (legacy rows: the private one). */
  jwk?: Record<string, unknown>;
  /** The private JWK (JSON) or the cookie secret, encrypted. */
  sealed?: string;
  /** Legacy rows: the cookie secret in plain text. */
  secret?: string;
  createdAt: Date;
}

const keys = (store: IdentityStore) => store.db().collection<KeyDoc>('keys');

export function countKeys(store: IdentityStore, kind: KeyDoc['kind']): Promise<number> {
  return keys(store).countDocuments({ kind });
}

export async function insertKey(store: IdentityStore, doc: KeyDoc): Promise<void> {
  await keys(store).insertOne(doc);
}

/** Keys of a kind, newest first: the first `limit`, or those after the first `skip`. */
export function newestKeys(
  store: IdentityStore,
  kind: KeyDoc['kind'],
  range: { limit?: number; skip?: number } = {},
): Promise<KeyDoc[]> {
  let cursor = keys(store).find({ kind }).sort({ createdAt: -1 });
  if (range.skip) cursor = cursor.skip(range.skip);
  if (range.limit) cursor = cursor.limit(range.limit);
  return cursor.toArray();
}

/** The ids of every stored key. */
export async function keyIds(store: IdentityStore): Promise<string[]> {
  return (
    await keys(store)
      .find({}, { projection: { _id: 1 } })
      .toArray()
  ).map((d) => d._id);
}

export function allKeys(store: IdentityStore): Promise<KeyDoc[]> {
  return keys(store).find({}).toArray();
}

/** Sets (and unsets) fields of a key; returns whether it changed. */
export async function updateKey(
  store: IdentityStore,
  id: string,
  set: Partial<KeyDoc>,
  unset: readonly (keyof KeyDoc)[] = [],
): Promise<boolean> {
  const update = unset.length
    ? { $set: set, $unset: Object.fromEntries(unset.map((f) => [f, true as const])) }
    : { $set: set };
  return (await keys(store).updateOne({ _id: id }, update)).modifiedCount > 0;
}

export async function deleteKeys(store: IdentityStore, ids: readonly string[]): Promise<void> {
  await keys(store).deleteMany({ _id: { $in: [...ids] } });
}
