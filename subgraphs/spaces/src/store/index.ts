import type { Connection } from 'mongoose';
import { backfillIndexFields } from './backfill.ts';
import { createModels, ensureIndexes, type Models } from './models/index.ts';

/**
 * The spaces' store: models with the indexes declared beside them (models/), the fields stored
 * for those indexes (indexFields.ts), and the queries and writes that use them (spaces.ts,
 * memberships.ts, posts.ts, indicators.ts, opening.ts). Resolvers, loaders and access checks
 * read through it; nothing is kept between requests, so any instance answers any request.
 */
export interface SpacesStore {
  models: Models;
}

export function createStore(conn: Connection): SpacesStore {
  return { models: createModels(conn) };
}

/** Indexes as declared, then the index fields of records written by an earlier version. */
export async function prepareStore(store: SpacesStore): Promise<{ backfilled: boolean }> {
  await ensureIndexes(store.models);
  return { backfilled: await backfillIndexFields(store.models) };
}

export * from './indexFields.ts';
export * from './indicators.ts';
export * from './memberships.ts';
export * from './models/index.ts';
export * from './opening.ts';
export * from './posts.ts';
export * from './spaces.ts';
export * from './comments.ts';
