import { errors, hasRole, paginate, requireCaller, roles } from '@edugraph/shared';
import type { Types } from 'mongoose';
import { canManage } from '../access.ts';
import type { CommentDoc, PostDoc, ReportDoc } from '../models/content.ts';
import { cleanText, limits } from '../text.ts';
import { canSeePost, postIfVisible, visiblePost } from './posts.ts';
import {
  authorName,
  authoredFields,
  emptyConnection,
  findById,
  iso,
  requirePerson,
  type Args,
  type Ctx,
} from './shared.ts';

async function visibleComment(ctx: Ctx, id: string): Promise<{ comment: CommentDoc; post: PostDoc }> {
  requireCaller(ctx.caller);
  const comment = await findById<CommentDoc>(ctx.models.comments, id);
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

export const postCommentsField = async (post: PostDoc, args: Args, ctx: Ctx) => {
  const caller = requireCaller(ctx.caller);
  const filter: Record<string, unknown> = { postId: post._id.toString() };
  if (!(await managesPostSpace(ctx, post))) filter.$or = [{ hidden: false }, { authorId: caller.subject }];
  return paginate(ctx.models.comments, args, { filter, sortField: 'createdAt', direction: 1 });
};

export const commentType = {
  ...authoredFields,
  post: (c: CommentDoc, _: Args, ctx: Ctx) => postIfVisible(ctx, c.postId),
};

export const reportType = {
  id: (r: ReportDoc) => r._id.toString(),
  createdAt: (r: ReportDoc) => iso(r.createdAt),
};

export const spaceReportsField = async (space: { _id: Types.ObjectId }, args: Args, ctx: Ctx) => {
  const full = await ctx.loaders.spaceById.load(space._id.toString());
  if (!full || !(await canManage(ctx, full))) return emptyConnection();
  return paginate(ctx.models.reports, args, {
    filter: { spaceId: space._id.toString(), status: 'OPEN' },
    sortField: 'createdAt',
    direction: -1,
  });
};

export const commentMutations = {
  addComment: async (_: unknown, { postId, text }: Args, ctx: Ctx) => {
    const caller = requirePerson(ctx.caller, 'Commenting');
    const post = await visiblePost(ctx, postId);
    const comment = await ctx.models.comments.create({
      postId,
      spaceId: post.spaceId,
      orgPath: post.orgPath,
      authorId: caller.subject,
      authorName: await authorName(ctx, caller.subject),
      byTeacher: hasRole(caller, roles.TEACHER),
      text: cleanText(text, 'text', limits.comment, { required: true }),
    });
    return comment.toObject();
  },
  updateComment: async (_: unknown, { id, text }: Args, ctx: Ctx) => {
    const { comment } = await visibleComment(ctx, id);
    if (comment.authorId !== ctx.caller!.subject)
      throw errors.forbidden(`Comment ${id} is not yours: only its author edits it.`);
    const set = { text: cleanText(text, 'text', limits.comment, { required: true }), editedAt: new Date() };
    await ctx.models.comments.updateOne({ _id: comment._id }, { $set: set });
    return { ...comment, ...set };
  },
  deleteComment: async (_: unknown, { id }: Args, ctx: Ctx) => {
    const { comment, post } = await visibleComment(ctx, id);
    if (comment.authorId !== ctx.caller!.subject && !(await managesPostSpace(ctx, post)))
      throw errors.forbidden(
        `Comment ${id} is not yours: only its author or the space's managers delete it.`,
      );
    await ctx.models.comments.deleteOne({ _id: comment._id });
    return id;
  },
  setCommentHidden: async (_: unknown, { id, hidden }: Args, ctx: Ctx) => {
    const { comment, post } = await visibleComment(ctx, id);
    if (!(await managesPostSpace(ctx, post)))
      throw errors.forbidden("Only the space's managers hide comments.");
    const set = { hidden: Boolean(hidden), hiddenBy: hidden ? ctx.caller!.subject : null };
    await ctx.models.comments.updateOne({ _id: comment._id }, { $set: set });
    return { ...comment, ...set };
  },
  reportContent: async (_: unknown, { targetType, targetId, reason, note }: Args, ctx: Ctx) => {
    const caller = requirePerson(ctx.caller, 'Reporting');
    const post =
      targetType === 'POST' ? await visiblePost(ctx, targetId) : (await visibleComment(ctx, targetId)).post;
    const cleanNote = cleanText(note ?? '', 'note', limits.reason);
    await ctx.models.reports.updateOne(
      { targetId, reporterId: caller.subject },
      {
        $set: { reason, note: cleanNote, status: 'OPEN' },
        $setOnInsert: {
          targetType,
          targetId,
          reporterId: caller.subject,
          spaceId: post.spaceId,
          orgPath: post.orgPath,
        },
      },
      { upsert: true },
    );
    return ctx.models.reports.findOne({ targetId, reporterId: caller.subject }).lean();
  },
  resolveReport: async (_: unknown, { id }: Args, ctx: Ctx) => {
    requireCaller(ctx.caller);
    const report = await findById<ReportDoc>(ctx.models.reports, id);
    const space = report ? await ctx.loaders.spaceById.load(report.spaceId) : null;
    if (!report || !space || !(await canManage(ctx, space))) throw errors.notFound('Report', id);
    await ctx.models.reports.updateOne({ _id: report._id }, { $set: { status: 'RESOLVED' } });
    return { ...report, status: 'RESOLVED' };
  },
};
