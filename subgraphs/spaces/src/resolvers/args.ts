import type { PageArgs } from '@edugraph/shared';
import type { MemberRole, SpaceKind, Visibility } from '../store/index.ts';

/** The arguments of the fields in schema.graphql, as GraphQL has validated them. */
export type NoArgs = Record<string, never>;
export interface IdArgs {
  id: string;
}
/** A creating mutation's optional idempotency key (shared/src/store/idempotency.ts). */
export interface KeyArgs {
  idempotencyKey?: string | null;
}
export interface SpacesArgs extends PageArgs {
  kind?: SpaceKind | null;
  organization?: string | null;
}
export interface PostsArgs extends PageArgs {
  kind?: 'POST' | 'SHARE' | 'GROWTH_RECORD' | null;
}

export interface AttachmentInput {
  kind: 'RESOURCE' | 'LINK';
  resourceId?: string | null;
  url?: string | null;
  title?: string | null;
}
export interface CreatePostArgs extends KeyArgs {
  input: { spaceId: string; text: string; attachments?: AttachmentInput[] | null };
}
export interface ShareResourceArgs extends KeyArgs {
  input: { spaceId: string; resourceId: string; text?: string | null };
}
export interface GrowthRecordArgs extends KeyArgs {
  input: {
    spaceId: string;
    category: 'MORAL' | 'ACADEMIC' | 'HEALTH' | 'ARTS' | 'PRACTICE';
    text: string;
    attachments?: AttachmentInput[] | null;
  };
}
export interface UpdatePostArgs {
  id: string;
  input: { text?: string | null; attachments?: AttachmentInput[] | null };
}
export interface SetPostHiddenArgs {
  id: string;
  hidden: boolean;
  reason?: string | null;
}

export interface AddCommentArgs extends KeyArgs {
  postId: string;
  text: string;
}
export interface UpdateCommentArgs {
  id: string;
  text: string;
}
export interface SetCommentHiddenArgs {
  id: string;
  hidden: boolean;
}
export interface ReportContentArgs {
  targetType: 'POST' | 'COMMENT';
  targetId: string;
  reason: 'SPAM' | 'ABUSE' | 'PERSONAL_DATA' | 'INAPPROPRIATE' | 'OTHER';
  note?: string | null;
}

export interface CreateGroupArgs extends KeyArgs {
  input: { title: string; description?: string | null; regionCode: string; visibility: Visibility };
}
export interface AddMembersArgs {
  spaceId: string;
  members: { userId: string; role: MemberRole }[];
}
export interface RemoveMemberArgs {
  spaceId: string;
  userId: string;
}
export interface UpdateSpaceArgs {
  id: string;
  input: { title?: string | null; description?: string | null; visibility?: Visibility | null };
}

export interface PersonInput {
  userId?: string | null;
  personNumber?: string | null;
  displayName?: string | null;
  kind: 'TEACHER' | 'STUDENT' | 'OTHER';
  classCodes?: string[] | null;
  grade?: number | null;
}
export interface OpenSchoolArgs {
  input: {
    schoolCode: string;
    regionCode?: string | null;
    schoolName?: string | null;
    classes?: { code: string; name?: string | null; grade?: number | null }[] | null;
    people?: PersonInput[] | null;
  };
}
