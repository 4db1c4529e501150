/**
 * The shapes of data-center records as they travel: produced by the seed generator, accepted
 * by the datacenter's batch upserts, read and written by the sync CLI (English column names;
 * the JY/T 1001–1007 pinyin codes map onto these fields, jytColumns.ts). One file per family:
 * institutions.ts, people.ts, roster.ts; code tables in codeTables.ts.
 */
import type { AssetRecord, ClassRecord, RegionRecord, SchoolRecord } from './institutions.ts';
import type { GuardianRecord, StudentRecord, TeacherRecord } from './people.ts';
import type { AssignmentRecord, CourseRecord, EnrollmentRecord, TermRecord } from './roster.ts';

export interface RecordsByKind {
  regions: RegionRecord;
  schools: SchoolRecord;
  classes: ClassRecord;
  teachers: TeacherRecord;
  students: StudentRecord;
  assets: AssetRecord;
  terms: TermRecord;
  courses: CourseRecord;
  enrollments: EnrollmentRecord;
  assignments: AssignmentRecord;
  guardians: GuardianRecord;
}
/**
 * A kind of record by its collection name ('students'). The datacenter's graph names the same
 * kinds by its `EntityKind` enum ('STUDENT'; its store/collections.ts maps one onto the other).
 */
export type RecordKind = keyof RecordsByKind;

/** Kinds in the order a consumer should load them (references point backwards). */
export const RECORD_KINDS: readonly RecordKind[] = [
  'regions',
  'schools',
  'classes',
  'teachers',
  'students',
  'assets',
  'terms',
  'courses',
  'enrollments',
  'assignments',
  'guardians',
];

/** The data center's batch upsert of each kind and its input type (`upsertStudents(records: [StudentInput!]!)`). */
export const UPSERT_MUTATIONS: { readonly [K in RecordKind]: { mutation: string; inputType: string } } = {
  regions: { mutation: 'upsertRegions', inputType: 'RegionInput' },
  schools: { mutation: 'upsertSchools', inputType: 'SchoolInput' },
  classes: { mutation: 'upsertClasses', inputType: 'ClassInput' },
  teachers: { mutation: 'upsertTeachers', inputType: 'TeacherInput' },
  students: { mutation: 'upsertStudents', inputType: 'StudentInput' },
  assets: { mutation: 'upsertAssets', inputType: 'AssetInput' },
  terms: { mutation: 'upsertTerms', inputType: 'TermInput' },
  courses: { mutation: 'upsertCourses', inputType: 'CourseInput' },
  enrollments: { mutation: 'upsertEnrollments', inputType: 'EnrollmentInput' },
  assignments: { mutation: 'upsertAssignments', inputType: 'AssignmentInput' },
  guardians: { mutation: 'upsertGuardians', inputType: 'GuardianInput' },
};
