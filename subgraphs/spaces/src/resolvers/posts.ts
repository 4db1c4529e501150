import {
  errors,
  hasRole,
  idempotencyRequest,
  requireCaller,
  roles,
  type Caller,
  type PageArgs,
} from '@edugraph/shared';
import { canManage, canView, ifVisible, myRole, requireWriter, visibleSpace } from '../access.ts';
import {
  deletePost,
  feedPage,
  insertPost,
  memberKeyOfUser,
  membershipsOf,
  spacePostsPage,
  updatePost,
  type PostDoc,
  type SpaceDoc,
} from '../store/index.ts';
import { cleanText, cleanUrl, limits } from '../text.ts';
import type {
  AttachmentInput,
  CreatePostArgs,
  GrowthRecordArgs,
  IdArgs,
  KeyArgs,
  NoArgs,
  PostsArgs,
  SetPostHiddenArgs,
  ShareResourceArgs,
  UpdatePostArgs,
} from './args.ts';
import { ensurePersonalSpace } from './mySpace.ts';
import { authorName, authoredFields, emptyConnection, resourceRef, type Ctx } from './shared.ts';

const RESOURCE_ID = /^[A-Za-z0-9_-]{1,64}$/;

function cleanAttachments(list: AttachmentInput[] | null | undefined) {
  const items = list ?? [];
  if (items.length > limits.attachments)
    throw errors.badInput(`A post holds at most ${limits.attachments} attachments; got ${items.length}.`, {
      field: 'attachments',
    });
  return items.map((a, i) => {
    const field = `attachments.${i}`;
    const title = cleanText(a.title ?? '', `${field}.title`, limits.attachmentTitle, { singleLine: true });
    if (a.kind === 'RESOURCE') {
      if (!a.resourceId || !RESOURCE_ID.test(a.resourceId))
        throw errors.badInput(`${field}.resourceId: give the id of a resource of the catalog.`, {
          field: `${field}.resourceId`,
        });
      return { kind: a.kind, resourceId: a.resourceId, url: null, title };
    }
    if (!a.url)
      throw errors.badInput(`${field}.url: a LINK attachment needs an http(s) address.`, {
        field: `${field}.url`,
      });
    return { kind: a.kind, resourceId: null, url: cleanUrl(a.url, `${field}.url`), title };
  });
}

/** A post the caller may see: its space is visible, and a hidden post only to managers and its author. */
export async function canSeePost(ctx: Ctx, post: PostDoc | null): Promise<boolean> {
  if (!post || !ctx.caller) return false;
  const space = await ctx.loaders.spaceById.load(post.spaceId);
  if (!space || !(await canView(ctx, space))) return false;
  if (!post.hidden || post.authorId === ctx.caller.subject) return true;
  return canManage(ctx, space);
}

/** The post if the caller may see it, else null. */
export async function postIfVisible(ctx: Ctx, id: string): Promise<PostDoc | null> {
  const post = await ctx.loaders.postById.load(id);
  return (await canSeePost(ctx, post)) ? post : null;
}

export async function visiblePost(ctx: Ctx, id: string): Promise<PostDoc> {
  requireCaller(ctx.caller);
  const post = await postIfVisible(ctx, id);
  if (!post) throw errors.notFound('Post', id);
  return post;
}

/** Writes a post once per idempotency key of `args` (the mutation `operation`'s arguments). */
async function writePost(
  ctx: Ctx,
  space: SpaceDoc,
  caller: Caller,
  fields: Partial<PostDoc>,
  keyed: { operation: string; args: KeyArgs },
) {
  return insertPost(
    ctx.store.models,
    space.orgPath,
    {
      ...fields,
      spaceId: space._id.toString(),
      authorId: caller.subject,
      authorName: await authorName(ctx, caller.subject),
    },
    idempotencyRequest(keyed.operation, caller.subject, keyed.args),
  );
}

export const postQueries = {
  post: async (_: unknown, { id }: IdArgs, ctx: Ctx) => {
    requireCaller(ctx.caller);
    return postIfVisible(ctx, id);
  },
  myFeed: async (_: unknown, args: PageArgs, ctx: Ctx) => {
    const caller = requireCaller(ctx.caller);
    const mine = () => membershipsOf(ctx.store.models, memberKeyOfUser(caller.subject));
    let memberships = await mine();
    // Owning a personal space's membership means it is open: no lookup (one round trip less).
    if (!memberships.some((m) => m.spaceKind === 'PERSONAL' && m.role === 'OWNER')) {
      await ensurePersonalSpace(ctx, caller);
      memberships = await mine();
    }
    const spaceIds = memberships.map((m) => m.spaceId);
    if (spaceIds.length === 0) return emptyConnection();
    return feedPage(ctx.store.models, spaceIds, caller.subject, args);
  },
};

export const spacePostsField = async (space: SpaceDoc, args: PostsArgs, ctx: Ctx) => {
  const caller = requireCaller(ctx.caller);
  const viewer = (await canManage(ctx, space)) ? null : caller.subject;
  return spacePostsPage(ctx.store.models, space._id.toString(), { kind: args.kind, viewer }, args);
};

