import { headTeacherStaffNumber, generateStudents, generateTeachers } from './people.ts';
import { buildSchoolRecords, generateAssets } from './institutions.ts';
import { planProvince, type ProvincePlan } from './plan.ts';
import {
  generateAssignments,
  generateCourses,
  generateEnrollments,
  generateGuardians,
  generateTerms,
} from './roster.ts';
import type {
  ClassRecord,
  RecordKind,
  RecordsByKind,
  RegionRecord,
  SchoolRecord,
} from '@edugraph/shared/records';
import { ZHEJIANG } from './zhejiang.ts';

export interface GenerateProvinceOptions {
  /** The same seed and size always give byte-identical records. */
  seed: number | string;
  /** Number of students; schools, classes and teachers scale with it (≈ 40 a class, ≈ 13 per teacher). */
  students: number;
  /** GB/T 2260 province code; the generator knows 浙江省 (330000). */
  province?: string;
  /** The school year (starting in September) the data describes. */
  schoolYear?: number;
}

export interface GeneratedProvince {
  readonly province: { code: string; name: string };
  readonly schoolYear: number;
  /** How many records of each kind the generators yield. */
  readonly counts: Readonly<Record<RecordKind, number>>;
  regions(): Generator<RegionRecord>;
  schools(): Generator<SchoolRecord>;
  classes(): Generator<ClassRecord>;
  teachers(): Generator<RecordsByKind['teachers']>;
  students(): Generator<RecordsByKind['students']>;
  assets(): Generator<RecordsByKind['assets']>;
  /** The generator of one kind; each call starts over and yields the same sequence. */
  records<K extends RecordKind>(kind: K): Generator<RecordsByKind[K]>;
}

export const DEFAULT_SCHOOL_YEAR = 2026;

/**
 * Demo data for one province, streamed: the province's skeleton (counties, schools, classes)
 * is planned up front; teachers, students and assets are generated lazily, one record at a time,
 * so 1,000,000 students take no more memory than 3,000.
 */
export function generateProvince(options: GenerateProvinceOptions): GeneratedProvince {
  const province = options.province ?? ZHEJIANG.code;
  if (province !== ZHEJIANG.code) {
    throw new Error(`the seed generator knows province 330000 (浙江省) only, not ${province}`);
  }
  if (!Number.isSafeInteger(options.students) || options.students < 1) {
    throw new Error(`students must be a whole number of at least 1, got ${options.students}`);
  }
  const schoolYear = options.schoolYear ?? DEFAULT_SCHOOL_YEAR;
  const plan = planProvince({ seed: options.seed, students: options.students, schoolYear });
  let schoolRecords: SchoolRecord[] | undefined;
  const schools = () => (schoolRecords ??= buildSchoolRecords(plan));
  let assetCount: number | undefined;

  const generators: { [K in RecordKind]: () => Generator<RecordsByKind[K]> } = {
    regions: () => generateRegions(),
    schools: function* () {
      yield* schools();
    },
    classes: () => generateClasses(plan),
    teachers: () => generateTeachers(plan),
    students: () => generateStudents(plan),
    assets: () => generateAssets(plan, schools()),
    terms: () => generateTerms(plan),
    courses: () => generateCourses(plan),
    enrollments: () => generateEnrollments(plan),
    assignments: () => generateAssignments(plan),
    guardians: () => generateGuardians(plan),
  };
  const counted = new Map<RecordKind, number>();
  const count = (kind: RecordKind) => {
    if (!counted.has(kind)) {
      let n = 0;
      for (const _ of generators[kind]()) n++;
      counted.set(kind, n);
    }
    return counted.get(kind)!;
  };
  const counts = {
    regions: 2 + ZHEJIANG.cities.reduce((n, city) => n + 1 + city.counties.length, 0),
    schools: plan.totals.schools,
    classes: plan.totals.classes,
    teachers: plan.totals.teachers,
    students: plan.totals.students,
    get assets() {
      if (assetCount === undefined) {
        assetCount = 0;
        for (const _ of generators.assets()) assetCount++;
      }
      return assetCount;
    },
    terms: 2,
    // Counted by running their generators once, when asked.
    get courses() {
      return count('courses');
    },
    get enrollments() {
      return count('enrollments');
    },
    get assignments() {
      return count('assignments');
    },
    get guardians() {
      return count('guardians');
    },
  };
  return {
    province: { code: ZHEJIANG.code, name: ZHEJIANG.name },
    schoolYear,
    counts,
    regions: generators.regions,
    schools: generators.schools,
    classes: generators.classes,
    teachers: generators.teachers,
    students: generators.students,
    assets: generators.assets,
    records: <K extends RecordKind>(kind: K) => generators[kind](),
  };
}

function* generateRegions(): Generator<RegionRecord> {
  yield { code: '100000', name: '全国', level: 'NATION', parentCode: null };
  yield { code: ZHEJIANG.code, name: ZHEJIANG.name, level: 'PROVINCE', parentCode: '100000' };
  for (const city of ZHEJIANG.cities) {
    yield { code: city.code, name: city.name, level: 'CITY', parentCode: ZHEJIANG.code };
    for (const county of city.counties) {
      yield { code: county.code, name: county.name, level: 'COUNTY', parentCode: city.code };
    }
  }
}

function* generateClasses(plan: ProvincePlan): Generator<ClassRecord> {
  for (const school of plan.schools) {
    for (const [i, klass] of school.classes.entries()) {
      yield {
        code: klass.code,
        schoolCode: school.code,
        grade: klass.grade,
        name: klass.name,
        enrollmentYear: klass.enrollmentYear,
        headTeacherStaffNumber: headTeacherStaffNumber(school.code, i),
      };
    }
  }
}
