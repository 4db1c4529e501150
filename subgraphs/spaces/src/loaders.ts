import { createLoaders, keyedLoader, type Caller } from '@edugraph/shared';
import { Types } from 'mongoose';
import type { Models } from './context.ts';
import type { PostDoc } from './models/content.ts';
import type { MemberSpacesDoc, SpaceDoc } from './models/space.ts';

const objectIds = (ids: readonly string[]) =>
  ids
    .filter((id) => Types.ObjectId.isValid(id) && /^[a-f0-9]{24}$/i.test(id))
    .map((id) => new Types.ObjectId(id));

async function countBy(
  model: Models['posts'] | Models['comments'],
  match: Record<string, unknown>,
  field: string,
): Promise<{ _id: string; n: number }[]> {
  // FerretDB: $group supports $sum only, which is all a count needs.
  return (model as Models['posts']).aggregate<{ _id: string; n: number }>([
    { $match: match },
    { $group: { _id: `$${field}`, n: { $sum: 1 } } },
  ]);
}

/** Per-request loaders: one query per batch, nothing cached across requests or callers. */
export function spacesLoaders(models: Models, caller: Caller | null) {
  /** Spaces by a field holding one value per space. */
  const spacesBy =
    (field: 'key' | 'ownerId' | 'personNumber', filter: Record<string, unknown> = {}) =>
    () =>
      keyedLoader<string, SpaceDoc>(
        async (values) =>
          (await models.spaces.find({ [field]: { $in: [...values] }, ...filter }).lean()) as SpaceDoc[],
        (s) => s[field] ?? '',
      );
  return createLoaders({
    /**
     * One id (a lookup, a page of one space's posts) is read by `_id` alone, the filter FerretDB
     * answers from its index; several (a feed across spaces) in one `$in` query.
     */
    spaceById: () =>
      keyedLoader<string, SpaceDoc>(
        async (ids) => {
          const valid = objectIds(ids);
          const filter = valid.length === 1 ? { _id: valid[0] } : { _id: { $in: valid } };
          return valid.length ? ((await models.spaces.find(filter).lean()) as SpaceDoc[]) : [];
        },
        (s) => s._id.toString(),
      ),
    spaceByKey: spacesBy('key'),
    personalSpaceByOwner: spacesBy('ownerId'),
    personalSpaceByNumber: spacesBy('personNumber', { kind: 'PERSONAL' }),
    postById: () =>
      keyedLoader<string, PostDoc>(
        async (ids) => (await models.posts.find({ _id: { $in: objectIds(ids) } }).lean()) as PostDoc[],
        (p) => p._id.toString(),
      ),
    commentCount: () =>
      keyedLoader<string, { _id: string; n: number }>(
        (ids) => countBy(models.comments, { postId: { $in: [...ids] }, hidden: false }, 'postId'),
        (r) => r._id,
      ),
    /** A member's spaces (by member key), from the member index: each read by `_id`. */
    memberSpaces: () =>
      keyedLoader<string, MemberSpacesDoc>(
        async (keys) =>
          (
            (await Promise.all(
              keys.map((k) => models.memberSpaces.findOne({ _id: k }).lean()),
            )) as (MemberSpacesDoc | null)[]
          ).filter((d): d is MemberSpacesDoc => d !== null),
        (d) => d._id,
      ),
    /** Shares of resources within the caller's subtree. */
    shareCount: () =>
      keyedLoader<string, { _id: string; n: number }>(
        (ids) =>
          caller
            ? countBy(
                models.posts,
                { kind: 'SHARE', resourceId: { $in: [...ids] }, orgPath: caller.organization, hidden: false },
                'resourceId',
              )
            : Promise.resolve([]),
        (r) => r._id,
      ),
  });
}

export type SpacesLoaders = ReturnType<typeof spacesLoaders>;
