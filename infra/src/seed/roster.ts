import { generateStudents, generateTeachers } from './people.ts';
import { personName } from './names.ts';
import type { ProvincePlan, SchoolPlan } from './plan.ts';
import {
  codeOf,
  type AssignmentRecord,
  type CourseRecord,
  type EnrollmentRecord,
  type GuardianRecord,
  type TeacherRecord,
  type TermRecord,
} from '@edugraph/shared/records';
import { createRng } from './rng.ts';
import { KIND_PROFILES, type GeneratedKind } from './schoolKinds.ts';
import { ZHEJIANG } from './zhejiang.ts';

/**
 * Rostering records derived from the plan and the generated people, consistent with them: the
 * province's two terms (last school year's spring, this year's autumn), the national courses of
 * each stage and one school course per school, every student's enrollment in its class for both
 * terms (first-year classes only this autumn; a few transferred in this autumn; those whose
 * status is 10 转出 leaving in October), each class's subjects taught by teachers of that subject,
 * and one or two guardians per student.
 */

/** 学段 code (XDM) of each kind of school. */
export const STAGE_OF: Readonly<Record<GeneratedKind, string>> = {
  KINDERGARTEN: '1',
  PRIMARY: '2',
  JUNIOR: '3',
  SENIOR: '4',
  VOCATIONAL: '5',
  SPECIAL: '6',
};
const STAGE_NAME: Readonly<Record<string, string>> = {
  '1': '学前',
  '2': '小学',
  '3': '初中',
  '4': '高中',
  '5': '中职',
  '6': '特教',
};

export interface SeedTerms {
  previous: TermRecord;
  current: TermRecord;
}

/** The province's calendar: spring of the last school year and autumn of this one. */
export function seedTerms(plan: Pick<ProvincePlan, 'schoolYear'>): SeedTerms {
  const y = plan.schoolYear;
  const term = (schoolYear: number, n: '1' | '2', start: string, end: string): TermRecord => ({
    code: `${ZHEJIANG.code}-${schoolYear}-${n}`,
    orgCode: ZHEJIANG.code,
    schoolYear,
    term: n,
    name: `${schoolYear}-${schoolYear + 1}学年第${n === '1' ? '一' : '二'}学期`,
    startDate: start,
    endDate: end,
  });
  return {
    previous: term(y - 1, '2', `${y}-02-17`, `${y}-07-03`),
    current: term(y, '1', `${y}-09-01`, `${y + 1}-01-22`),
  };
}

export function* generateTerms(plan: ProvincePlan): Generator<TermRecord> {
  const { previous, current } = seedTerms(plan);
  yield previous;
  yield current;
}

/**
 * The national courses: per stage, one per subject the school kinds teach, coded N-stage-XKM;
 * a subject sharing its XKM code with an earlier one (音乐 and 美术 are both 13 艺术) or
 * without one (vocational majors: 18 专业课, others 99) gets N-stage-XKM-position.
 */
const NATIONAL_COURSES: ReadonlyMap<string, CourseRecord> = (() => {
  const courses = new Map<string, CourseRecord>();
  for (const profile of KIND_PROFILES) {
    const stage = STAGE_OF[profile.kind];
    profile.subjects.forEach(([subjectName], i) => {
      if (courses.has(`${stage}:${subjectName}`)) return;
      const known = codeOf('XKM', subjectName);
      const subject = known ?? (profile.kind === 'VOCATIONAL' ? '18' : '99');
      const base = `N-${stage}-${subject}`;
      const taken = [...courses.values()].some((c) => c.code === base);
      const code = known && !taken ? base : `${base}-${String(i + 1).padStart(2, '0')}`;
      courses.set(`${stage}:${subjectName}`, {
        code,
        orgCode: '100000',
        name: `${STAGE_NAME[stage]}${subjectName}`,
        subject,
        stage,
      });
    });
  }
  return courses;
})();

/** The national course of a subject name at a school's stage. */
export function nationalCourseCode(kind: GeneratedKind, subjectName: string): string {
  return NATIONAL_COURSES.get(`${STAGE_OF[kind]}:${subjectName}`)!.code;
}

export function* generateCourses(plan: ProvincePlan): Generator<CourseRecord> {
  yield* NATIONAL_COURSES.values();
  for (const school of plan.schools)
    yield {
      code: `${school.code}-01`,
      orgCode: school.code,
      name: `${school.name.slice(0, 20)}校本课程`,
      subject: '99',
      stage: STAGE_OF[school.profile.kind],
    };
}

