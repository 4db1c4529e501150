import { ASSET_CATEGORIES, ASSET_STATUSES, UPSERT_MUTATIONS, type RecordKind } from '@edugraph/shared';

/**
 * What the sync CLI knows about each kind of data-center record: its natural key, the
 * datacenter mutation that upserts it, the `EntityKind` enum value of the change feed, and the
 * type of every field (the shapes of `@edugraph/shared`'s records), used to turn text cells into
 * typed values before anything is sent.
 */
export type { RecordKind };

export type FieldType =
  | { type: 'string' }
  | { type: 'int'; min?: number; max?: number }
  | { type: 'number'; min?: number }
  | { type: 'boolean' }
  | { type: 'date' }
  | { type: 'enum'; values: readonly string[] }
  /** A value of a standard code table (shared codeTables.ts): code, Chinese name or alias → code. */
  | { type: 'code'; table: string }
  | { type: 'list' };

export interface FieldSpec {
  name: string;
  /** `null` allowed (an empty cell); otherwise the field is required. */
  nullable: boolean;
  spec: FieldType;
}

export interface KindSpec {
  kind: RecordKind;
  /** The change feed's and deleteRecords' `EntityKind` enum value. */
  feedKind:
    | 'REGION'
    | 'SCHOOL'
    | 'CLASS'
    | 'STUDENT'
    | 'TEACHER'
    | 'ASSET'
    | 'TERM'
    | 'COURSE'
    | 'ENROLLMENT'
    | 'ASSIGNMENT'
    | 'GUARDIAN';
  key: string;
  mutation: string;
  inputType: string;
  fields: readonly FieldSpec[];
  /**
   * Records of this kind refer to others of the same kind (a region's parent, a teaching
   * point's central school): batches go one at a time, in file order, so the referenced record
   * is always in the hub (or earlier in the same batch) before the record referring to it.
   */
  ordered?: boolean;
}

const s = (name: string, nullable = false): FieldSpec => ({ name, nullable, spec: { type: 'string' } });
const f = (name: string, spec: FieldType, nullable = false): FieldSpec => ({ name, nullable, spec });
const code = (name: string, table: string, nullable = false): FieldSpec => ({
  name,
  nullable,
  spec: { type: 'code', table },
});

