import type { EntityKind } from '../store/models/index.ts';
import { assetSpec } from './asset.ts';
import { classSpec, regionSpec, schoolSpec } from './organizations.ts';
import { studentSpec, teacherSpec } from './people.ts';
import { assignmentSpec, courseSpec, enrollmentSpec, guardianSpec, termSpec } from './roster.ts';
import type { EntitySpec } from './spec.ts';

export const entitySpecs: Readonly<Record<EntityKind, EntitySpec>> = {
  REGION: regionSpec,
  SCHOOL: schoolSpec,
  CLASS: classSpec,
  STUDENT: studentSpec,
  TEACHER: teacherSpec,
  ASSET: assetSpec,
  TERM: termSpec,
  COURSE: courseSpec,
  ENROLLMENT: enrollmentSpec,
  ASSIGNMENT: assignmentSpec,
  GUARDIAN: guardianSpec,
};

export { FieldErrors, type FieldError, type FieldErrorCode } from './fieldErrors.ts';
export type { Checked, EntitySpec } from './spec.ts';
