import type { Connection } from 'mongoose';
import { backfillIndexFields } from './backfill.ts';
import { ensureCodeSets } from './codeSets.ts';
import { migrateCodeValues } from './migrateCodes.ts';
import { countersAtStart } from './recount.ts';
import { regionIndicators } from './indicators.ts';
import { termIndicators } from './termIndicators.ts';
import { createLists } from './lists.ts';
import { createModels, ensureIndexes, type Models } from './models/index.ts';
import { createRecords, type Records } from './records.ts';

/**
 * The datacenter's store: its models with their indexes, and the queries that read them. The
 * resolvers, loaders and sync code read through it; nothing keeps records in memory.
 */
export interface Store {
  models: Models;
  records: Records;
  lists: ReturnType<typeof createLists>;
  indicators(regionCode: string): ReturnType<typeof regionIndicators>;
  termIndicators(regionCode: string, term: string): ReturnType<typeof termIndicators>;
}

export function createStore(conn: Connection): Store {
  const models = createModels(conn);
  const records = createRecords(models);
  return {
    models,
    records,
    lists: createLists(records),
    indicators: (regionCode) => regionIndicators(models, regionCode),
    termIndicators: (regionCode, term) => termIndicators(models, regionCode, term),
  };
}

/**
 * Indexes as declared, then the derived index fields of records written before them, then the
 * counters of a database counted by no earlier start.
 */
export async function prepareStore(store: Pick<Store, 'models'>): Promise<void> {
  await ensureIndexes(store.models);
  await ensureCodeSets(store.models);
  await backfillIndexFields(store.models);
  await migrateCodeValues(store.models);
  await countersAtStart(store.models);
}

export { readCodeSets, validOn, type CodeEntries, type CodeSets } from './codeSets.ts';
export { COLLECTION_OF, RECORD_COLLECTIONS, type RecordCollection } from './collections.ts';
export { TRAINING_TARGET_HOURS } from './indexFields.ts';
export { MAX_PAGE, SORT_FIELD } from './lists.ts';
export { createRecords, type Doc, type Filter, type Records } from './records.ts';
export type { RegionIndicators } from './indicators.ts';
export type { TermIndicators } from './termIndicators.ts';
export { recount, COUNTERS_VERSION } from './recount.ts';
export { COUNTED } from './counters.ts';
export * from './models/index.ts';
