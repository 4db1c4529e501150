import type { Model } from 'mongoose';
import { databaseCapabilities } from './capabilities.ts';

type AnyModel = Model<any>;

/** What `ensureModelIndexes` did: indexes dropped (not declared any more) as `collection.name`. */
export interface IndexSync {
  dropped: string[];
}

/**
 * Makes each model's collection hold exactly the indexes its schema declares: those no longer
 * declared are dropped, the missing ones built. It is mongoose's `syncIndexes` with one
 * difference the embedded database needs: FerretDB v1 accepts `sparse` but does not list it back,
 * so mongoose saw every sparse index as changed and dropped and rebuilt it at each start (8 s for
 * the spaces' two at 1 M students, and a unique index missing meanwhile). There an index listed
 * with the declared key and uniqueness is the declared one; SQLite's unique indexes already let
 * any number of records lack the field, as a sparse one does on MongoDB.
 */
export async function ensureModelIndexes(models: Iterable<AnyModel>): Promise<IndexSync> {
  const dropped: string[] = [];
  for (const model of models) {
    const { embedded } = await databaseCapabilities(model.db.db!);
    const { toDrop } = await model.diffIndexes();
    const same = embedded && toDrop.length > 0 ? await declaredButUnlisted(model) : new Set<string>();
    for (const name of toDrop.filter((n) => !same.has(n))) {
      await model.collection.dropIndex(name);
      dropped.push(`${model.collection.collectionName}.${name}`);
    }
    await model.createIndexes();
  }
  return { dropped };
}

/** Listed indexes whose key and uniqueness match a declared index (their unlisted options aside). */
async function declaredButUnlisted(model: AnyModel): Promise<Set<string>> {
  const declared = model.schema
    .indexes()
    .map(([key, options]) => `${JSON.stringify(key)}:${Boolean((options as { unique?: boolean }).unique)}`);
  const listed = (await model.listIndexes()) as { name: string; key: object; unique?: boolean }[];
  return new Set(
    listed
      .filter((i) => declared.includes(`${JSON.stringify(i.key)}:${Boolean(i.unique)}`))
      .map((i) => i.name),
  );
}
