import { personalDataAccessLog } from '@edugraph/shared';
import {
  commentMutations,
  commentType,
  postCommentsField,
  reportType,
  spaceReportsField,
} from './comments.ts';
import { classType, regionType, resourceType, schoolType, userType } from './entities.ts';
import { openSchoolSpaces } from './openSchool.ts';
import { attachmentType, postMutations, postQueries, postType, spacePostsField } from './posts.ts';
import { memberType, spaceMutations, spaceQueries, spaceType } from './spaces.ts';

export const resolvers = {
  Query: { ...spaceQueries, ...postQueries, spacesPersonalDataAccessLog: personalDataAccessLog },
  Mutation: { ...spaceMutations, openSchoolSpaces, ...postMutations, ...commentMutations },
  Space: { ...spaceType, posts: spacePostsField, reports: spaceReportsField },
  Member: memberType,
  Post: { ...postType, comments: postCommentsField },
  Attachment: attachmentType,
  Comment: commentType,
  Report: reportType,
  User: userType,
  School: schoolType,
  Class: classType,
  Resource: resourceType,
  Region: regionType,
};
