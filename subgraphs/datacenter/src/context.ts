import type { Caller } from '@edugraph/shared';
import type { DatacenterLoaders } from './loaders.ts';
import type { Store } from './store/index.ts';

export interface DatacenterContext {
  caller: Caller | null;
  /** The store the resolvers read and write through (its change log included). */
  store: Store;
  loaders: DatacenterLoaders;
}