export const postType = {
  ...authoredFields,
  __resolveReference: (ref: { id: string }, ctx: Ctx) => postIfVisible(ctx, ref.id),
  space: async (p: PostDoc, _: NoArgs, ctx: Ctx) =>
    ifVisible(ctx, await ctx.loaders.spaceById.load(p.spaceId)),
  resource: (p: PostDoc) => resourceRef(p.resourceId),
  commentCount: async (p: PostDoc, _: NoArgs, ctx: Ctx) =>
    (await ctx.loaders.commentCount.load(p._id.toString()))?.n ?? 0,
};

export const attachmentType = {
  resource: (a: { resourceId: string | null }) => resourceRef(a.resourceId),
};

export const postMutations = {
  createPost: async (_: unknown, args: CreatePostArgs, ctx: Ctx) => {
    const { input } = args;
    const space = await visibleSpace(ctx, input.spaceId);
    return writePost(
      ctx,
      space,
      await requireWriter(ctx, space),
      {
        kind: 'POST',
        text: cleanText(input.text, 'text', limits.post, { required: true }),
        attachments: cleanAttachments(input.attachments),
      } as Partial<PostDoc>,
      { operation: 'createPost', args },
    );
  },
  shareResource: async (_: unknown, args: ShareResourceArgs, ctx: Ctx) => {
    const { input } = args;
    const space = await visibleSpace(ctx, input.spaceId);
    if (!RESOURCE_ID.test(String(input.resourceId)))
      throw errors.badInput('resourceId: give the id of a resource of the catalog.', { field: 'resourceId' });
    return writePost(
      ctx,
      space,
      await requireWriter(ctx, space),
      {
        kind: 'SHARE',
        resourceId: String(input.resourceId),
        text: cleanText(input.text ?? '', 'text', limits.post),
      } as Partial<PostDoc>,
      { operation: 'shareResource', args },
    );
  },
  addGrowthRecord: async (_: unknown, args: GrowthRecordArgs, ctx: Ctx) => {
    const { input } = args;
    const space = await visibleSpace(ctx, input.spaceId);
    if (space.kind !== 'PERSONAL' || space.ownerKind !== 'STUDENT')
      throw errors.badInput(
        `Space “${space.title}” is not a student's personal space: growth records belong to a student.`,
        {
          field: 'spaceId',
        },
      );
    const caller = requireCaller(ctx.caller);
    // The student, and teachers who can see the student's space (their class teachers), write entries.
    const owner = (await myRole(ctx, space)) === 'OWNER';
    if (!owner && !hasRole(caller, roles.TEACHER) && !(await canManage(ctx, space)))
      throw errors.forbidden(`Only ${space.title} and their teachers add to this growth record.`);
    return writePost(
      ctx,
      space,
      caller,
      {
        kind: 'GROWTH_RECORD',
        growthCategory: input.category,
        text: cleanText(input.text, 'text', limits.post, { required: true }),
        attachments: cleanAttachments(input.attachments),
      } as Partial<PostDoc>,
      { operation: 'addGrowthRecord', args },
    );
  },
  updatePost: async (_: unknown, { id, input }: UpdatePostArgs, ctx: Ctx) => {
    const post = await visiblePost(ctx, id);
    if (post.authorId !== ctx.caller!.subject)
      throw errors.forbidden(`Post ${id} is not yours: only its author edits it.`);
    const set: Record<string, unknown> = { editedAt: new Date() };
    if (input.text != null)
      set.text = cleanText(input.text, 'text', limits.post, { required: post.kind !== 'SHARE' });
    if (input.attachments != null) set.attachments = cleanAttachments(input.attachments);
    return updatePost(ctx.store.models, post, set);
  },
  deletePost: async (_: unknown, { id }: IdArgs, ctx: Ctx) => {
    const post = await visiblePost(ctx, id);
    const space = await ctx.loaders.spaceById.load(post.spaceId);
    if (post.authorId !== ctx.caller!.subject && !(space && (await canManage(ctx, space))))
      throw errors.forbidden(`Post ${id} is not yours: only its author or the space's managers delete it.`);
    await deletePost(ctx.store.models, post);
    return id;
  },
  setPostHidden: async (_: unknown, { id, hidden, reason }: SetPostHiddenArgs, ctx: Ctx) => {
    const post = await visiblePost(ctx, id);
    const space = (await ctx.loaders.spaceById.load(post.spaceId))!;
    if (!(await canManage(ctx, space)))
      throw errors.forbidden(`Only the managers of space “${space.title}” hide its posts.`);
    const set = hidden
      ? {
          hidden: true,
          hiddenBy: ctx.caller!.subject,
          hiddenReason: cleanText(reason ?? '', 'reason', limits.reason, { singleLine: true }) || null,
        }
      : { hidden: false, hiddenBy: null, hiddenReason: null };
    return updatePost(ctx.store.models, post, set);
  },
};
