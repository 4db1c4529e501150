import type { mongo } from 'mongoose';
import { recordId, type RecordId } from './ids.ts';
import type { ResourcesStore } from './index.ts';

/**
 * The demo seed's writes (seed/main.ts): idempotent bulk inserts of records with stable ids,
 * and the marker that records which settings were seeded already.
 */
const markers = (store: ResourcesStore) =>
  store.resources.db.collection<{ _id: string; at: Date }>('seedmarkers');

export async function seedMarked(store: ResourcesStore, marker: string): Promise<boolean> {
  return Boolean(await markers(store).findOne({ _id: marker }));
}

export async function markSeeded(store: ResourcesStore, marker: string, at: Date): Promise<void> {
  await markers(store).updateOne({ _id: marker }, { $set: { at } }, { upsert: true });
}

/** Inserts the records whose ids are not there yet (a re-run after an interrupted seed adds the rest). */
async function insertMissing(collection: mongo.Collection, docs: Record<string, unknown>[]): Promise<void> {
  const present = new Set(
    (await collection.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)),
  );
  const missing = docs.filter((d) => !present.has(String(d._id)));
  for (let i = 0; i < missing.length; i += 1000) {
    await collection.insertMany(missing.slice(i, i + 1000) as never[], { ordered: false });
  }
}

export const insertMissingResources = (store: ResourcesStore, docs: Record<string, unknown>[]) =>
  insertMissing(store.resources.collection as unknown as mongo.Collection, docs);

export const insertMissingUsageEvents = (store: ResourcesStore, docs: Record<string, unknown>[]) =>
  insertMissing(store.usageEvents.collection as unknown as mongo.Collection, docs);

/** Upserts providers by their (stable) id; returns the ids by provider key. */
export async function upsertProviders(
  store: ResourcesStore,
  providers: readonly ({ key: string; id: string } & Record<string, unknown>)[],
): Promise<Map<string, RecordId>> {
  const ids = new Map<string, RecordId>();
  await store.providers.bulkWrite(
    providers.map(({ id, ...p }) => {
      const _id = recordId(id);
      ids.set(p.key, _id);
      return { updateOne: { filter: { _id }, update: { $set: { ...p, userId: null } }, upsert: true } };
    }),
  );
  return ids;
}
