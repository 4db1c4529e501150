import { dayNumber, IdNumberAllocator } from './idNumbers.ts';
import { ethnicity, personName } from './names.ts';
import type { ProvincePlan, SchoolPlan } from './plan.ts';
import { codeOf, genderCodeOf, type StudentRecord, type TeacherRecord } from '@edugraph/shared/records';
import { createRng, weightedPicker, type Rng } from './rng.ts';

/**
 * Students and teachers, generated one at a time from the plan: nothing about a person is kept
 * after it is yielded except the per-day counters that keep ID numbers unique.
 */
export function* generateStudents(plan: ProvincePlan): Generator<StudentRecord> {
  const rng = createRng(plan.seed, 'students');
  // The JY/T 1001 fields come from their own stream, so adding them kept every other value.
  const jyt = createRng(plan.seed, 'students-jyt');
  const ids = new IdNumberAllocator(
    plan.counties.map((c) => c.code),
    plan.schoolYear - 22,
    plan.schoolYear - 1,
  );
  for (const school of plan.schools) {
    const { profile, county } = school;
    for (const klass of school.classes) {
      // Born between 1 September and 31 August of the cohort entering at `entryAge`.
      const lastYear = klass.enrollmentYear - profile.entryAge;
      const first = dayNumber(lastYear - 1, 9, 1);
      const span = dayNumber(lastYear, 8, 31) - first + 1;
      for (let i = 0; i < klass.size; i++) {
        const male = rng.chance(profile.kind === 'SPECIAL' ? 0.62 : 0.52);
        // A few repeat a year or started late.
        const day = first + Math.floor(rng.next() * span) - (rng.chance(0.03) ? 365 : 0);
        const { idNumber, birthDate } = ids.allocate(county.index, day, male);
        // About 1 % have no ID card yet: a J registry number built by ID rules, no ID number.
        const hasIdCard = !rng.chance(0.01);
        yield {
          registryNumber: (hasIdCard ? 'G' : 'J') + idNumber,
          name: personName(rng, male ? 'MALE' : 'FEMALE', 'student'),
          gender: genderCodeOf(male ? 'MALE' : 'FEMALE'),
          birthDate,
          idNumber: hasIdCard ? idNumber : null,
          ethnicity: codeOf('MZM', ethnicity(rng, county.code))!,
          schoolCode: school.code,
          classCode: klass.code,
          status: studentStatus(rng),
          enrollmentYear: klass.enrollmentYear,
          ...studentJytFields(jyt, school, hasIdCard),
        };
      }
    }
  }
}

/** 学籍状态 (XJZTM): 01 在读, 02 休学, 10 转出. */
const studentStatus = weightedPicker<StudentRecord['status']>([
  ['01', 990],
  ['02', 4],
  ['10', 6],
]);

const householdType = weightedPicker([
  ['1', 45],
  ['2', 25],
  ['3', 30],
]);
const leftBehind = weightedPicker([
  ['0', 90],
  ['1', 6],
  ['2', 4],
]);
const studentHealth = weightedPicker([
  ['1', 970],
  ['2', 25],
  ['3', 5],
]);

/** 身份证件类型, 港澳台侨外, 户口性质, 留守儿童, 随迁子女, 残疾类型, 健康状况 of one student. */
function studentJytFields(rng: Rng, school: SchoolPlan, hasIdCard: boolean) {
  const special = school.profile.kind === 'SPECIAL';
  return {
    idType: hasIdCard ? '1' : 'B',
    overseasStatus: rng.chance(0.002) ? '41' : '00',
    householdType: householdType(rng),
    leftBehind: leftBehind(rng),
    migrantChild: rng.chance(0.08),
    disability: special ? String(rng.int(1, 7)) : rng.chance(0.003) ? String(rng.int(1, 7)) : '0',
    health: special ? '6' : studentHealth(rng),
  };
}

/** 教师资格 by the school's kind. */
const QUALIFICATION: Readonly<Record<string, string>> = {
  KINDERGARTEN: '1',
  PRIMARY: '2',
  JUNIOR: '3',
  SENIOR: '4',
  VOCATIONAL: '5',
  SPECIAL: '2',
};

