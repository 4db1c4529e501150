import { keysetPage, mergedKeysetPage, type Connection, type PageArgs } from '@edugraph/shared';
import { Types } from 'mongoose';
import { writeCounted } from './counters.ts';
import { newPostFields } from './indexFields.ts';
import { keyedCreate, type CreateRequest } from './keyed.ts';
import type { Models } from './models/index.ts';
import type { CommentDoc, PostDoc } from './models/content.ts';

/**
 * Posts are read newest first through `{spaceId: 1, feedKey: 1}` (indexFields.ts feedKey): a
 * space's page is one seek; a member's feed is one seek per space, merged (mergedKeysetPage).
 * Hidden posts are left to the handler's filter (an `$or` no index serves): the page is still read
 * in index order until it holds enough visible posts.
 */

/** Hidden posts count only for their author (`viewer`), unless the viewer manages the space (null). */
const visibleTo = (viewer: string | null) =>
  viewer === null ? {} : { $or: [{ hidden: false }, { authorId: viewer }] };

/** Counts without `$or`, so that the embedded database counts from the index (patch 0007). */
async function countVisible(models: Models, spaceIds: string[], viewer: string | null): Promise<number> {
  const spaceId = spaceIds.length === 1 ? spaceIds[0] : { $in: spaceIds };
  if (viewer === null) return models.posts.countDocuments({ spaceId });
  const [shown, ownHidden] = await Promise.all([
    models.posts.countDocuments({ spaceId, hidden: false }),
    models.posts.countDocuments({ spaceId, hidden: true, authorId: viewer }),
  ]);
  return shown + ownHidden;
}

/** A page of one space's posts, newest first; `viewer` null for its managers (who see hidden ones). */
export function spacePostsPage(
  models: Models,
  spaceId: string,
  options: { kind?: string | null; viewer: string | null },
  args: PageArgs,
): Promise<Connection<PostDoc>> {
  const filter: Record<string, unknown> = { spaceId, ...visibleTo(options.viewer) };
  if (options.kind) filter.kind = options.kind;
  return keysetPage<PostDoc>(models.posts, args, {
    filter,
    key: 'feedKey',
    count: options.kind ? undefined : () => countVisible(models, [spaceId], options.viewer),
  });
}

/** The newest posts of these spaces (a member's feed), hidden ones only for their author. */
export function feedPage(
  models: Models,
  spaceIds: string[],
  viewer: string,
  args: PageArgs,
): Promise<Connection<PostDoc>> {
  return mergedKeysetPage<PostDoc>(models.posts, args, {
    filters: spaceIds.map((spaceId) => ({ spaceId, ...visibleTo(viewer) })),
    key: 'feedKey',
    count: () => countVisible(models, spaceIds, viewer),
  });
}

/**
 * Inserts a post of a space at `orgPath` with its index fields; with an idempotency key, once
 * (a retry answers the post the first request wrote).
 */
export function insertPost(
  models: Models,
  orgPath: readonly string[],
  fields: Partial<PostDoc> & { spaceId: string },
  request?: CreateRequest,
): Promise<PostDoc> {
  return keyedCreate(models, 'Post', request, {
    create: (id) =>
      writeCounted(models, 'posts', async () => {
        const created = await models.posts.create({
          ...fields,
          orgPath: [...orgPath],
          ...newPostFields(orgPath, new Date(), id),
        });
        const post = created.toObject() as PostDoc;
        return { result: post, changes: [{ after: post }] };
      }),
    replay: async (id) => (await models.posts.findById(id).lean()) as PostDoc | null,
  });
}

export async function postsByIds(models: Models, ids: readonly string[]): Promise<PostDoc[]> {
  const valid = [...new Set(ids)]
    .filter((id) => /^[a-f0-9]{24}$/i.test(id))
    .map((id) => new Types.ObjectId(id));
  if (valid.length === 0) return [];
  return (await models.posts
    .find({ _id: valid.length === 1 ? valid[0] : { $in: valid } })
    .batchSize(valid.length + 1)
    .lean()) as PostDoc[];
}

type Counted = { _id: string; n: number };

/** Visible comments per post: one aggregate (FerretDB's `$group` supports `$sum`, all a count needs). */
export function commentCounts(models: Models, postIds: readonly string[]): Promise<Counted[]> {
  return models.comments.aggregate<Counted>([
    { $match: { postId: { $in: [...postIds] }, hidden: false } },
    { $group: { _id: '$postId', n: { $sum: 1 } } },
  ]);
}

/** Visible shares per resource inside a subtree (`scope`: a level equality, shared/src/store/tenancy.ts). */
export function shareCounts(
  models: Models,
  resourceIds: readonly string[],
  scope: Record<string, string>,
): Promise<Counted[]> {
  return models.posts.aggregate<Counted>([
    { $match: { resourceId: { $in: [...resourceIds] }, kind: 'SHARE', hidden: false, ...scope } },
    { $group: { _id: '$resourceId', n: { $sum: 1 } } },
  ]);
}

export type { CommentDoc };

/** Sets fields of a post (text, attachments, hidden…); returns the post as it now is. */
export async function updatePost(models: Models, post: PostDoc, set: Partial<PostDoc>): Promise<PostDoc> {
  await models.posts.updateOne({ _id: post._id }, { $set: set });
  return { ...post, ...set };
}

/** Deletes a post with its comments (a post deleted twice at once is counted out once). */
export async function deletePost(models: Models, post: PostDoc): Promise<void> {
  await models.comments.deleteMany({ postId: post._id.toString() });
  await writeCounted(models, 'posts', async () => {
    const { deletedCount } = await models.posts.deleteOne({ _id: post._id });
    return { result: undefined, changes: deletedCount > 0 ? [{ before: post }] : [] };
  });
}
