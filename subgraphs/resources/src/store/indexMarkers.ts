import type { ResourcesStore } from './index.ts';

/**
 * What was built for the whole catalog, and when: the search postings' layout
 * (`searchIndex.ts`) and the catalog's counts (`catalogCounts.ts`), one marker each by `_id`.
 */
export const indexMarkers = (store: ResourcesStore) =>
  store.resources.db.collection<{ _id: string; at: Date; resources: number }>('searchindexmarkers');
