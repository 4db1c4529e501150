/**
 * The list filters as the schema's inputs declare them (schema.graphql `*Filter`): what the
 * resolvers receive and the lists (lists.ts) read. GraphQL hands an omitted field as absent and
 * an explicit null as null; both mean "no condition".
 */
import type { PageArgs } from '@edugraph/shared';

type Maybe<T> = T | null | undefined;

/** A list's arguments: its page and its filter. */
export type ListArgs<F> = PageArgs & { filter?: F | null };

/** Where in the tenancy tree a list is narrowed to (each must be inside the caller's subtree). */
export interface ScopeFilter {
  regionCode?: Maybe<string>;
  schoolCode?: Maybe<string>;
  classCode?: Maybe<string>;
}

export interface RegionFilter {
  level?: Maybe<string>;
  parentCode?: Maybe<string>;
}

export interface SchoolFilter {
  regionCode?: Maybe<string>;
  kind?: Maybe<string>;
  teachingPoint?: Maybe<boolean>;
  centralSchoolCode?: Maybe<string>;
  namePrefix?: Maybe<string>;
}

export interface ClassFilter extends ScopeFilter {
  grade?: Maybe<number>;
  enrollmentYear?: Maybe<number>;
}

export interface StudentFilter extends ScopeFilter {
  grade?: Maybe<number>;
  /** The deprecated StudentStatus enum. */
  status?: Maybe<string>;
  /** 学籍状态码 (XJZTM) or its name. */
  statusCode?: Maybe<string>;
  namePrefix?: Maybe<string>;
}

export interface TeacherFilter extends ScopeFilter {
  employmentStatus?: Maybe<string>;
  meetsTrainingTarget?: Maybe<boolean>;
  namePrefix?: Maybe<string>;
}

export interface TermFilter {
  orgCode?: Maybe<string>;
  schoolYear?: Maybe<number>;
}

export interface CourseFilter {
  orgCode?: Maybe<string>;
  stage?: Maybe<string>;
}

export interface EnrollmentFilter extends ScopeFilter {
  termCode?: Maybe<string>;
}

export interface AssignmentFilter extends ScopeFilter {
  termCode?: Maybe<string>;
  staffNumber?: Maybe<string>;
}

export type GuardianFilter = ScopeFilter;

export interface AssetFilter extends ScopeFilter {
  category?: Maybe<string>;
  status?: Maybe<string>;
}