/** 学历 (XLM): 21 本科, 31 专科, 14 硕士, 11 博士. */
const primaryEducation = weightedPicker([
  ['21', 70],
  ['31', 25],
  ['14', 5],
]);
const secondaryEducation = weightedPicker([
  ['21', 80],
  ['14', 18],
  ['11', 2],
]);

/** 身份证件类型, 民族, 学历, 编制, 教师资格, 健康状况 of one teacher. */
function teacherJytFields(rng: Rng, school: SchoolPlan) {
  const primaryLike = ['KINDERGARTEN', 'PRIMARY', 'SPECIAL'].includes(school.profile.kind);
  const education = (primaryLike ? primaryEducation : secondaryEducation)(rng);
  return {
    idType: '1',
    ethnicity: codeOf('MZM', ethnicity(rng, school.county.code))!,
    education,
    staffing: rng.chance(0.9) ? '1' : '9',
    qualification: rng.chance(0.97) ? QUALIFICATION[school.profile.kind]! : '9',
    health: rng.chance(0.98) ? '1' : '2',
  };
}

const employmentStatus = weightedPicker<TeacherRecord['employmentStatus']>([
  ['ACTIVE', 960],
  ['ON_LEAVE', 20],
  ['RETIRED', 10],
  ['LEFT', 10],
]);

/** 专业技术职务 by age: young teachers start unranked or 二级, most seniors are 高级. */
const titlesByAge: [number, (rng: Rng) => string][] = [
  [
    26,
    weightedPicker([
      ['未定职级', 50],
      ['三级教师', 10],
      ['二级教师', 40],
    ]),
  ],
  [
    35,
    weightedPicker([
      ['未定职级', 5],
      ['二级教师', 55],
      ['一级教师', 40],
    ]),
  ],
  [
    45,
    weightedPicker([
      ['二级教师', 10],
      ['一级教师', 55],
      ['高级教师', 35],
    ]),
  ],
  [
    99,
    weightedPicker([
      ['二级教师', 2],
      ['一级教师', 40],
      ['高级教师', 55],
      ['正高级教师', 3],
    ]),
  ],
];

export function* generateTeachers(plan: ProvincePlan): Generator<TeacherRecord> {
  const rng = createRng(plan.seed, 'teachers');
  const jyt = createRng(plan.seed, 'teachers-jyt');
  const ids = new IdNumberAllocator(
    plan.counties.map((c) => c.code),
    plan.schoolYear - 61,
    plan.schoolYear - 22,
  );
  for (const school of plan.schools) {
    const pickSubject = weightedPicker(school.profile.subjects);
    for (let t = 0; t < school.teachers; t++) {
      const male = !rng.chance(school.profile.femaleTeachers);
      const age = Math.round(Math.min(60, Math.max(22, rng.normal(40, 9))));
      const day = dayNumber(plan.schoolYear - age, 1, 1) + rng.int(0, 364);
      // Most teachers work in the county they were born in.
      const region = rng.chance(0.8) ? school.county.index : rng.int(0, plan.counties.length - 1);
      const { idNumber } = ids.allocate(region, day, male);
      const subjects = [pickSubject(rng)];
      if (rng.chance(0.25)) {
        const second = pickSubject(rng);
        if (second !== subjects[0]) subjects.push(second);
      }
      // Head teachers (the first of the school's staff, one per class) are active.
      const status = t < school.classes.length ? 'ACTIVE' : employmentStatus(rng);
      yield {
        staffNumber: school.code + String(t + 1).padStart(4, '0'),
        name: personName(rng, male ? 'MALE' : 'FEMALE', 'adult'),
        gender: genderCodeOf(male ? 'MALE' : 'FEMALE'),
        idNumber,
        schoolCode: school.code,
        subjects,
        title: titlesByAge.find(([below]) => age < below)![1](rng),
        employmentStatus: status,
        // IT-application training in the current five-year cycle, spread around the 50-hour target.
        trainingHours: Math.round(Math.min(140, Math.max(0, rng.normal(52, 22)))),
        ...teacherJytFields(jyt, school),
      };
    }
  }
}

/** The staff number of class `index`'s head teacher at its school. */
export function headTeacherStaffNumber(schoolCode: string, classIndex: number): string {
  return schoolCode + String(classIndex + 1).padStart(4, '0');
}
