import { ensureIdempotencyIndexes, serviceStoreBase, type ServiceStoreBase } from '@edugraph/shared';
import type { Connection, Types } from 'mongoose';
import { backfillIndexFields } from './backfill.ts';
import { countersAtStart } from './counters.ts';
import { createModels, ensureIndexes, type Models } from './models/index.ts';

/**
 * The spaces' store: models with the indexes declared beside them (models/), the fields stored
 * for those indexes (indexFields.ts), the counters kept on write (counters.ts), and the queries
 * and writes that use them (spaces.ts, memberships.ts, posts.ts, comments.ts, indicators.ts,
 * opening.ts, orgPathAudit.ts). Resolvers, loaders and access checks read through it and never
 * touch mongoose; nothing is kept between requests, so any instance answers any request.
 */
export interface SpacesStore extends ServiceStoreBase {
  models: Models;
}

/** A record's id as stored. */
export type RecordId = Types.ObjectId;

/** The store over an open connection, models only (no index is created, nothing migrated). */
export function createStore(
  conn: Connection,
  options: { accessLogRetentionDays?: number } = {},
): SpacesStore {
  return {
    models: createModels(conn),
    ...serviceStoreBase(conn, 'spaces', options.accessLogRetentionDays),
  };
}

/** Indexes as declared (and the idempotency keys' expiry), then the index fields and counters of records written by an earlier version. */
export async function prepareStore(store: SpacesStore): Promise<{ backfilled: boolean; counted: boolean }> {
  await ensureIndexes(store.models);
  await ensureIdempotencyIndexes(store.models.posts.db.db!);
  const backfilled = await backfillIndexFields(store.models);
  return { backfilled, counted: await countersAtStart(store.models) };
}

/** The store `index.ts` serves: indexes made, older records migrated (`prepareStore`). */
export async function openSpacesStore(
  conn: Connection,
  options: { accessLogRetentionDays: number },
): Promise<SpacesStore & { prepared: { backfilled: boolean; counted: boolean } }> {
  const store = createStore(conn, options);
  return { ...store, prepared: await prepareStore(store) };
}

export * from './comments.ts';
export * from './counters.ts';
export * from './indexFields.ts';
export * from './indicators.ts';
export * from './keyed.ts';
export * from './memberships.ts';
export * from './models/index.ts';
export * from './opening.ts';
export * from './orgPathAudit.ts';
export * from './posts.ts';
export * from './spaces.ts';
