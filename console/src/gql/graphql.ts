/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ChangeOp =
  | 'DELETE'
  | 'UPSERT';

/** A class of the school (班级): its space takes the name and grade the data center holds for it. */
export type ClassSpaceInput = {
  /** 16 digits: the school code + enrollment year + 2 digits; the data center must hold the class. */
  code: string;
  /** Ignored (kept for older callers): the data center's grade is used. */
  grade?: number | null | undefined;
  /** Ignored (kept for older callers): the data center's class name is used. */
  name?: string | null | undefined;
};

export type ClientKind =
  /** A school portal or other web application signing users in (authorization code + PKCE). */
  | 'PORTAL'
  /** A sync job or provincial platform acting on its own (client credentials). */
  | 'SERVICE';

export type CreateUserInput = {
  displayName: string;
  kind: UserKind;
  organization: string;
  /** Initial password (password rules apply); omitted: a temporary one is generated and returned. */
  password?: string | null | undefined;
  personNumber?: string | null | undefined;
  /**
   * Optional cross-check: the county a school sits in (or the region itself). Where an
   * organization sits comes from the data center; a regionCode that disagrees is refused.
   */
  regionCode?: string | null | undefined;
  roles?: Array<Role>;
  username: string;
};

export type EmploymentStatus =
  | 'ACTIVE'
  | 'LEFT'
  | 'ON_LEAVE'
  | 'RETIRED';

export type EntityKind =
  | 'ASSET'
  | 'ASSIGNMENT'
  | 'CLASS'
  | 'COURSE'
  | 'ENROLLMENT'
  | 'GUARDIAN'
  | 'REGION'
  | 'SCHOOL'
  | 'STUDENT'
  | 'TEACHER'
  | 'TERM';

/** 性别 from the GB/T 2261.1 code (genderCode): 1 MALE, 2 FEMALE, 0 UNKNOWN, 9 UNSPECIFIED. */
export type Gender =
  | 'FEMALE'
  | 'MALE'
  | 'UNKNOWN'
  | 'UNSPECIFIED';

/**
 * Where the school sits, its name and its classes come from the data center (the authority on the
 * organization tree), asked with the caller's own token: the caller needs `datacenter:read`, and a
 * school the data center does not show the caller is refused.
 */
export type OpenSchoolSpacesInput = {
  classes?: Array<ClassSpaceInput> | null | undefined;
  people?: Array<SpacePersonInput> | null | undefined;
  /** Optional cross-check: the county the school sits in; refused when the data center disagrees. */
  regionCode?: string | null | undefined;
  /** 10-digit 学校标识码. */
  schoolCode: string;
  /** Ignored (kept for older callers): the school space takes the data center's name. */
  schoolName?: string | null | undefined;
};

export type OriginLevel =
  | 'NATIONAL'
  | 'PROVINCIAL'
  | 'SCHOOL';

export type PersonalDataAccessFilter = {
  clientId?: string | null | undefined;
  /** From this ISO 8601 time (inclusive). */
  from?: string | null | undefined;
  /** Only answers to this subject (user id or client id). */
  subject?: string | null | undefined;
  /** Until this ISO 8601 time (inclusive). */
  to?: string | null | undefined;
};

/** Receipts only move forward: PUSHED → SEEN → USED. */
export type PushReceiptStatus =
  | 'PUSHED'
  | 'SEEN'
  | 'USED';

/** A school or class, named by the datacenter's id or by its code (学校标识码 / class code). */
export type PushTargetInput = {
  code?: string | null | undefined;
  id?: string | number | null | undefined;
  kind: PushTargetKind;
};

export type PushTargetKind =
  | 'CLASS'
  | 'SCHOOL';

export type RegionLevel =
  | 'CITY'
  | 'COUNTY'
  | 'NATION'
  | 'PROVINCE';

