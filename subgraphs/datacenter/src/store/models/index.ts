import { counterModel, ensureModelIndexes, type CounterModel } from '@edugraph/shared';
import type { Connection } from 'mongoose';
import { assetModel, type AssetModel } from './asset.ts';
import {
  changeBatchModel,
  changeCommitModel,
  type ChangeBatchModel,
  type ChangeCommitModel,
} from './change.ts';
import { classModel, type ClassModel } from './class.ts';
import { codeEntryModel, type CodeEntryModel } from './codeSet.ts';
import { regionModel, type RegionModel } from './region.ts';
import {
  rosterModels,
  type AssignmentModel,
  type CourseModel,
  type EnrollmentModel,
  type GuardianModel,
  type TermModel,
} from './roster.ts';
import { schoolModel, type SchoolModel } from './school.ts';
import { studentModel, type StudentModel } from './student.ts';
import { teacherModel, type TeacherModel } from './teacher.ts';

export interface Models {
  regions: RegionModel;
  schools: SchoolModel;
  classes: ClassModel;
  students: StudentModel;
  teachers: TeacherModel;
  assets: AssetModel;
  terms: TermModel;
  courses: CourseModel;
  enrollments: EnrollmentModel;
  assignments: AssignmentModel;
  guardians: GuardianModel;
  changeBatches: ChangeBatchModel;
  commits: ChangeCommitModel;
  codeSets: CodeEntryModel;
  counters: CounterModel;
}

export function createModels(conn: Connection): Models {
  return {
    regions: regionModel(conn),
    schools: schoolModel(conn),
    classes: classModel(conn),
    students: studentModel(conn),
    teachers: teacherModel(conn),
    assets: assetModel(conn),
    ...rosterModels(conn),
    changeBatches: changeBatchModel(conn),
    commits: changeCommitModel(conn),
    codeSets: codeEntryModel(conn),
    counters: counterModel(conn),
  };
}

/**
 * Makes each collection's indexes those its model declares (start-up and seed wait for them
 * rather than racing the first writes), dropping ones no longer declared (e.g. `orgPath`'s,
 * which no query uses any more and every insert paid for).
 */
export async function ensureIndexes(models: Models): Promise<void> {
  await ensureModelIndexes(Object.values(models));
}

export type { AssetDoc } from './asset.ts';
export type {
  ChangeBatchDoc,
  ChangeBatchModel,
  ChangeCommitDoc,
  ChangeCommitModel,
  ChangeDoc,
  EntityKind,
} from './change.ts';
export { entityKinds } from './change.ts';
export type { ClassDoc } from './class.ts';
export type { CodeEntryDoc } from './codeSet.ts';
export type { CounterDoc } from '@edugraph/shared';
export type { RegionDoc } from './region.ts';
export type { AssignmentDoc, CourseDoc, EnrollmentDoc, GuardianDoc, TermDoc } from './roster.ts';
export type { SchoolDoc } from './school.ts';
export type { StudentDoc } from './student.ts';
export type { TeacherDoc } from './teacher.ts';
export { LIVE, type Tracked } from './common.ts';
