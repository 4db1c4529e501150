import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  checkIdNumber,
  checkOrgPath,
  checkRegionCode,
  checkRegistryNumber,
  checkSchoolCode,
} from '@edugraph/shared';
import { generateProvince, type GeneratedProvince } from '@edugraph/infra';
import { RECORD_KINDS, genderCodeOf, type RecordsByKind } from '@edugraph/shared';

function collect(province: GeneratedProvince) {
  return {
    regions: [...province.regions()],
    schools: [...province.schools()],
    classes: [...province.classes()],
    teachers: [...province.teachers()],
    students: [...province.students()],
    assets: [...province.assets()],
    terms: [...province.records('terms')],
    courses: [...province.records('courses')],
    enrollments: [...province.records('enrollments')],
    assignments: [...province.records('assignments')],
    guardians: [...province.records('guardians')],
  } satisfies { [K in keyof RecordsByKind]: RecordsByKind[K][] };
}

function digest(province: GeneratedProvince): string {
  const hash = createHash('sha256');
  for (const kind of RECORD_KINDS)
    for (const record of province.records(kind)) hash.update(JSON.stringify(record) + '\n');
  return hash.digest('hex');
}

const duplicates = (values: readonly string[]) => values.filter((v, i, all) => all.indexOf(v) !== i);
const province = generateProvince({ seed: 'validators', students: 6000 });
const data = collect(province);