export type RegisterClientInput = {
  /** Optional chosen id (letters, digits, - and _); generated when omitted. */
  clientId?: string | null | undefined;
  /** Portals only: false registers a public client (PKCE, no secret). */
  confidential?: boolean;
  /**
   * First-party clients skip the consent page (第三方应用授权). Only national administrators may
   * set it; every other client is third-party and its users are asked to allow it.
   */
  firstParty?: boolean;
  kind: ClientKind;
  name: string;
  organization: string;
  postLogoutRedirectUris?: Array<string>;
  redirectUris?: Array<string>;
  /** Optional cross-check, as in CreateUserInput: refused when it disagrees with the data center. */
  regionCode?: string | null | undefined;
  /** Roles carried by service tokens (SERVICE, or an administrator role of the organization's level). */
  roles?: Array<Role>;
  scopes: Array<string>;
};

export type ReportReason =
  | 'ABUSE'
  | 'INAPPROPRIATE'
  | 'OTHER'
  | 'PERSONAL_DATA'
  | 'SPAM';

export type ReportTarget =
  | 'COMMENT'
  | 'POST';

export type ResourceFilter = {
  edition?: string | null | undefined;
  grade?: number | null | undefined;
  kind?: ResourceKind | null | undefined;
  /** Only resources owned within this organization's subtree. */
  organization?: string | null | undefined;
  originLevel?: OriginLevel | null | undefined;
  sharingState?: SharingState | null | undefined;
  stage?: Stage | null | undefined;
  /** Defaults to [PUBLISHED] (the catalog). Reviewers ask for SUBMITTED, authors for DRAFT. */
  status?: Array<ResourceStatus> | null | undefined;
  subject?: Subject | null | undefined;
};

export type ResourceKind =
  /** 课件 */
  | 'COURSEWARE'
  /** 习题 */
  | 'EXERCISE_SET'
  /** 电子教材 */
  | 'E_TEXTBOOK'
  /** 教案 */
  | 'LESSON_PLAN'
  /** 微课 */
  | 'MICRO_LESSON'
  /** 仿真实验 */
  | 'SIMULATION'
  /** 视频 */
  | 'VIDEO';

/** Review and admission (政府评估准入): DRAFT → SUBMITTED → APPROVED | REJECTED; APPROVED → PUBLISHED → RETIRED. */
export type ResourceStatus =
  | 'APPROVED'
  | 'DRAFT'
  | 'PUBLISHED'
  | 'REJECTED'
  | 'RETIRED'
  | 'SUBMITTED';

export type Role =
  | 'CITY_ADMIN'
  | 'COUNTY_ADMIN'
  | 'NATIONAL_ADMIN'
  | 'PARENT'
  | 'PROVINCIAL_ADMIN'
  | 'RESOURCE_REVIEWER'
  | 'SCHOOL_ADMIN'
  | 'SERVICE'
  | 'STUDENT'
  | 'TEACHER';

export type SchoolFilter = {
  centralSchoolCode?: string | null | undefined;
  kind?: SchoolKind | null | undefined;
  namePrefix?: string | null | undefined;
  /** Limit to this region's subtree (must be inside yours). */
  regionCode?: string | null | undefined;
  /** true: teaching points only; false: schools only. */
  teachingPoint?: boolean | null | undefined;
};

export type SchoolKind =
  | 'HIGHER_EDUCATION'
  | 'JUNIOR_SECONDARY'
  | 'KINDERGARTEN'
  | 'PRIMARY'
  | 'SECONDARY_VOCATIONAL'
  | 'SENIOR_SECONDARY'
  | 'SPECIAL_EDUCATION';

export type SharingState =
  | 'APPROVED'
  | 'NONE'
  | 'PENDING'
  | 'REJECTED';

export type SpaceKind =
  | 'CLASS'
  | 'GROUP'
  | 'PERSONAL'
  | 'SCHOOL';

export type SpaceOwnerKind =
  | 'OTHER'
  | 'STUDENT'
  | 'TEACHER';

