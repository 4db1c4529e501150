import { paginate, type Connection, type PageArgs } from '@edugraph/shared';
import { Types } from 'mongoose';
import type { CommentDoc, ReportDoc } from './models/content.ts';
import type { Models } from './models/index.ts';
import { keyedCreate, type CreateRequest } from './keyed.ts';

/**
 * Comments, oldest first, read by `{postId, createdAt}` (a post's comments are few: the sort
 * runs over them), and abuse reports by `{spaceId, status}` and `{targetId, reporterId}`.
 */

const byId = async <T>(model: Models['comments'] | Models['reports'], id: string): Promise<T | null> =>
  /^[a-f0-9]{24}$/i.test(id)
    ? ((await (model as Models['comments']).findOne({ _id: new Types.ObjectId(id) }).lean()) as T | null)
    : null;

export const commentById = (models: Models, id: string) => byId<CommentDoc>(models.comments, id);
export const reportById = (models: Models, id: string) => byId<ReportDoc>(models.reports, id);

/** A page of a post's comments; `viewer` null for the space's managers (who see hidden ones). */
export function commentsPage(
  models: Models,
  postId: string,
  viewer: string | null,
  args: PageArgs,
): Promise<Connection<CommentDoc>> {
  const filter: Record<string, unknown> = { postId };
  if (viewer !== null) filter.$or = [{ hidden: false }, { authorId: viewer }];
  return paginate<CommentDoc>(models.comments, args, { filter, sortField: 'createdAt', direction: 1 });
}

/** Inserts a comment; with an idempotency key, once (a retry answers the comment the first request wrote). */
export function insertComment(
  models: Models,
  fields: Partial<CommentDoc>,
  request?: CreateRequest,
): Promise<CommentDoc> {
  return keyedCreate(models, 'Comment', request, {
    create: async (_id) => (await models.comments.create({ ...fields, _id })).toObject() as CommentDoc,
    replay: async (id) => (await models.comments.findById(id).lean()) as CommentDoc | null,
  });
}

export async function updateComment(
  models: Models,
  comment: CommentDoc,
  set: Partial<CommentDoc>,
): Promise<CommentDoc> {
  await models.comments.updateOne({ _id: comment._id }, { $set: set });
  return { ...comment, ...set };
}

export async function deleteComment(models: Models, comment: CommentDoc): Promise<void> {
  await models.comments.deleteOne({ _id: comment._id });
}

/** A space's open reports, newest first (a space's reports are few). */
export function openReportsPage(models: Models, spaceId: string, args: PageArgs) {
  return paginate<ReportDoc>(models.reports, args, {
    filter: { spaceId, status: 'OPEN' },
    sortField: 'createdAt',
    direction: -1,
  });
}

/** Records (or updates) one reporter's report of a post or comment; returns it. */
export async function upsertReport(
  models: Models,
  report: Pick<
    ReportDoc,
    'targetType' | 'targetId' | 'reporterId' | 'spaceId' | 'orgPath' | 'reason' | 'note'
  >,
): Promise<ReportDoc> {
  const { targetId, reporterId, reason, note, ...rest } = report;
  await models.reports.updateOne(
    { targetId, reporterId },
    { $set: { reason, note, status: 'OPEN' }, $setOnInsert: { targetId, reporterId, ...rest } },
    { upsert: true },
  );
  return (await models.reports.findOne({ targetId, reporterId }).lean()) as ReportDoc;
}

export async function resolveReport(models: Models, report: ReportDoc): Promise<ReportDoc> {
  await models.reports.updateOne({ _id: report._id }, { $set: { status: 'RESOLVED' } });
  return { ...report, status: 'RESOLVED' };
}
