import { createLoaders, keyedLoader } from '@edugraph/shared';
import type { IdentityStore } from './store/index.ts';
import { findUsersByIds, type UserDoc } from './store/user.ts';

/** Per-request loaders: users by id, one query per batch. */
export function identityLoaders(store: IdentityStore) {
  return createLoaders({
    userById: () =>
      keyedLoader<string, UserDoc>(
        (ids) => findUsersByIds(store, ids),
        (u) => u._id.toString(),
      ),
  });
}

export type IdentityLoaders = ReturnType<typeof identityLoaders>;