/** One teacher or student of a school, for opening spaces in bulk. */
export type SpacePersonInput = {
  /** Classes the person belongs to: students join as members, teachers as managers. */
  classCodes?: Array<string> | null | undefined;
  /** Required with personNumber alone (taken from identity when userId is given). */
  displayName?: string | null | undefined;
  /** Grade 0–12 (students): grades 7–12 count as secondary. */
  grade?: number | null | undefined;
  kind: SpaceOwnerKind;
  /** Staff number or registry number (学籍号) from the data center, for people without an account yet. */
  personNumber?: string | null | undefined;
  /** The user's id in identity; checked against identity's graph with your token (you must be able to see the user). */
  userId?: string | number | null | undefined;
};

export type Stage =
  /** 初中 */
  | 'JUNIOR'
  /** 小学 */
  | 'PRIMARY'
  /** 高中 */
  | 'SENIOR';

export type StudentFilter = {
  classCode?: string | null | undefined;
  grade?: number | null | undefined;
  /** Matches the start of the name (姓名). */
  namePrefix?: string | null | undefined;
  regionCode?: string | null | undefined;
  schoolCode?: string | null | undefined;
  /** Deprecated: use statusCode. ENROLLED is 01 在读 only. */
  status?: StudentStatus | null | undefined;
  /** 学籍状态码 (XJZTM) or its name (在读). */
  statusCode?: string | null | undefined;
};

/**
 * 学籍状态 from the JY/T 1001 code (statusCode): 01 在读 and 05 复学 ENROLLED, 02 休学 SUSPENDED,
 * 10 转学（转出） TRANSFERRED, 07 毕业 GRADUATED, every other code OTHER.
 */
export type StudentStatus =
  | 'ENROLLED'
  | 'GRADUATED'
  | 'OTHER'
  | 'SUSPENDED'
  | 'TRANSFERRED';

export type Subject =
  | 'ART'
  | 'BIOLOGY'
  | 'CHEMISTRY'
  | 'CHINESE'
  | 'ENGLISH'
  | 'GEOGRAPHY'
  | 'HISTORY'
  | 'IT'
  | 'MATH'
  | 'MORALITY'
  | 'MUSIC'
  | 'PE'
  | 'PHYSICS'
  | 'POLITICS'
  | 'SCIENCE';

export type TeacherFilter = {
  employmentStatus?: EmploymentStatus | null | undefined;
  /** true: at least 50 training hours; false: fewer. */
  meetsTrainingTarget?: boolean | null | undefined;
  namePrefix?: string | null | undefined;
  regionCode?: string | null | undefined;
  schoolCode?: string | null | undefined;
};

export type UserFilter = {
  kind?: UserKind | null | undefined;
  /** Matches the start of the real name or the username. */
  namePrefix?: string | null | undefined;
  /** Limit to this organization's subtree (must be inside yours). */
  organization?: string | null | undefined;
  role?: Role | null | undefined;
  status?: UserStatus | null | undefined;
};

export type UserKind =
  | 'ADMINISTRATOR'
  | 'PARENT'
  | 'SERVICE'
  | 'STUDENT'
  | 'TEACHER';

export type UserStatus =
  | 'ACTIVE'
  | 'DISABLED';

export type AccessLogPageFragment = { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, at: string, service: string, subject: string, clientId: string | null, organization: string, operationName: string | null, fields: Array<string>, records: Array<{ type: string, ids: Array<string> }> } }> };

export type DatacenterAccessLogQueryVariables = Exact<{
  filter?: PersonalDataAccessFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type DatacenterAccessLogQuery = { log: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, at: string, service: string, subject: string, clientId: string | null, organization: string, operationName: string | null, fields: Array<string>, records: Array<{ type: string, ids: Array<string> }> } }> } };

export type IdentityAccessLogQueryVariables = Exact<{
  filter?: PersonalDataAccessFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type IdentityAccessLogQuery = { log: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, at: string, service: string, subject: string, clientId: string | null, organization: string, operationName: string | null, fields: Array<string>, records: Array<{ type: string, ids: Array<string> }> } }> } };

