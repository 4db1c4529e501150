import { createLoaders, groupedLoader, keyedLoader, subtreeOf, type Caller } from '@edugraph/shared';
import {
  commentCounts,
  memberKeyOfUser,
  membershipsIn,
  membershipsOf,
  postsByIds,
  shareCounts,
  spacesBy,
  spacesByIds,
  type MembershipDoc,
  type PostDoc,
  type SpaceDoc,
  type SpacesStore,
} from './store/index.ts';

/** Per-request loaders: one query per batch, each served by an index; nothing cached across requests. */
export function spacesLoaders({ models }: SpacesStore, caller: Caller | null) {
  const spacesByField =
    (field: 'key' | 'ownerId' | 'personNumber', extra: Record<string, unknown> = {}) =>
    () =>
      keyedLoader<string, SpaceDoc>(
        (values) => spacesBy(models, field, values, extra),
        (s) => s[field] ?? '',
      );
  const me = caller ? memberKeyOfUser(caller.subject) : null;
  return createLoaders({
    spaceById: () =>
      keyedLoader<string, SpaceDoc>(
        (ids) => spacesByIds(models, ids),
        (s) => s._id.toString(),
      ),
    spaceByKey: spacesByField('key'),
    personalSpaceByOwner: spacesByField('ownerId'),
    personalSpaceByNumber: spacesByField('personNumber', { kind: 'PERSONAL' }),
    postById: () =>
      keyedLoader<string, PostDoc>(
        (ids) => postsByIds(models, ids),
        (p) => p._id.toString(),
      ),
    commentCount: () =>
      keyedLoader<string, { _id: string; n: number }>(
        (ids) => commentCounts(models, ids),
        (r) => r._id,
      ),
    /** The caller's membership of each space asked (by space id): one `{memberKey, spaceId: $in}` query per batch. */
    myMembership: () =>
      keyedLoader<string, MembershipDoc>(
        (spaceIds) => (me ? membershipsIn(models, me, spaceIds) : Promise.resolve([])),
        (m) => m.spaceId,
      ),
    /** The class spaces a member (by member key) belongs to: whose teachers may read their growth record. */
    classMemberships: () =>
      groupedLoader<string, MembershipDoc>(
        (keys) => membershipsOf(models, keys, { kind: 'CLASS' }),
        (m) => m.memberKey,
      ),
    /** Shares of resources within the caller's subtree. */
    shareCount: () =>
      keyedLoader<string, { _id: string; n: number }>(
        (ids) => {
          const scope = caller ? subtreeOf(caller.organization) : undefined;
          return scope ? shareCounts(models, ids, scope) : Promise.resolve([]);
        },
        (r) => r._id,
      ),
  });
}

export type SpacesLoaders = ReturnType<typeof spacesLoaders>;
