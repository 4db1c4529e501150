import type { Caller } from '@edugraph/shared';
import type { SpacesConfig } from './config.ts';
import type { SpacesLoaders } from './loaders.ts';
import type { CommentModel, PostModel, ReportModel } from './models/content.ts';
import type { MemberEntry, MemberSpacesModel, MembershipModel, SpaceModel } from './models/space.ts';
import type { IdentityClient } from './peers.ts';
import type { DatacenterClient } from './peers.ts';

export interface Models {
  spaces: SpaceModel;
  memberships: MembershipModel;
  memberSpaces: MemberSpacesModel;
  posts: PostModel;
  comments: CommentModel;
  reports: ReportModel;
}

export interface SpacesContext {
  caller: Caller | null;
  config: SpacesConfig;
  models: Models;
  loaders: SpacesLoaders;
  /** The caller's bearer token, forwarded to identity and the datacenter on the caller's behalf. */
  token: string | null;
  identity: IdentityClient;
  datacenter: DatacenterClient;
  /** The caller's memberships (space id → role and kind), one read of the member index per request. */
  myMemberships: () => Promise<Map<string, MemberEntry>>;
}

export const memberKeyOfUser = (userId: string) => `u:${userId}`;
export const memberKeyOfPerson = (personNumber: string) => `p:${personNumber}`;