export type SpacesAccessLogQueryVariables = Exact<{
  filter?: PersonalDataAccessFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type SpacesAccessLogQuery = { log: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, at: string, service: string, subject: string, clientId: string | null, organization: string, operationName: string | null, fields: Array<string>, records: Array<{ type: string, ids: Array<string> }> } }> } };

export type ChangePasswordMutationVariables = Exact<{
  currentPassword: string;
  newPassword: string;
}>;


export type ChangePasswordMutation = { changePassword: { id: string } };

export type ClientListQueryVariables = Exact<{ [key: string]: never; }>;


export type ClientListQuery = { clients: Array<{ clientId: string, name: string, kind: ClientKind, organization: string, organizationName: string | null, scopes: Array<string>, redirectUris: Array<string>, firstParty: boolean, disabled: boolean, createdAt: string }> };

export type RegisterClientMutationVariables = Exact<{
  input: RegisterClientInput;
}>;


export type RegisterClientMutation = { registerClient: { clientSecret: string | null, client: { clientId: string, name: string, firstParty: boolean } } };

export type RotateClientSecretMutationVariables = Exact<{
  clientId: string | number;
}>;


export type RotateClientSecretMutation = { rotateClientSecret: { clientSecret: string | null, client: { clientId: string } } };

export type DisableClientMutationVariables = Exact<{
  clientId: string | number;
}>;


export type DisableClientMutation = { disableClient: { clientId: string, disabled: boolean } };

export type RotateSigningKeyMutationVariables = Exact<{ [key: string]: never; }>;


export type RotateSigningKeyMutation = { rotateSigningKey: string };

export type DashboardRegionQueryVariables = Exact<{
  code: string | number;
}>;


export type DashboardRegionQuery = { region: { code: string, name: string, level: RegionLevel, indicators: { schools: number, teachingPoints: number, students: number, teachers: number, broadbandRatio: number, multimediaClassroomRatio: number, teacherTrainingRatio: number }, spaceIndicators: { teacherRatio: number | null, secondaryStudentRatio: number | null }, children: Array<{ code: string, name: string, indicators: { broadbandRatio: number, multimediaClassroomRatio: number, teacherTrainingRatio: number } }> } | null };

export type DashboardSchoolQueryVariables = Exact<{
  code: string;
}>;


export type DashboardSchoolQuery = { schoolByCode: { code: string, name: string, kind: SchoolKind, address: string, broadbandMbps: number, classrooms: number, multimediaClassrooms: number, principal: string } | null };

export type RegionNodeQueryVariables = Exact<{
  code: string | number;
}>;


export type RegionNodeQuery = { region: { code: string, name: string, children: Array<{ code: string, name: string, level: RegionLevel }> } | null };

export type SchoolListQueryVariables = Exact<{
  filter?: SchoolFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type SchoolListQuery = { schools: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, code: string, name: string, kind: SchoolKind, isTeachingPoint: boolean, centralSchool: { name: string } | null, classes: { nodes: Array<{ code: string, name: string, grade: number }> } }> } };

export type StudentListQueryVariables = Exact<{
  filter?: StudentFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type StudentListQuery = { students: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, name: string, gender: Gender, registryNumber: string, idNumber: string | null, birthDate: string, school: { name: string }, class: { name: string } | null }> } };

export type TeacherListQueryVariables = Exact<{
  filter?: TeacherFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type TeacherListQuery = { teachers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, staffNumber: string, name: string, gender: Gender, idNumber: string, title: string, trainingHours: number, meetsTrainingTarget: boolean, school: { name: string } }> } };

export type PushResourceMutationVariables = Exact<{
  id: string | number;
  targets: Array<PushTargetInput> | PushTargetInput;
  note?: string | null | undefined;
}>;


export type PushResourceMutation = { pushResource: Array<{ id: string, targetCode: string, receipt: PushReceiptStatus }> };