describe('seed generator: identifiers', () => {
  it('generates the promised number of records of every kind', () => {
    expect(data.students).toHaveLength(6000);
    for (const kind of RECORD_KINDS) expect(data[kind].length, kind).toBe(province.counts[kind]);
    expect(data.regions.filter((r) => r.level === 'CITY')).toHaveLength(11);
    expect(data.regions.filter((r) => r.level === 'COUNTY')).toHaveLength(90);
  });

  it('gives every region a valid GB/T 2260 code whose level and parent agree with the code', () => {
    const codes = new Set(data.regions.map((r) => r.code));
    for (const region of data.regions) {
      const checked = checkRegionCode(region.code);
      expect(checked.ok ? checked.value.level : checked.reason, region.code).toBe(region.level);
      if (region.parentCode !== null) {
        expect(codes.has(region.parentCode), region.code).toBe(true);
        expect(checked.ok && checked.value.path.at(-2)).toBe(region.parentCode);
      }
    }
    expect(data.regions.find((r) => r.code === '330102')?.name).toBe('上城区');
  });

  it('gives every school a valid 10-digit code of its kind in a county of the province', () => {
    const counties = new Set(data.regions.filter((r) => r.level === 'COUNTY').map((r) => r.code));
    const kinds = new Set<string>();
    for (const school of data.schools) {
      const checked = checkSchoolCode(school.code, school.regionCode);
      expect(checked.ok ? checked.value.province : checked.reason, school.code).toBe('33');
      if (checked.ok) kinds.add(checked.value.kind);
      expect(counties.has(school.regionCode), school.code).toBe(true);
      expect(checkOrgPath(school.code, school.regionCode).ok, school.code).toBe(true);
      expect(school.multimediaClassrooms).toBeLessThanOrEqual(school.classrooms);
    }
    expect([...kinds].sort()).toEqual(
      [
        'KINDERGARTEN',
        'PRIMARY',
        'JUNIOR_SECONDARY',
        'SENIOR_SECONDARY',
        'SECONDARY_VOCATIONAL',
        'SPECIAL_EDUCATION',
      ].sort(),
    );
    expect(data.schools[0]).toMatchObject({ code: '2133000001', regionCode: '330102' });
  });

  it("gives students valid ID numbers of their school's county that agree with birth date, gender and registry number", () => {
    const countyOf = new Map(data.schools.map((s) => [s.code, s.regionCode]));
    let withoutIdCard = 0;
    for (const student of data.students) {
      const registry = checkRegistryNumber(student.registryNumber, student.idNumber);
      expect(registry.ok ? registry.value.kind : registry.reason, student.registryNumber).toMatch(
        /FORMAL|NO_ID_CARD/,
      );
      if (student.idNumber === null) {
        withoutIdCard++;
        expect(student.registryNumber[0]).toBe('J');
        continue;
      }
      const id = checkIdNumber(student.idNumber);
      expect(id.ok ? '' : id.reason, student.idNumber).toBe('');
      if (!id.ok) continue;
      expect(id.value).toMatchObject({
        regionCode: countyOf.get(student.schoolCode),
        birthDate: student.birthDate,
      });
      expect(genderCodeOf(id.value.gender)).toBe(student.gender);
      expect(student.registryNumber).toBe(`G${student.idNumber}`);
    }
    expect(withoutIdCard).toBeGreaterThan(0);
    expect(withoutIdCard).toBeLessThan(data.students.length * 0.03);
  });

  it('gives teachers valid ID numbers and 14-digit staff numbers made of their school code', () => {
    for (const teacher of data.teachers) {
      const id = checkIdNumber(teacher.idNumber);
      expect(id.ok ? genderCodeOf(id.value.gender) : id.reason, teacher.idNumber).toBe(teacher.gender);
      expect(teacher.staffNumber).toMatch(new RegExp(`^${teacher.schoolCode}\\d{4}$`));
      expect(teacher.subjects.length).toBeGreaterThan(0);
    }
  });

  it('keeps every natural key unique', () => {
    expect(duplicates(data.regions.map((r) => r.code))).toEqual([]);
    expect(duplicates(data.schools.map((s) => s.code))).toEqual([]);
    expect(duplicates(data.classes.map((c) => c.code))).toEqual([]);
    expect(duplicates(data.teachers.map((t) => t.staffNumber))).toEqual([]);
    expect(duplicates(data.assets.map((a) => a.assetTag))).toEqual([]);
    const registry = data.students.map((s) => s.registryNumber);
    expect(new Set(registry).size).toBe(registry.length);
    const ids = [
      ...data.students.map((s) => s.idNumber ?? s.registryNumber.slice(1)),
      ...data.teachers.map((t) => t.idNumber),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('seed generator: references', () => {
  const schools = new Map(data.schools.map((s) => [s.code, s]));
  const classes = new Map(data.classes.map((c) => [c.code, c]));
  const teachers = new Map(data.teachers.map((t) => [t.staffNumber, t]));

  it("points every class, teacher and asset at an existing school, and every class's head teacher at an active teacher of that school", () => {
    for (const klass of data.classes) {
      expect(schools.has(klass.schoolCode), klass.code).toBe(true);
      expect(klass.code).toBe(`${klass.schoolCode}${klass.enrollmentYear}${klass.code.slice(-2)}`);
      const head = teachers.get(klass.headTeacherStaffNumber ?? '');
      expect(head?.schoolCode, klass.code).toBe(klass.schoolCode);
      expect(head?.employmentStatus).toBe('ACTIVE');
    }
    for (const teacher of data.teachers) expect(schools.has(teacher.schoolCode)).toBe(true);
    for (const asset of data.assets) expect(asset.assetTag.startsWith(`${asset.schoolCode}-`)).toBe(true);
    expect(new Set(data.assets.map((a) => a.schoolCode)).size).toBe(data.schools.length);
  });

  it('puts every student in an existing class of their school, born in the years that fit the grade', () => {
    for (const student of data.students) {
      const klass = classes.get(student.classCode);
      expect(klass?.schoolCode, student.registryNumber).toBe(student.schoolCode);
      expect(student.enrollmentYear).toBe(klass?.enrollmentYear);
      // Age on 31 August of the school year: grade + 5 for grades 1–12 (one more for repeaters).
      const age =
        province.schoolYear -
        Number(student.birthDate.slice(0, 4)) -
        (student.birthDate.slice(5) > '08-31' ? 1 : 0);
      if (klass && klass.grade > 0)
        expect([klass.grade + 5, klass.grade + 6], student.registryNumber).toContain(age);
      if (klass && klass.grade === 0) expect(age).toBeGreaterThanOrEqual(3);
    }
  });

  it('links every teaching point (教学点) to a rural central school in the same county', () => {
    const points = data.schools.filter((s) => s.centralSchoolCode !== null);
    expect(points.length).toBeGreaterThan(0);
    for (const point of points) {
      const central = schools.get(point.centralSchoolCode!);
      expect(central?.centralSchoolCode, point.code).toBeNull();
      expect(central?.regionCode).toBe(point.regionCode);
      expect(central?.urban).toBe(false);
      expect(point.name).toMatch(/教学点$/);
    }
  });
});

describe('seed generator: rostering', () => {
  const students = new Map(data.students.map((s) => [s.registryNumber, s]));
  const classes = new Map(data.classes.map((c) => [c.code, c]));
  const [spring, autumn] = data.terms;

  it('enrolls every student in its class this autumn, most also last spring, with transfers in and out', () => {
    const byTerm = (term: string) => data.enrollments.filter((e) => e.termCode === term);
    expect(
      byTerm(autumn!.code)
        .map((e) => e.registryNumber)
        .sort(),
    ).toEqual([...students.keys()].sort());
    for (const e of data.enrollments) {
      expect(students.get(e.registryNumber)!.classCode).toBe(e.classCode);
      expect(e.key).toBe(`${e.termCode}/${e.classCode}/${e.registryNumber}`);
    }
    const reasons = (term: string, field: 'startReason' | 'endReason') =>
      new Set(byTerm(term).map((e) => e[field]));
    expect(reasons(autumn!.code, 'startReason')).toEqual(new Set(['01', '02', '03']));
    const left = byTerm(autumn!.code).filter((e) => e.endReason === '04');
    expect(left.length).toBeGreaterThan(0);
    for (const e of left) expect(students.get(e.registryNumber)!.status).toBe('10');
    // First-year classes were not at school last spring.
    for (const e of byTerm(spring!.code)) expect(classes.get(e.classCode)!.enrollmentYear).toBeLessThan(2026);
    expect(byTerm(spring!.code).length).toBeGreaterThan(data.students.length * 0.5);
  });

  it("assigns each class's subjects to teachers of its school, with courses that exist", () => {
    const courses = new Set(data.courses.map((c) => c.code));
    const teachers = new Map(data.teachers.map((t) => [t.staffNumber, t]));
    const keys = new Set(data.assignments.map((a) => a.key));
    expect(keys.size).toBe(data.assignments.length);
    for (const a of data.assignments) {
      expect(courses.has(a.courseCode), a.courseCode).toBe(true);
      expect(teachers.get(a.staffNumber)!.schoolCode).toBe(classes.get(a.classCode)!.schoolCode);
    }
    expect(new Set(data.assignments.map((a) => a.classCode)).size).toBe(data.classes.length);
  });

  it('gives every student one or two guardians of its school with distinct numbers that are no ID numbers', () => {
    const numbers = new Set(data.guardians.map((g) => g.guardianNumber));
    expect(numbers.size).toBe(data.guardians.length);
    const guarded = new Set(data.guardians.flatMap((g) => g.studentRegistryNumbers));
    expect(guarded.size).toBe(data.students.length);
    for (const g of data.guardians) {
      expect(g.guardianNumber).toMatch(/^JH\d{15}$/);
      for (const n of g.studentRegistryNumbers) expect(students.get(n)!.schoolCode).toBe(g.schoolCode);
      expect(['51', '52']).toContain(g.relation);
    }
  });
});

describe('seed generator: realism and scale', () => {
  it('looks like a Chinese school population: 汉族 mostly, Chinese names, both genders, training around 50 hours', () => {
    const han = data.students.filter((s) => s.ethnicity === '01').length;
    expect(han / data.students.length).toBeGreaterThan(0.95);
    expect(han).toBeLessThan(data.students.length);
    for (const s of data.students) expect(s.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    const male = data.students.filter((s) => s.gender === '1').length / data.students.length;
    expect(male).toBeGreaterThan(0.45);
    expect(male).toBeLessThan(0.6);
    const hours = data.teachers.map((t) => t.trainingHours);
    const mean = hours.reduce((a, b) => a + b, 0) / hours.length;
    expect(mean).toBeGreaterThan(40);
    expect(mean).toBeLessThan(65);
    expect(hours.some((h) => h < 50) && hours.some((h) => h >= 50)).toBe(true);
  });

  it('scales schools, classes and teachers with the number of students', () => {
    const small = generateProvince({ seed: 1, students: 3000 }).counts;
    const large = generateProvince({ seed: 1, students: 300_000 }).counts;
    expect(large.schools).toBeGreaterThan(small.schools * 10);
    for (const counts of [small, large]) {
      expect(counts.students / counts.classes).toBeGreaterThan(30);
      expect(counts.students / counts.classes).toBeLessThan(50);
      expect(counts.students / counts.teachers).toBeGreaterThan(10);
      expect(counts.students / counts.teachers).toBeLessThan(16);
    }
  });

  it('gives the 3,000-student demo every kind of school and a teaching point, starting in 上城区', () => {
    const demo = [...generateProvince({ seed: 20260101, students: 3000 }).schools()];
    expect(new Set(demo.map((s) => s.code.slice(0, 2)))).toEqual(
      new Set(['21', '31', '34', '36', '11', '51']),
    );
    expect(demo.some((s) => s.centralSchoolCode !== null)).toBe(true);
    expect(demo[0]).toMatchObject({ code: '2133000001', regionCode: '330102', name: '杭州市上城区实验小学' });
  });

  it('rejects provinces it has no data for and sizes that are not whole numbers', () => {
    expect(() => generateProvince({ seed: 1, students: 10, province: '320000' })).toThrow(/330000/);
    expect(() => generateProvince({ seed: 1, students: 2.5 })).toThrow(/whole number/);
  });
});

describe('seed generator: determinism and streaming', () => {
  it('produces byte-identical records for the same seed and size, and different ones for another seed', () => {
    const first = digest(generateProvince({ seed: 42, students: 4000 }));
    expect(digest(generateProvince({ seed: 42, students: 4000 }))).toBe(first);
    expect(digest(generateProvince({ seed: 43, students: 4000 }))).not.toBe(first);
    // Each generator starts over when called again.
    const again = generateProvince({ seed: 42, students: 4000 });
    expect(JSON.stringify([...again.students()])).toBe(JSON.stringify([...again.students()]));
  });

  it('streams 200,000 students without holding them: the live heap stays flat while they are generated', () => {
    // A full collection before each sample measures what is retained, not garbage awaiting collection.
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const big = generateProvince({ seed: 'stream', students: 200_000 });
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let count = 0;
    for (const student of big.students()) {
      if (student.registryNumber.length !== 19)
        throw new Error(`bad registry number ${student.registryNumber}`);
      if (++count % 20_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    expect(count).toBe(200_000);
    // Streamed, the retained heap grows by a few MB; holding the 200,000 records retains ~60 MB.
    expect((peak - before) / 1e6).toBeLessThan(25);
  });
});
