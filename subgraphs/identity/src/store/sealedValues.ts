import type { mongo } from 'mongoose';
import { withClientWriteLock } from './client.ts';
import type { IdentityStore } from './index.ts';

/**
 * Every field where identity keeps a value sealed by the secret box (secretBox.ts), with the
 * field whose value is the associated data: what `npm run reencrypt` walks. A new encrypted
 * field is added here, or key rotation leaves it under the old key.
 */
export interface SealedField {
  collection: 'keys' | 'clients' | 'oidc_session' | 'oidc_device_code';
  field: 'sealed' | 'clientSecret' | 'sealedId';
  /** The field holding the record id the value is sealed for (its associated data). */
  recordIdField: '_id' | 'clientId';
  /** What a record is called in messages. */
  record: string;
}

export const sealedFields: readonly SealedField[] = [
  { collection: 'keys', field: 'sealed', recordIdField: '_id', record: 'key' },
  { collection: 'clients', field: 'clientSecret', recordIdField: 'clientId', record: 'client' },
  // The ids of sign-in sessions and device codes (oidcRecords.ts: found by uid or user code).
  { collection: 'oidc_session', field: 'sealedId', recordIdField: '_id', record: 'sign-in session' },
  { collection: 'oidc_device_code', field: 'sealedId', recordIdField: '_id', record: 'device code' },
];

export interface SealedValue {
  _id: unknown;
  recordId: string;
  stored: string;
}

const collectionOf = (store: IdentityStore, spec: SealedField): mongo.Collection =>
  spec.collection === 'clients' ? store.clients.collection : store.db().collection(spec.collection);

/**
 * The next `limit` records after `after` in `_id` order (keyset pages): those holding a value in
 * the field, and the last `_id` read (the next page's start; undefined at the end). The filter is
 * on `_id` alone, which the embedded database answers from its primary key; a filter on the
 * field would make it decode the whole collection for every page.
 */
export async function sealedValuesPage(
  store: IdentityStore,
  spec: SealedField,
  after: unknown,
  limit: number,
): Promise<{ values: SealedValue[]; last: unknown }> {
  const docs = await collectionOf(store, spec)
    .find(after === undefined ? {} : { _id: { $gt: after as never } }, {
      projection: { [spec.field]: 1, [spec.recordIdField]: 1 },
    })
    .sort({ _id: 1 })
    .limit(limit)
    .toArray();
  const values = docs
    .filter((d) => typeof d[spec.field] === 'string')
    .map((d) => ({ _id: d._id, recordId: String(d[spec.recordIdField]), stored: d[spec.field] as string }));
  return { values, last: docs.at(-1)?._id };
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
