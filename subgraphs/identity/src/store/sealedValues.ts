import type { mongo } from 'mongoose';
import { withClientWriteLock } from './client.ts';
import type { IdentityStore } from './index.ts';

/**
 * Every field where identity keeps a value sealed by the secret box (secretBox.ts), with the
 * field whose value is the associated data: what `npm run reencrypt` walks. A new encrypted
 * field is added here, or key rotation leaves it under the old key.
 */
export interface SealedField {
  collection: 'keys' | 'clients';
  field: 'sealed' | 'clientSecret';
  /** The field holding the record id the value is sealed for (its associated data). */
  recordIdField: '_id' | 'clientId';
  /** What a record is called in messages. */
  record: string;
}

export const sealedFields: readonly SealedField[] = [
  { collection: 'keys', field: 'sealed', recordIdField: '_id', record: 'key' },
  { collection: 'clients', field: 'clientSecret', recordIdField: 'clientId', record: 'client' },
];

export interface SealedValue {
  _id: unknown;
  recordId: string;
  stored: string;
}

const collectionOf = (store: IdentityStore, spec: SealedField): mongo.Collection =>
  spec.collection === 'clients' ? store.clients.collection : store.db().collection(spec.collection);

/** The next `limit` records holding a value in the field, after `after` in `_id` order (keyset pages). */
export async function sealedValuesPage(
  store: IdentityStore,
  spec: SealedField,
  after: unknown,
  limit: number,
): Promise<SealedValue[]> {
  const filter: Record<string, unknown> = { [spec.field]: { $ne: null } };
  if (after !== undefined) filter._id = { $gt: after };
  const docs = await collectionOf(store, spec)
    .find(filter, { projection: { [spec.field]: 1, [spec.recordIdField]: 1 } })
    .sort({ _id: 1 })
    .limit(limit)
    .toArray();
  return docs.map((d) => ({
    _id: d._id,
    recordId: String(d[spec.recordIdField]),
    stored: String(d[spec.field]),
  }));
}

/**
 * Replaces the value only if it is still `stored` (a compare-and-set): a value the service
 * wrote meanwhile (a rotated client secret) is never overwritten. Returns whether it replaced.
 */
export async function replaceSealedValue(
  store: IdentityStore,
  spec: SealedField,
  id: unknown,
  stored: string,
  next: string,
): Promise<boolean> {
  const write = () =>
    collectionOf(store, spec).updateOne(
      { _id: id as never, [spec.field]: stored },
      { $set: { [spec.field]: next } },
    );
  // Clients are updated by the service (withClientWriteLock): only under the lock is this
  // compare-and-set one step on the embedded database. Keys are only inserted and deleted.
  const result = spec.collection === 'clients' ? await withClientWriteLock(store, write) : await write();
  return result.modifiedCount > 0;
}

/** The value as stored now (null when the record or the value is gone). */
export async function currentSealedValue(
  store: IdentityStore,
  spec: SealedField,
  id: unknown,
): Promise<string | null> {
  const doc = await collectionOf(store, spec).findOne(
    { _id: id as never },
    { projection: { [spec.field]: 1 } },
  );
  const value: unknown = doc?.[spec.field];
  return typeof value === 'string' ? value : null;
}
