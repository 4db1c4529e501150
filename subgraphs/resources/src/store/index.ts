import {
  counterModel,
  ensureIdempotencyIndexes,
  serviceStoreBase,
  type CounterModel,
  type ServiceStoreBase,
} from '@edugraph/shared';
import type { Connection } from 'mongoose';
import { countsModel, type CountsModel } from './catalogCounts.ts';
import { blockIdsModel, postingModel, type BlockIdsModel, type PostingModel } from './postingModels.ts';
import { providerModel, type ProviderModel } from './provider.ts';
import { pushModel, type PushModel } from './push.ts';
import { resourceModel, type ResourceModel } from './resource.ts';
import { searchEntryModel, type SearchEntryModel } from './searchEntries.ts';
import { favoriteModel, usageEventModel, type FavoriteModel, type UsageEventModel } from './usage.ts';

/**
 * The resources subgraph's storage: its models and their indexes, and (in the modules beside
 * this one) every query. Resolvers and domain code hold a store and pass it to the functions of
 * `store/`; nothing outside this folder touches mongoose.
 */
export interface ResourcesStore extends ServiceStoreBase {
  resources: ResourceModel;
  providers: ProviderModel;
  pushes: PushModel;
  usageEvents: UsageEventModel;
  favorites: FavoriteModel;
  /** Keyword postings: the blocks' heads (postingModels.ts). */
  postings: PostingModel;
  /** The ids of the larger blocks. */
  postingBlocks: BlockIdsModel;
  /** What a search ranks on, per resource (searchEntries.ts). */
  searchEntries: SearchEntryModel;
  /** The catalog's counts per organization, status and cell (catalogCounts.ts). */
  catalogCounts: CountsModel;
  /** Usage per region, kept on write (regionUsage.ts). */
  counters: CounterModel;
}

/** The store over an open connection, models only (no index is created). */
export function createResourcesStore(
  conn: Connection,
  options: { accessLogRetentionDays: number },
): ResourcesStore {
  return {
    resources: resourceModel(conn),
    providers: providerModel(conn),
    pushes: pushModel(conn),
    usageEvents: usageEventModel(conn),
    favorites: favoriteModel(conn),
    postings: postingModel(conn),
    postingBlocks: blockIdsModel(conn),
    searchEntries: searchEntryModel(conn),
    catalogCounts: countsModel(conn),
    counters: counterModel(conn),
    ...serviceStoreBase(conn, 'resources', options.accessLogRetentionDays),
  };
}

const MODELS = [
  'resources',
  'providers',
  'pushes',
  'usageEvents',
  'favorites',
  'postings',
  'postingBlocks',
  'searchEntries',
  'catalogCounts',
  'counters',
] as const;

/** The store with every model's indexes created (each model's `init`) and the idempotency keys' expiry. */
export async function openResourcesStore(
  conn: Connection,
  options: { accessLogRetentionDays: number },
): Promise<ResourcesStore> {
  const store = createResourcesStore(conn, options);
  await Promise.all(MODELS.map((m) => store[m].init()));
  await ensureIdempotencyIndexes(conn.db!);
  return store;
}