export function* generateEnrollments(plan: ProvincePlan): Generator<EnrollmentRecord> {
  const { previous, current } = seedTerms(plan);
  const firstYear = new Set(
    plan.schools.flatMap((s) => s.classes.filter((c) => c.yearOfStudy === 0).map((c) => c.code)),
  );
  const rng = createRng(plan.seed, 'enrollments');
  for (const s of generateStudents(plan)) {
    const key = (term: TermRecord) => `${term.code}/${s.classCode}/${s.registryNumber}`;
    const transferredIn = !firstYear.has(s.classCode) && rng.chance(0.01);
    if (!firstYear.has(s.classCode) && !transferredIn)
      yield {
        key: key(previous),
        registryNumber: s.registryNumber,
        classCode: s.classCode,
        termCode: previous.code,
        startDate: previous.startDate,
        endDate: previous.endDate,
        startReason: '02',
        endReason: '09',
      };
    const left = s.status === '10';
    yield {
      key: key(current),
      registryNumber: s.registryNumber,
      classCode: s.classCode,
      termCode: current.code,
      startDate: transferredIn ? `${plan.schoolYear}-09-15` : current.startDate,
      endDate: left ? `${plan.schoolYear}-10-20` : null,
      startReason: firstYear.has(s.classCode) ? '01' : transferredIn ? '03' : '02',
      endReason: left ? '04' : null,
    };
  }
}

/** Teachers of one school at a time, as generateTeachers yields them (school by school). */
function* teachersBySchool(plan: ProvincePlan): Generator<[SchoolPlan, TeacherRecord[]]> {
  const teachers = generateTeachers(plan);
  let next = teachers.next();
  for (const school of plan.schools) {
    const staff: TeacherRecord[] = [];
    while (!next.done && next.value.schoolCode === school.code) {
      staff.push(next.value);
      next = teachers.next();
    }
    yield [school, staff];
  }
}

export function* generateAssignments(plan: ProvincePlan): Generator<AssignmentRecord> {
  const { previous, current } = seedTerms(plan);
  for (const [school, staff] of teachersBySchool(plan)) {
    if (staff.length === 0) continue;
    for (const [c, klass] of school.classes.entries())
      for (const [s, [subjectName]] of school.profile.subjects.entries()) {
        const able = staff.filter((t) => t.subjects.includes(subjectName) && t.employmentStatus === 'ACTIVE');
        // Nobody of that subject (small schools): the class's head teacher teaches it.
        const teacher = able.length ? able[(c + s) % able.length]! : staff[c % staff.length]!;
        const courseCode = nationalCourseCode(school.profile.kind, subjectName);
        for (const term of klass.yearOfStudy === 0 ? [current] : [previous, current])
          yield {
            key: `${term.code}/${klass.code}/${courseCode}/${teacher.staffNumber}`,
            staffNumber: teacher.staffNumber,
            classCode: klass.code,
            courseCode,
            termCode: term.code,
          };
      }
  }
}

/**
 * A guardian number: `JH` + school code + a sequence of the school. Not derived from anyone's ID
 * or registry number, so the key of a guardian record is no personal identifier.
 */
export const guardianNumberOf = (schoolCode: string, n: number) =>
  `JH${schoolCode}${String(n).padStart(5, '0')}`;

export function* generateGuardians(plan: ProvincePlan): Generator<GuardianRecord> {
  const rng = createRng(plan.seed, 'guardians');
  let school = '';
  let n = 0;
  for (const s of generateStudents(plan)) {
    if (s.schoolCode !== school) [school, n] = [s.schoolCode, 0];
    const father = rng.chance(0.55);
    const both = rng.chance(0.6);
    const phone = () => `1${rng.int(3, 9)}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
    const first = father ? '51' : '52';
    yield {
      guardianNumber: guardianNumberOf(s.schoolCode, ++n),
      name: personName(rng, father ? 'MALE' : 'FEMALE', 'adult'),
      relation: first,
      phone: phone(),
      schoolCode: s.schoolCode,
      studentRegistryNumbers: [s.registryNumber],
    };
    if (both)
      yield {
        guardianNumber: guardianNumberOf(s.schoolCode, ++n),
        name: personName(rng, father ? 'FEMALE' : 'MALE', 'adult'),
        relation: father ? '52' : '51',
        phone: phone(),
        schoolCode: s.schoolCode,
        studentRegistryNumbers: [s.registryNumber],
      };
  }
}
