import { serviceStoreBase, type ServiceStoreBase } from '@edugraph/shared';
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
import { createChangeLog, type ChangeLog } from './changeLog.ts';

/**
 * The datacenter's store: its models with their indexes, the change log, and (in the modules
 * beside this one) every query and write. Resolvers, loaders and the sync code hold a store and
 * call the functions of `store/`; nothing outside this folder (and the seed) touches mongoose,
 * and nothing keeps records in memory.
 */
export interface Store extends ServiceStoreBase {
  models: Models;
  records: Records;
  /** The change log the sync writes append to (one per store: its appends queue in process). */
  log: ChangeLog;
  lists: ReturnType<typeof createLists>;
  indicators(regionCode: string): ReturnType<typeof regionIndicators>;
  termIndicators(regionCode: string, term: string): ReturnType<typeof termIndicators>;
}

/** The store over an open connection, models only (no index is created: `openDatacenterStore`). */
export function createStore(conn: Connection, options: { accessLogRetentionDays?: number } = {}): Store {
  const models = createModels(conn);
  const records = createRecords(models);
  return {
    models,
    records,
    log: createChangeLog(models),
    lists: createLists(records),
    indicators: (regionCode) => regionIndicators(models, regionCode),
    termIndicators: (regionCode, term) => termIndicators(models, regionCode, term),
    ...serviceStoreBase(conn, 'datacenter', options.accessLogRetentionDays),
  };
}

/** The store ready to serve: `createStore`, then `prepareStore` (indexes, code sets, counters). */
export async function openDatacenterStore(
  conn: Connection,
  options: { accessLogRetentionDays: number },
): Promise<Store> {
  const store = createStore(conn, options);
  await prepareStore(store);
  return store;
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

export {
  readCodeSets,
  validOn,
  writeCodeEntries,
  type CodeEntries,
  type CodeEntryWrite,
  type CodeSets,
} from './codeSets.ts';
export { COLLECTION_OF, KIND_OF, type RecordCollection } from './collections.ts';
export { TRAINING_TARGET_HOURS } from './indexFields.ts';
export { MAX_PAGE, SORT_FIELD } from './lists.ts';
export type {
  AssetFilter,
  AssignmentFilter,
  ClassFilter,
  CourseFilter,
  EnrollmentFilter,
  GuardianFilter,
  ListArgs,
  RegionFilter,
  SchoolFilter,
  StudentFilter,
  TeacherFilter,
  TermFilter,
} from './filters.ts';
export { createChangeLog, type ChangeLog } from './changeLog.ts';
export { createRecords, type Doc, type Filter, type Records } from './records.ts';
export type { RegionIndicators } from './indicators.ts';
export type { TermIndicators } from './termIndicators.ts';
export { recount, COUNTERS_VERSION } from './recount.ts';
export { COUNTED } from './counters.ts';
export * from './models/index.ts';