export type ResourceListQueryVariables = Exact<{
  filter?: ResourceFilter | null | undefined;
  query?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type ResourceListQuery = { resources: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, title: string, kind: ResourceKind, stage: Stage, subject: Subject, status: ResourceStatus, organization: string, updatedAt: string, history: Array<{ action: string, to: string, reason: string | null, at: string, actorOrganization: string }>, pushes: Array<{ id: string, targetKind: PushTargetKind, targetCode: string, targetName: string | null, pushedAt: string, receipt: PushReceiptStatus, seenAt: string | null, usedAt: string | null }> }> } };

export type ApproveResourceMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type ApproveResourceMutation = { approveResource: { id: string, status: ResourceStatus } };

export type RejectResourceMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type RejectResourceMutation = { rejectResource: { id: string, status: ResourceStatus } };

export type MySessionsQueryVariables = Exact<{ [key: string]: never; }>;


export type MySessionsQuery = { mySessions: Array<{ id: string, signedInAt: string, lastUsedAt: string, current: boolean, clients: Array<{ clientId: string, name: string | null }> }> };

export type EndMySessionMutationVariables = Exact<{
  id: string | number;
}>;


export type EndMySessionMutation = { endMySession: boolean };

export type EndMyOtherSessionsMutationVariables = Exact<{ [key: string]: never; }>;


export type EndMyOtherSessionsMutation = { endMyOtherSessions: number };

export type SpaceListQueryVariables = Exact<{
  kind?: SpaceKind | null | undefined;
  after?: string | null | undefined;
}>;


export type SpaceListQuery = { spaces: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, kind: SpaceKind, title: string, schoolCode: string | null, classCode: string | null, openedAt: string, reports: { totalCount: number, edges: Array<{ node: { id: string, targetType: ReportTarget, targetId: string, reason: ReportReason, note: string, createdAt: string } }> } } }> } };

export type OpenSchoolSpacesMutationVariables = Exact<{
  input: OpenSchoolSpacesInput;
}>;


export type OpenSchoolSpacesMutation = { openSchoolSpaces: { opened: number, existing: number, rejected: number } };

export type HidePostMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type HidePostMutation = { setPostHidden: { id: string, hidden: boolean } };

export type HideCommentMutationVariables = Exact<{
  id: string | number;
}>;


export type HideCommentMutation = { setCommentHidden: { id: string } };

export type ResolveReportMutationVariables = Exact<{
  id: string | number;
}>;


export type ResolveReportMutation = { resolveReport: { id: string, status: string } };

export type SyncChangesQueryVariables = Exact<{
  after?: string | null | undefined;
  kinds?: Array<EntityKind> | EntityKind | null | undefined;
}>;


export type SyncChangesQuery = { changes: { endCursor: string | null, hasMore: boolean, changes: Array<{ cursor: string, kind: EntityKind, key: string, op: ChangeOp, version: number, at: string }> } };

export type UserListQueryVariables = Exact<{
  filter?: UserFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type UserListQuery = { users: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, username: string, displayName: string, kind: UserKind, organization: string, roles: Array<Role>, status: UserStatus, lastLoginAt: string | null } }> } };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser: { temporaryPassword: string | null, user: { id: string, username: string } } };

export type DisableUserMutationVariables = Exact<{
  id: string | number;
}>;


export type DisableUserMutation = { disableUser: { id: string, status: UserStatus } };

export type EnableUserMutationVariables = Exact<{
  id: string | number;
}>;


export type EnableUserMutation = { enableUser: { id: string, status: UserStatus } };

export type ResetPasswordMutationVariables = Exact<{
  id: string | number;
}>;


export type ResetPasswordMutation = { resetPassword: { temporaryPassword: string } };

export type AssignRolesMutationVariables = Exact<{
  id: string | number;
  roles: Array<Role> | Role;
}>;


