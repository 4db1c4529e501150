import type { Caller } from '@edugraph/shared';
import type { DatacenterLoaders } from './loaders.ts';
import type { Models, Store } from './store/index.ts';
import type { ChangeLog } from './sync/changeLog.ts';

export interface DatacenterContext {
  caller: Caller | null;
  store: Store;
  /** The store's models (the sync writes use them). */
  models: Models;
  log: ChangeLog;
  loaders: DatacenterLoaders;
}
