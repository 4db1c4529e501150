import type { EntityKind } from './models/index.ts';

/** The collections of records (not the change log). */
export type RecordCollection =
  | 'regions'
  | 'schools'
  | 'classes'
  | 'students'
  | 'teachers'
  | 'assets'
  | 'terms'
  | 'courses'
  | 'enrollments'
  | 'assignments'
  | 'guardians';

export const RECORD_COLLECTIONS: readonly RecordCollection[] = [
  'regions',
  'schools',
  'classes',
  'students',
  'teachers',
  'assets',
  'terms',
  'courses',
  'enrollments',
  'assignments',
  'guardians',
];

export const COLLECTION_OF: Readonly<Record<EntityKind, RecordCollection>> = {
  REGION: 'regions',
  SCHOOL: 'schools',
  CLASS: 'classes',
  STUDENT: 'students',
  TEACHER: 'teachers',
  ASSET: 'assets',
  TERM: 'terms',
  COURSE: 'courses',
  ENROLLMENT: 'enrollments',
  ASSIGNMENT: 'assignments',
  GUARDIAN: 'guardians',
};
