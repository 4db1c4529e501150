import { createLoaders, groupedLoader, keyedLoader, type AnyModel, type Caller } from '@edugraph/shared';
import { Types } from 'mongoose';
import type { Models } from './context.ts';
import type { ProviderDoc } from './store/provider.ts';
import type { PushDoc } from './store/push.ts';
import { LIST_PROJECTION, type ResourceDoc } from './store/resource.ts';

const toObjectIds = (ids: readonly string[]) =>
  ids
    .filter((id) => Types.ObjectId.isValid(id) && /^[a-f0-9]{24}$/i.test(id))
    .map((id) => new Types.ObjectId(id));

/**
 * Per-request loaders: one query per batch for resources (references, pushes, favorites),
 * providers and push targets, whatever the size of the list being resolved. Loaders return
 * raw records; visibility is checked by the resolvers that hand them out.
 */
/** Records by id: one `$in` query (served by the `_id` index on both databases). */
export async function findByIds<T>(
  model: AnyModel,
  ids: readonly string[],
  projection: Record<string, 0 | 1>,
): Promise<T[]> {
  return (await model.find({ _id: { $in: toObjectIds(ids) } }, projection).lean()) as T[];
}

export function resourcesLoaders(models: Models, caller: Caller | null) {
  return createLoaders({
    resourceById: () =>
      keyedLoader<string, ResourceDoc>(
        (ids) => findByIds<ResourceDoc>(models.resources, ids, LIST_PROJECTION),
        (r) => r._id.toHexString(),
      ),
    /** Lists leave the history out; a page asking for it loads every resource's in one query. */
    historyById: () =>
      keyedLoader<string, Pick<ResourceDoc, '_id' | 'history'>>(
        (ids) => findByIds<Pick<ResourceDoc, '_id' | 'history'>>(models.resources, ids, { history: 1 }),
        (r) => r._id.toHexString(),
      ),
    providerById: () =>
      keyedLoader<string, ProviderDoc>(
        async (ids) =>
          (await models.providers
            .find({ _id: { $in: toObjectIds(ids) } })
            .lean()) as unknown as ProviderDoc[],
        (p) => p._id.toHexString(),
      ),
    /** Push targets of resources, limited to the caller's subtree. */
    pushesByResource: () =>
      groupedLoader<string, PushDoc>(
        async (ids) =>
          caller
            ? ((await models.pushes
                .find({ resourceId: { $in: toObjectIds(ids) }, orgPath: caller.organization })
                .sort({ pushedAt: -1 })
                .lean()) as unknown as PushDoc[])
            : [],
        (p) => p.resourceId.toHexString(),
      ),
    /** Which of these resources the calling user has favorited. */
    favoritedByCaller: () =>
      keyedLoader<string, string>(
        async (ids) =>
          caller
            ? (
                await models.favorites
                  .find({ userId: caller.subject, resourceId: { $in: toObjectIds(ids) } }, { resourceId: 1 })
                  .lean()
              ).map((f) => f.resourceId.toHexString())
            : [],
        (id) => id,
      ),
  });
}

export type ResourcesLoaders = ReturnType<typeof resourcesLoaders>;
