import { checkRegionCode } from '@edugraph/shared/identifiers';
import type { RecordKind } from '../kinds.ts';

/**
 * The datacenter list query of each kind and how one of its nodes becomes a record in the sync
 * shape (records.ts): references come back as nested objects (`school { code }`).
 */
export interface ListQuery {
  field: string;
  filterType: string;
  /** Whether the filter takes `regionCode` (regions are filtered on the client). */
  regionFilter: boolean;
  /** Shared downwards (a province's terms, the national courses): exported whole, whatever the region. */
  shared?: boolean;
  selection: string;
  toRecord(node: Record<string, any>): Record<string, unknown>;
}

const code = (ref: { code?: string } | null | undefined) => ref?.code ?? null;
/** Coded fields (CodeValue) come back as `{ code }`: the record holds the code. */
const coded = (node: Record<string, any>, fields: readonly string[]) =>
  Object.fromEntries(fields.map((f) => [f, code(node[f])]));
const TEACHER_CODES = ['idType', 'ethnicityCode', 'education', 'staffing', 'qualification', 'health'];
const STUDENT_CODES = ['idType', 'overseasStatus', 'householdType', 'leftBehind', 'disability', 'health'];
const selectCodes = (fields: readonly string[]) => fields.map((f) => `${f} { code }`).join(' ');

export const listQueries: Record<RecordKind, ListQuery> = {
  regions: {
    field: 'regions',
    filterType: 'RegionFilter',
    regionFilter: false,
    selection: 'code name level',
    // The parent comes from the code: the graph hides a parent outside the caller's organization.
    toRecord: (n) => {
      const parsed = checkRegionCode(n.code);
      return {
        code: n.code,
        name: n.name,
        level: n.level,
        parentCode: parsed.ok ? (parsed.value.path.at(-2) ?? null) : null,
      };
    },
  },
  schools: {
    field: 'schools',
    filterType: 'SchoolFilter',
    regionFilter: true,
    selection:
      'code name regionCode address centralSchool { code } broadbandMbps classrooms multimediaClassrooms principal urban',
    toRecord: (n) => ({
      code: n.code,
      name: n.name,
      regionCode: n.regionCode,
      address: n.address,
      centralSchoolCode: code(n.centralSchool),
      broadbandMbps: n.broadbandMbps,
      classrooms: n.classrooms,
      multimediaClassrooms: n.multimediaClassrooms,
      principal: n.principal,
      urban: n.urban,
    }),
  },
  classes: {
    field: 'classes',
    filterType: 'ClassFilter',
    regionFilter: true,
    selection: 'code school { code } grade name enrollmentYear headTeacher { staffNumber }',
    toRecord: (n) => ({
      code: n.code,
      schoolCode: code(n.school),
      grade: n.grade,
      name: n.name,
      enrollmentYear: n.enrollmentYear,
      headTeacherStaffNumber: n.headTeacher?.staffNumber ?? null,
    }),
  },
  teachers: {
    field: 'teachers',
    filterType: 'TeacherFilter',
    regionFilter: true,
    selection:
      'staffNumber name genderCode { code } idNumber school { code } subjects title employmentStatus trainingHours ' +
      selectCodes(TEACHER_CODES),
    toRecord: (n) => ({
      staffNumber: n.staffNumber,
      name: n.name,
      gender: code(n.genderCode),
      idNumber: n.idNumber,
      schoolCode: code(n.school),
      subjects: n.subjects,
      title: n.title,
      employmentStatus: n.employmentStatus,
      trainingHours: n.trainingHours,
      ...coded(
        n,
        TEACHER_CODES.filter((f) => f !== 'ethnicityCode'),
      ),
      ethnicity: code(n.ethnicityCode),
    }),
  },
  students: {
    field: 'students',
    filterType: 'StudentFilter',
    regionFilter: true,
    selection:
      'registryNumber name genderCode { code } birthDate idNumber ethnicityCode { code } school { code } class { code } statusCode { code } enrollmentYear migrantChild ' +
      selectCodes(STUDENT_CODES),
    toRecord: (n) => ({
      registryNumber: n.registryNumber,
      name: n.name,
      gender: code(n.genderCode),
      birthDate: n.birthDate,
      idNumber: n.idNumber,
      ethnicity: code(n.ethnicityCode),
      schoolCode: code(n.school),
      classCode: code(n.class),
      status: code(n.statusCode),
      enrollmentYear: n.enrollmentYear,
      ...coded(n, STUDENT_CODES),
      migrantChild: n.migrantChild ?? null,
    }),
  },
  assets: {
    field: 'assets',
    filterType: 'AssetFilter',
    regionFilter: true,
    selection: 'assetTag school { code } category name quantity unitValue acquiredDate status',
    toRecord: (n) => ({
      assetTag: n.assetTag,
      schoolCode: code(n.school),
      category: n.category,
      name: n.name,
      quantity: n.quantity,
      unitValue: n.unitValue,
      acquiredDate: n.acquiredDate,
      status: n.status,
    }),
  },
  terms: {
    field: 'terms',
    filterType: 'TermFilter',
    regionFilter: false,
    shared: true,
    selection: 'code orgCode schoolYear term { code } name startDate endDate',
    toRecord: (n) => ({ ...n, term: code(n.term) }),
  },
  courses: {
    field: 'courses',
    filterType: 'CourseFilter',
    regionFilter: false,
    shared: true,
    selection: 'code orgCode name subject { code } stage { code }',
    toRecord: (n) => ({ ...n, subject: code(n.subject), stage: code(n.stage) }),
  },
  enrollments: {
    field: 'enrollments',
    filterType: 'EnrollmentFilter',
    regionFilter: true,
    selection:
      'key student { registryNumber } class { code } term { code } startDate endDate startReason { code } endReason { code }',
    // The key names the student even when the graph hides its record (its registry number is in it).
    toRecord: (n) => ({
      key: n.key,
      registryNumber: n.student?.registryNumber ?? String(n.key).split('/')[2],
      classCode: code(n.class),
      termCode: code(n.term) ?? String(n.key).split('/')[0],
      startDate: n.startDate,
      endDate: n.endDate,
      startReason: code(n.startReason),
      endReason: code(n.endReason),
    }),
  },
  assignments: {
    field: 'assignments',
    filterType: 'AssignmentFilter',
    regionFilter: true,
    selection: 'key teacher { staffNumber } class { code } course { code } term { code }',
    toRecord: (n) => {
      const [termCode, classCode, courseCode, staffNumber] = String(n.key).split('/');
      return { key: n.key, staffNumber, classCode, courseCode, termCode };
    },
  },
  guardians: {
    field: 'guardians',
    filterType: 'GuardianFilter',
    regionFilter: true,
    selection: 'guardianNumber name relation { code } phone school { code } students { registryNumber }',
    toRecord: (n) => ({
      guardianNumber: n.guardianNumber,
      name: n.name,
      relation: code(n.relation),
      phone: n.phone,
      schoolCode: code(n.school),
      studentRegistryNumbers: (n.students as { registryNumber: string }[]).map((s) => s.registryNumber),
    }),
  },
};

export function listDocument(kind: RecordKind): string {
  const q = listQueries[kind];
  return `query SyncExport($filter: ${q.filterType}, $first: Int, $after: String) {
  page: ${q.field}(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { ${q.selection} }
  }
}`;
}