export type AssignRolesMutation = { assignRoles: { id: string, roles: Array<Role> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const AccessLogPageFragmentDoc = new TypedDocumentString(`
    fragment AccessLogPage on PersonalDataAccessConnection {
  pageInfo {
    hasNextPage
    endCursor
  }
  edges {
    node {
      id
      at
      service
      subject
      clientId
      organization
      operationName
      fields
      records {
        type
        ids
      }
    }
  }
}
    `, {"fragmentName":"AccessLogPage"}) as unknown as TypedDocumentString<AccessLogPageFragment, unknown>;
export const DatacenterAccessLogDocument = new TypedDocumentString(`
    query DatacenterAccessLog($filter: PersonalDataAccessFilter, $after: String) {
  log: datacenterPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {
    ...AccessLogPage
  }
}
    fragment AccessLogPage on PersonalDataAccessConnection {
  pageInfo {
    hasNextPage
    endCursor
  }
  edges {
    node {
      id
      at
      service
      subject
      clientId
      organization
      operationName
      fields
      records {
        type
        ids
      }
    }
  }
}`) as unknown as TypedDocumentString<DatacenterAccessLogQuery, DatacenterAccessLogQueryVariables>;
export const IdentityAccessLogDocument = new TypedDocumentString(`
    query IdentityAccessLog($filter: PersonalDataAccessFilter, $after: String) {
  log: identityPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {
    ...AccessLogPage
  }
}
    fragment AccessLogPage on PersonalDataAccessConnection {
  pageInfo {
    hasNextPage
    endCursor
  }
  edges {
    node {
      id
      at
      service
      subject
      clientId
      organization
      operationName
      fields
      records {
        type
        ids
      }
    }
  }
}`) as unknown as TypedDocumentString<IdentityAccessLogQuery, IdentityAccessLogQueryVariables>;
export const SpacesAccessLogDocument = new TypedDocumentString(`
    query SpacesAccessLog($filter: PersonalDataAccessFilter, $after: String) {
  log: spacesPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {
    ...AccessLogPage
  }
}
    fragment AccessLogPage on PersonalDataAccessConnection {
  pageInfo {
    hasNextPage
    endCursor
  }
  edges {
    node {
      id
      at
      service
      subject
      clientId
      organization
      operationName
      fields
      records {
        type
        ids
      }
    }
  }
}`) as unknown as TypedDocumentString<SpacesAccessLogQuery, SpacesAccessLogQueryVariables>;
export const ChangePasswordDocument = new TypedDocumentString(`
    mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
  changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
    id
  }
}
    `) as unknown as TypedDocumentString<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const ClientListDocument = new TypedDocumentString(`
    query ClientList {
  clients {
    clientId
    name
    kind
    organization
    organizationName
    scopes
    redirectUris
    firstParty
    disabled
    createdAt
  }
}
    `) as unknown as TypedDocumentString<ClientListQuery, ClientListQueryVariables>;
export const RegisterClientDocument = new TypedDocumentString(`
    mutation RegisterClient($input: RegisterClientInput!) {
  registerClient(input: $input) {
    clientSecret
    client {
      clientId
      name
      firstParty
    }
  }
}
    `) as unknown as TypedDocumentString<RegisterClientMutation, RegisterClientMutationVariables>;
export const RotateClientSecretDocument = new TypedDocumentString(`
    mutation RotateClientSecret($clientId: ID!) {
  rotateClientSecret(clientId: $clientId) {
    clientSecret
    client {
      clientId
    }
  }
}
    `) as unknown as TypedDocumentString<RotateClientSecretMutation, RotateClientSecretMutationVariables>;
export const DisableClientDocument = new TypedDocumentString(`
    mutation DisableClient($clientId: ID!) {
  disableClient(clientId: $clientId) {
    clientId
    disabled
  }
}
    `) as unknown as TypedDocumentString<DisableClientMutation, DisableClientMutationVariables>;
export const RotateSigningKeyDocument = new TypedDocumentString(`
    mutation RotateSigningKey {
  rotateSigningKey
}
    `) as unknown as TypedDocumentString<RotateSigningKeyMutation, RotateSigningKeyMutationVariables>;
export const DashboardRegionDocument = new TypedDocumentString(`
    query DashboardRegion($code: ID!) {
  region(code: $code) {
    code
    name
    level
    indicators {
      schools
      teachingPoints
      students
      teachers
      broadbandRatio
      multimediaClassroomRatio
      teacherTrainingRatio
    }
    spaceIndicators {
      teacherRatio
      secondaryStudentRatio
    }
    children {
      code
      name
      indicators {
        broadbandRatio
        multimediaClassroomRatio
        teacherTrainingRatio
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardRegionQuery, DashboardRegionQueryVariables>;
export const DashboardSchoolDocument = new TypedDocumentString(`
    query DashboardSchool($code: String!) {
  schoolByCode(code: $code) {
    code
    name
    kind
    address
    broadbandMbps
    classrooms
    multimediaClassrooms
    principal
  }
}
    `) as unknown as TypedDocumentString<DashboardSchoolQuery, DashboardSchoolQueryVariables>;
export const RegionNodeDocument = new TypedDocumentString(`
    query RegionNode($code: ID!) {
  region(code: $code) {
    code
    name
    children {
      code
      name
      level
    }
  }
}
    `) as unknown as TypedDocumentString<RegionNodeQuery, RegionNodeQueryVariables>;
export const SchoolListDocument = new TypedDocumentString(`
    query SchoolList($filter: SchoolFilter, $after: String) {
  schools(filter: $filter, first: 10, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      code
      name
      kind
      isTeachingPoint
      centralSchool {
        name
      }
      classes(first: 50) {
        nodes {
          code
          name
          grade
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SchoolListQuery, SchoolListQueryVariables>;
export const StudentListDocument = new TypedDocumentString(`
    query StudentList($filter: StudentFilter, $after: String) {
  students(filter: $filter, first: 10, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      name
      gender
      registryNumber
      idNumber
      birthDate
      school {
        name
      }
      class {
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StudentListQuery, StudentListQueryVariables>;
export const TeacherListDocument = new TypedDocumentString(`
    query TeacherList($filter: TeacherFilter, $after: String) {
  teachers(filter: $filter, first: 10, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      staffNumber
      name
      gender
      idNumber
      title
      trainingHours
      meetsTrainingTarget
      school {
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TeacherListQuery, TeacherListQueryVariables>;
export const PushResourceDocument = new TypedDocumentString(`
    mutation PushResource($id: ID!, $targets: [PushTargetInput!]!, $note: String) {
  pushResource(id: $id, targets: $targets, note: $note) {
    id
    targetCode
    receipt
  }
}
    `) as unknown as TypedDocumentString<PushResourceMutation, PushResourceMutationVariables>;
export const ResourceListDocument = new TypedDocumentString(`
    query ResourceList($filter: ResourceFilter, $query: String, $after: String) {
  resources(filter: $filter, query: $query, first: 10, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      title
      kind
      stage
      subject
      status
      organization
      updatedAt
      history {
        action
        to
        reason
        at
        actorOrganization
      }
      pushes {
        id
        targetKind
        targetCode
        targetName
        pushedAt
        receipt
        seenAt
        usedAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ResourceListQuery, ResourceListQueryVariables>;
export const ApproveResourceDocument = new TypedDocumentString(`
    mutation ApproveResource($id: ID!, $reason: String) {
  approveResource(id: $id, reason: $reason) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ApproveResourceMutation, ApproveResourceMutationVariables>;
export const RejectResourceDocument = new TypedDocumentString(`
    mutation RejectResource($id: ID!, $reason: String!) {
  rejectResource(id: $id, reason: $reason) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RejectResourceMutation, RejectResourceMutationVariables>;
export const MySessionsDocument = new TypedDocumentString(`
    query MySessions {
  mySessions {
    id
    signedInAt
    lastUsedAt
    current
    clients {
      clientId
      name
    }
  }
}
    `) as unknown as TypedDocumentString<MySessionsQuery, MySessionsQueryVariables>;
export const EndMySessionDocument = new TypedDocumentString(`
    mutation EndMySession($id: ID!) {
  endMySession(id: $id)
}
    `) as unknown as TypedDocumentString<EndMySessionMutation, EndMySessionMutationVariables>;
export const EndMyOtherSessionsDocument = new TypedDocumentString(`
    mutation EndMyOtherSessions {
  endMyOtherSessions
}
    `) as unknown as TypedDocumentString<EndMyOtherSessionsMutation, EndMyOtherSessionsMutationVariables>;
export const SpaceListDocument = new TypedDocumentString(`
    query SpaceList($kind: SpaceKind, $after: String) {
  spaces(kind: $kind, first: 10, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        kind
        title
        schoolCode
        classCode
        openedAt
        reports(first: 20) {
          totalCount
          edges {
            node {
              id
              targetType
              targetId
              reason
              note
              createdAt
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SpaceListQuery, SpaceListQueryVariables>;
export const OpenSchoolSpacesDocument = new TypedDocumentString(`
    mutation OpenSchoolSpaces($input: OpenSchoolSpacesInput!) {
  openSchoolSpaces(input: $input) {
    opened
    existing
    rejected
  }
}
    `) as unknown as TypedDocumentString<OpenSchoolSpacesMutation, OpenSchoolSpacesMutationVariables>;
export const HidePostDocument = new TypedDocumentString(`
    mutation HidePost($id: ID!, $reason: String) {
  setPostHidden(id: $id, hidden: true, reason: $reason) {
    id
    hidden
  }
}
    `) as unknown as TypedDocumentString<HidePostMutation, HidePostMutationVariables>;
export const HideCommentDocument = new TypedDocumentString(`
    mutation HideComment($id: ID!) {
  setCommentHidden(id: $id, hidden: true) {
    id
  }
}
    `) as unknown as TypedDocumentString<HideCommentMutation, HideCommentMutationVariables>;
export const ResolveReportDocument = new TypedDocumentString(`
    mutation ResolveReport($id: ID!) {
  resolveReport(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ResolveReportMutation, ResolveReportMutationVariables>;
export const SyncChangesDocument = new TypedDocumentString(`
    query SyncChanges($after: String, $kinds: [EntityKind!]) {
  changes(after: $after, first: 20, kinds: $kinds) {
    endCursor
    hasMore
    changes {
      cursor
      kind
      key
      op
      version
      at
    }
  }
}
    `) as unknown as TypedDocumentString<SyncChangesQuery, SyncChangesQueryVariables>;
export const UserListDocument = new TypedDocumentString(`
    query UserList($filter: UserFilter, $after: String) {
  users(filter: $filter, first: 10, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        username
        displayName
        kind
        organization
        roles
        status
        lastLoginAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UserListQuery, UserListQueryVariables>;
export const CreateUserDocument = new TypedDocumentString(`
    mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    temporaryPassword
    user {
      id
      username
    }
  }
}
    `) as unknown as TypedDocumentString<CreateUserMutation, CreateUserMutationVariables>;
export const DisableUserDocument = new TypedDocumentString(`
    mutation DisableUser($id: ID!) {
  disableUser(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<DisableUserMutation, DisableUserMutationVariables>;
export const EnableUserDocument = new TypedDocumentString(`
    mutation EnableUser($id: ID!) {
  enableUser(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<EnableUserMutation, EnableUserMutationVariables>;
export const ResetPasswordDocument = new TypedDocumentString(`
    mutation ResetPassword($id: ID!) {
  resetPassword(id: $id) {
    temporaryPassword
  }
}
    `) as unknown as TypedDocumentString<ResetPasswordMutation, ResetPasswordMutationVariables>;
export const AssignRolesDocument = new TypedDocumentString(`
    mutation AssignRoles($id: ID!, $roles: [Role!]!) {
  assignRoles(id: $id, roles: $roles) {
    id
    roles
  }
}
    `) as unknown as TypedDocumentString<AssignRolesMutation, AssignRolesMutationVariables>;