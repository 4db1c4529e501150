import { errors, hasRole, idempotencyRequest, requireCaller, roles, type PageArgs } from '@edugraph/shared';
import { canManage } from '../access.ts';
import {
  commentById,
  commentsPage,
  deleteComment,
  insertComment,
  openReportsPage,
  reportById,
  resolveReport,
  updateComment,
  upsertReport,
  type CommentDoc,
  type PostDoc,
  type RecordId,
  type ReportDoc,
} from '../store/index.ts';
import { cleanText, limits } from '../text.ts';
import type {
  AddCommentArgs,
  IdArgs,
  NoArgs,
  ReportContentArgs,
  SetCommentHiddenArgs,
  UpdateCommentArgs,
} from './args.ts';
import { canSeePost, postIfVisible, visiblePost } from './posts.ts';
import { authorName, authoredFields, emptyConnection, iso, requirePerson, type Ctx } from './shared.ts';

async function visibleComment(ctx: Ctx, id: string): Promise<{ comment: CommentDoc; post: PostDoc }> {
  requireCaller(ctx.caller);
  const comment = await commentById(ctx.store.models, id);
  const post = comment ? await ctx.loaders.postById.load(comment.postId) : null;
  if (!comment || !post || !(await canSeePost(ctx, post))) throw errors.notFound('Comment', id);
  if (comment.hidden && comment.authorId !== ctx.caller!.subject && !(await managesPostSpace(ctx, post)))
    throw errors.notFound('Comment', id);
  return { comment, post };
}

async function managesPostSpace(ctx: Ctx, post: PostDoc): Promise<boolean> {
  const space = await ctx.loaders.spaceById.load(post.spaceId);
  return Boolean(space && (await canManage(ctx, space)));
}

export const postCommentsField = async (post: PostDoc, args: PageArgs, ctx: Ctx) => {
  const caller = requireCaller(ctx.caller);
  const viewer = (await managesPostSpace(ctx, post)) ? null : caller.subject;
  return commentsPage(ctx.store.models, post._id.toString(), viewer, args);
};

export const commentType = {
  ...authoredFields,
  post: (c: CommentDoc, _: NoArgs, ctx: Ctx) => postIfVisible(ctx, c.postId),
};

export const reportType = {
  id: (r: ReportDoc) => r._id.toString(),
  createdAt: (r: ReportDoc) => iso(r.createdAt),
};

export const spaceReportsField = async (space: { _id: RecordId }, args: PageArgs, ctx: Ctx) => {
  const full = await ctx.loaders.spaceById.load(space._id.toString());
  if (!full || !(await canManage(ctx, full))) return emptyConnection();
  return openReportsPage(ctx.store.models, space._id.toString(), args);
};

export const commentMutations = {
  addComment: async (_: unknown, args: AddCommentArgs, ctx: Ctx) => {
    const { postId, text } = args;
    const caller = requirePerson(ctx.caller, 'Commenting');
    const post = await visiblePost(ctx, postId);
    return insertComment(
      ctx.store.models,
      {
        postId,
        spaceId: post.spaceId,
        orgPath: post.orgPath,
        authorId: caller.subject,
        authorName: await authorName(ctx, caller.subject),
        byTeacher: hasRole(caller, roles.TEACHER),
        text: cleanText(text, 'text', limits.comment, { required: true }),
      },
      idempotencyRequest('addComment', caller.subject, args),
    );
  },
  updateComment: async (_: unknown, { id, text }: UpdateCommentArgs, ctx: Ctx) => {
    const { comment } = await visibleComment(ctx, id);
    if (comment.authorId !== ctx.caller!.subject)
      throw errors.forbidden(`Comment ${id} is not yours: only its author edits it.`);
    const set = { text: cleanText(text, 'text', limits.comment, { required: true }), editedAt: new Date() };
    return updateComment(ctx.store.models, comment, set);
  },
  deleteComment: async (_: unknown, { id }: IdArgs, ctx: Ctx) => {
    const { comment, post } = await visibleComment(ctx, id);
    if (comment.authorId !== ctx.caller!.subject && !(await managesPostSpace(ctx, post)))
      throw errors.forbidden(
        `Comment ${id} is not yours: only its author or the space's managers delete it.`,
      );
    await deleteComment(ctx.store.models, comment);
    return id;
  },
  setCommentHidden: async (_: unknown, { id, hidden }: SetCommentHiddenArgs, ctx: Ctx) => {
    const { comment, post } = await visibleComment(ctx, id);
    if (!(await managesPostSpace(ctx, post)))
      throw errors.forbidden("Only the space's managers hide comments.");
    const set = { hidden: Boolean(hidden), hiddenBy: hidden ? ctx.caller!.subject : null };
    return updateComment(ctx.store.models, comment, set);
  },
  reportContent: async (_: unknown, { targetType, targetId, reason, note }: ReportContentArgs, ctx: Ctx) => {
    const caller = requirePerson(ctx.caller, 'Reporting');
    const post =
      targetType === 'POST' ? await visiblePost(ctx, targetId) : (await visibleComment(ctx, targetId)).post;
    const cleanNote = cleanText(note ?? '', 'note', limits.reason);
    return upsertReport(ctx.store.models, {
      targetType,
      targetId,
      reporterId: caller.subject,
      spaceId: post.spaceId,
      orgPath: post.orgPath,
      reason,
      note: cleanNote,
    });
  },
  resolveReport: async (_: unknown, { id }: IdArgs, ctx: Ctx) => {
    requireCaller(ctx.caller);
    const report = await reportById(ctx.store.models, id);
    const space = report ? await ctx.loaders.spaceById.load(report.spaceId) : null;
    if (!report || !space || !(await canManage(ctx, space))) throw errors.notFound('Report', id);
    return resolveReport(ctx.store.models, report);
  },
};
