import { createLoaders, groupedLoader, keyedLoader, type Caller } from '@edugraph/shared';
import type { ResourcesStore } from './store/index.ts';
import { findProviders, type ProviderDoc } from './store/provider.ts';
import { pushesOfResources, type PushDoc } from './store/push.ts';
import { findResources, type ResourceDoc } from './store/resource.ts';
import { favoritedAmong } from './store/usage.ts';

/**
 * Per-request loaders: one query per batch for resources (references, pushes, favorites),
 * providers and push targets, whatever the size of the list being resolved. Loaders return
 * raw records; visibility is checked by the resolvers that hand them out.
 */
export function resourcesLoaders(store: ResourcesStore, caller: Caller | null) {
  return createLoaders({
    resourceById: () =>
      keyedLoader<string, ResourceDoc>(
        (ids) => findResources(store, ids),
        (r) => r._id.toHexString(),
      ),
    /** Lists leave the history out; a page asking for it loads every resource's in one query. */
    historyById: () =>
      keyedLoader<string, Pick<ResourceDoc, '_id' | 'history'>>(
        (ids) => findResources<Pick<ResourceDoc, '_id' | 'history'>>(store, ids, { history: 1 }),
        (r) => r._id.toHexString(),
      ),
    providerById: () =>
      keyedLoader<string, ProviderDoc>(
        (ids) => findProviders(store, ids),
        (p) => p._id.toHexString(),
      ),
    /** Push targets of resources, limited to the caller's subtree. */
    pushesByResource: () =>
      groupedLoader<string, PushDoc>(
        async (ids) => (caller ? pushesOfResources(store, ids, caller.organization) : []),
        (p) => p.resourceId.toHexString(),
      ),
    /** Which of these resources the calling user has favorited. */
    favoritedByCaller: () =>
      keyedLoader<string, string>(
        async (ids) => (caller ? favoritedAmong(store, caller.subject, ids) : []),
        (id) => id,
      ),
  });
}

export type ResourcesLoaders = ReturnType<typeof resourcesLoaders>;
