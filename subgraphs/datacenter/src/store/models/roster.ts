import { Schema, type Connection, type Model } from 'mongoose';
import type {
  AssignmentRecord,
  CourseRecord,
  EnrollmentRecord,
  GuardianRecord,
  TermRecord,
} from '@edugraph/shared';
import { trackedFields, type Tracked } from './common.ts';

/**
 * The rostering records (学年学期, 课程, 学生在班, 任课, 监护人). Each carries the tracked fields
 * (tenancy path and its level fields, version, hash, tombstone) like every data-center record;
 * indexes: the natural key (unique), the lists' subtree conditions with their order, and the
 * fields the graph's nested lists look up (a class's enrollments of a term, a student's…).
 */
const S = { type: String, required: true } as const;
const N = { type: String, default: null } as const;
const LEVELS = ['provinceCode', 'cityCode', 'countyCode', 'schoolCode'] as const;

function tracked<D>(name: string, collection: string, fields: object, sort: string) {
  const schema = new Schema<D>({ ...fields, schoolCode: N, ...trackedFields } as never, {
    collection,
    versionKey: false,
  });
  for (const level of LEVELS) schema.index({ [level]: 1, [sort]: 1 });
  return { name, schema };
}

export interface TermDoc extends Tracked, TermRecord {
  schoolCode: string | null;
}
const term = tracked<TermDoc>(
  'Term',
  'terms',
  {
    code: S,
    orgCode: S,
    schoolYear: { type: Number, required: true },
    term: S,
    name: S,
    startDate: S,
    endDate: S,
  },
  'code',
);
term.schema.index({ code: 1 }, { unique: true });
term.schema.index({ orgCode: 1, code: 1 });

export interface CourseDoc extends Tracked, CourseRecord {
  schoolCode: string | null;
}
const course = tracked<CourseDoc>(
  'Course',
  'courses',
  { code: S, orgCode: S, name: S, subject: S, stage: S },
  'code',
);
course.schema.index({ code: 1 }, { unique: true });
course.schema.index({ orgCode: 1, code: 1 });

export interface EnrollmentDoc extends Tracked, EnrollmentRecord {
  schoolCode: string;
}
const enrollment = tracked<EnrollmentDoc>(
  'Enrollment',
  'enrollments',
  {
    key: S,
    registryNumber: S,
    classCode: S,
    termCode: S,
    startDate: S,
    endDate: N,
    startReason: S,
    endReason: N,
  },
  'key',
);
enrollment.schema.index({ key: 1 }, { unique: true });
enrollment.schema.index({ classCode: 1, termCode: 1 });
enrollment.schema.index({ registryNumber: 1 });

export interface AssignmentDoc extends Tracked, AssignmentRecord {
  schoolCode: string;
  /** The course's 学科 (XKM) when written, for the per-term counters (store/counters.ts). */
  subject?: string;
}
const assignment = tracked<AssignmentDoc>(
  'Assignment',
  'assignments',
  { key: S, staffNumber: S, classCode: S, courseCode: S, termCode: S, subject: N },
  'key',
);
assignment.schema.index({ key: 1 }, { unique: true });
assignment.schema.index({ classCode: 1, termCode: 1 });
assignment.schema.index({ staffNumber: 1 });

export interface GuardianDoc extends Tracked, GuardianRecord {}
const guardian = tracked<GuardianDoc>(
  'Guardian',
  'guardians',
  {
    guardianNumber: S,
    name: S,
    relation: S,
    phone: N,
    studentRegistryNumbers: { type: [String], default: [] },
  },
  'guardianNumber',
);
guardian.schema.index({ guardianNumber: 1 }, { unique: true });

function modelOf<D>(conn: Connection, def: { name: string; schema: Schema<D> }): Model<D> {
  return (conn.models[def.name] as Model<D> | undefined) ?? conn.model<D>(def.name, def.schema);
}

export type TermModel = Model<TermDoc>;
export type CourseModel = Model<CourseDoc>;
export type EnrollmentModel = Model<EnrollmentDoc>;
export type AssignmentModel = Model<AssignmentDoc>;
export type GuardianModel = Model<GuardianDoc>;

export const rosterModels = (conn: Connection) => ({
  terms: modelOf<TermDoc>(conn, term),
  courses: modelOf<CourseDoc>(conn, course),
  enrollments: modelOf<EnrollmentDoc>(conn, enrollment),
  assignments: modelOf<AssignmentDoc>(conn, assignment),
  guardians: modelOf<GuardianDoc>(conn, guardian),
});