export const kindSpecs: Record<RecordKind, KindSpec> = {
  regions: {
    kind: 'regions',
    feedKind: 'REGION',
    key: 'code',
    ...UPSERT_MUTATIONS.regions,
    ordered: true,
    fields: [
      s('code'),
      s('name'),
      f('level', { type: 'enum', values: ['NATION', 'PROVINCE', 'CITY', 'COUNTY'] }),
      s('parentCode', true),
    ],
  },
  schools: {
    kind: 'schools',
    feedKind: 'SCHOOL',
    key: 'code',
    ...UPSERT_MUTATIONS.schools,
    ordered: true,
    fields: [
      s('code'),
      s('name'),
      s('regionCode'),
      s('address', true),
      s('centralSchoolCode', true),
      f('broadbandMbps', { type: 'number', min: 0 }),
      f('classrooms', { type: 'int', min: 0 }),
      f('multimediaClassrooms', { type: 'int', min: 0 }),
      s('principal', true),
      f('urban', { type: 'boolean' }),
    ],
  },
  classes: {
    kind: 'classes',
    feedKind: 'CLASS',
    key: 'code',
    ...UPSERT_MUTATIONS.classes,
    fields: [
      s('code'),
      s('schoolCode'),
      f('grade', { type: 'int', min: 0, max: 12 }),
      s('name'),
      f('enrollmentYear', { type: 'int', min: 1900, max: 2100 }),
      s('headTeacherStaffNumber', true),
    ],
  },
  teachers: {
    kind: 'teachers',
    feedKind: 'TEACHER',
    key: 'staffNumber',
    ...UPSERT_MUTATIONS.teachers,
    fields: [
      s('staffNumber'),
      s('name'),
      code('gender', 'XBM'),
      s('idNumber'),
      s('schoolCode'),
      f('subjects', { type: 'list' }),
      s('title'),
      f('employmentStatus', { type: 'enum', values: ['ACTIVE', 'ON_LEAVE', 'RETIRED', 'LEFT'] }),
      f('trainingHours', { type: 'number', min: 0 }),
      code('idType', 'SFZJLXM', true),
      code('ethnicity', 'MZM', true),
      code('education', 'XLM', true),
      code('staffing', 'BZLBM', true),
      code('qualification', 'JSZGZZLM', true),
      code('health', 'JKZKM', true),
    ],
  },
  students: {
    kind: 'students',
    feedKind: 'STUDENT',
    key: 'registryNumber',
    ...UPSERT_MUTATIONS.students,
    fields: [
      s('registryNumber'),
      s('name'),
      code('gender', 'XBM'),
      f('birthDate', { type: 'date' }),
      s('idNumber', true),
      code('ethnicity', 'MZM'),
      s('schoolCode'),
      s('classCode'),
      code('status', 'XJZTM'),
      f('enrollmentYear', { type: 'int', min: 1900, max: 2100 }),
      code('idType', 'SFZJLXM', true),
      code('overseasStatus', 'GATQWM', true),
      code('householdType', 'HKXZM', true),
      code('leftBehind', 'LSETM', true),
      f('migrantChild', { type: 'boolean' }, true),
      code('disability', 'CJLXM', true),
      code('health', 'JKZKM', true),
    ],
  },
  assets: {
    kind: 'assets',
    feedKind: 'ASSET',
    key: 'assetTag',
    ...UPSERT_MUTATIONS.assets,
    fields: [
      s('assetTag'),
      s('schoolCode'),
      f('category', { type: 'enum', values: ASSET_CATEGORIES }),
      s('name'),
      f('quantity', { type: 'int', min: 0 }),
      f('unitValue', { type: 'number', min: 0 }),
      f('acquiredDate', { type: 'date' }),
      f('status', { type: 'enum', values: ASSET_STATUSES }),
    ],
  },
  terms: {
    kind: 'terms',
    feedKind: 'TERM',
    key: 'code',
    ...UPSERT_MUTATIONS.terms,
    fields: [
      s('code'),
      s('orgCode'),
      f('schoolYear', { type: 'int', min: 1990, max: 2100 }),
      code('term', 'XQM'),
      s('name'),
      f('startDate', { type: 'date' }),
      f('endDate', { type: 'date' }),
    ],
  },
  courses: {
    kind: 'courses',
    feedKind: 'COURSE',
    key: 'code',
    ...UPSERT_MUTATIONS.courses,
    fields: [s('code'), s('orgCode'), s('name'), code('subject', 'XKM'), code('stage', 'XDM')],
  },
  enrollments: {
    kind: 'enrollments',
    feedKind: 'ENROLLMENT',
    key: 'key',
    ...UPSERT_MUTATIONS.enrollments,
    fields: [
      s('key', true),
      s('registryNumber'),
      s('classCode'),
      s('termCode'),
      f('startDate', { type: 'date' }),
      f('endDate', { type: 'date' }, true),
      code('startReason', 'BDYYM'),
      code('endReason', 'BDYYM', true),
    ],
  },
  assignments: {
    kind: 'assignments',
    feedKind: 'ASSIGNMENT',
    key: 'key',
    ...UPSERT_MUTATIONS.assignments,
    fields: [s('key', true), s('staffNumber'), s('classCode'), s('courseCode'), s('termCode')],
  },
  guardians: {
    kind: 'guardians',
    feedKind: 'GUARDIAN',
    key: 'guardianNumber',
    ...UPSERT_MUTATIONS.guardians,
    fields: [
      s('guardianNumber'),
      s('name'),
      code('relation', 'GXM'),
      s('phone', true),
      s('schoolCode'),
      f('studentRegistryNumbers', { type: 'list' }),
    ],
  },
};

export const recordKinds = Object.keys(kindSpecs) as RecordKind[];

export function kindByFeedKind(feedKind: string): KindSpec | undefined {
  return Object.values(kindSpecs).find((k) => k.feedKind === feedKind);
}

export function isRecordKind(value: string): value is RecordKind {
  return value in kindSpecs;
}
