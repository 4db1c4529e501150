import { ensureModelIndexes } from '@edugraph/shared';
import type { Connection } from 'mongoose';
import {
  commentModel,
  postModel,
  reportModel,
  type CommentModel,
  type PostModel,
  type ReportModel,
} from './content.ts';
import { membershipModel, spaceModel, type MembershipModel, type SpaceModel } from './space.ts';

export interface Models {
  spaces: SpaceModel;
  memberships: MembershipModel;
  posts: PostModel;
  comments: CommentModel;
  reports: ReportModel;
}

export function createModels(conn: Connection): Models {
  return {
    spaces: spaceModel(conn),
    memberships: membershipModel(conn),
    posts: postModel(conn),
    comments: commentModel(conn),
    reports: reportModel(conn),
  };
}

/**
 * Makes each collection's indexes those its model declares, dropping ones no longer declared
 * (the `orgPath` indexes, which no query can use: the embedded database's indexes are not
 * multikey, and every insert paid for them).
 */
export async function ensureIndexes(models: Models): Promise<void> {
  await ensureModelIndexes(Object.values(models));
}

export * from './content.ts';
export * from './space.ts';
