import { STUDENT_STATUS_ENROLLED } from '@edugraph/shared';
import type { TestHub } from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createStore,
  recount,
  type Models,
  type RegionIndicators,
  type TermIndicators,
} from '../src/store/index.ts';
import { countersAtStart, COUNTERS_VERSION } from '../src/store/recount.ts';
import { subtreeOf } from '../src/store/tenancy.ts';
import { createChangeLog } from '../src/store/changeLog.ts';
import { deleteRecords } from '../src/sync/deleteRecords.ts';
import { upsertRecords, type SyncDeps } from '../src/sync/upsert.ts';
import { NATION } from './dbSetup.ts';
import { idNumber, student, students as fixtureStudents } from './fixtures.ts';
import { startHubWithFixtures, upsert } from './hub.ts';

let hub: TestHub;
let writer: string;
let conn: Connection;
let second: Connection;
let models: Models;
/** A second writer on its own connection pool, as another instance of the service would be. */
let other: SyncDeps;

/** A student born on `day` of June 2019 (so keys of different batches never collide by accident). */
const pupil = (
  school: string,
  region: string,
  day: number,
  seq: number,
  extra: Record<string, unknown> = {},
) => {
  const birth = `201906${String(day).padStart(2, '0')}`;
  const id = idNumber(region, birth, String(seq).padStart(3, '0'));
  return {
    ...student(school, region, '001', extra),
    idNumber: id,
    registryNumber: `G${id}`,
    birthDate: `2019-06-${birth.slice(6)}`,
    gender: seq % 2 === 1 ? 'MALE' : 'FEMALE',
    name: `并发${day}-${seq}`,
  };
};
const batch = (school: string, region: string, day: number, n: number, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => pupil(school, region, day, i, extra));

const chunks = <T>(list: readonly T[], size: number) =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

const teacher = (school: string, region: string, n: number, hours: number, status = 'ACTIVE') => ({
  staffNumber: `${school}${String(5000 + n)}`,
  name: `并发老师${n}`,
  gender: n % 2 === 1 ? 'MALE' : 'FEMALE',
  idNumber: idNumber(region, '19800101', String(n).padStart(3, '0')),
  schoolCode: school,
  subjects: ['数学'],
  title: '二级教师',
  employmentStatus: status,
  trainingHours: hours,
});

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

/** The indicators counted from the stored records themselves, the way a scan would. */
async function counted(code: string): Promise<RegionIndicators> {
  const live = { ...subtreeOf(code), deleted: false };
  const [schools, students, teachers] = await Promise.all([
    models.schools.collection.find(live).toArray(),
    models.students.collection.countDocuments({ ...live, status: STUDENT_STATUS_ENROLLED }),
    models.teachers.collection.find({ ...live, employmentStatus: 'ACTIVE' }).toArray(),
  ]);
  const points = schools.filter((s) => s.centralSchoolCode !== null).length;
  const connected = schools.filter((s) => s.broadbandMbps > 0).length;
  const sum = (f: string) => schools.reduce((n, s) => n + (s[f] as number), 0);
  const trained = teachers.filter((t) => t.trainingHours >= 50).length;
  return {
    schools: schools.length - points,
    teachingPoints: points,
    students,
    teachers: teachers.length,
    broadbandConnectedSchools: connected,
    broadbandRatio: ratio(connected, schools.length),
    multimediaClassroomRatio: ratio(sum('multimediaClassrooms'), sum('classrooms')),
    teachersMeetingTrainingHours: trained,
    teacherTrainingRatio: ratio(trained, teachers.length),
  };
}

const CODES = ['100000', '330000', '330100', '330102', '330106', '440000', '440103'];
const TERMS = ['330000-2026-1', '330000-2025-2', '440000-2026-1'];
const STAGE_OF_KIND: Record<string, string> = { PRIMARY: '2', JUNIOR_SECONDARY: '3' };

/** The per-term figures counted from the stored records: stage by the school's kind, subject by the course. */
async function countedTerm(code: string, term: string): Promise<TermIndicators> {
  const live = { ...subtreeOf(code), deleted: false };
  const [enrolled, assigned, teachers, schools, courses] = await Promise.all([
    models.enrollments.collection.find({ ...live, termCode: term, endDate: null }).toArray(),
    models.assignments.collection.find({ ...live, termCode: term }).toArray(),
    models.teachers.collection.find({ ...live, employmentStatus: 'ACTIVE' }).toArray(),
    models.schools.collection.find({ deleted: false }).toArray(),
    models.courses.collection.find({ deleted: false }).toArray(),
  ]);
  const kindOf = new Map(schools.map((s) => [s.code as string, s.kind as string]));
  const subjectOf = new Map(courses.map((c) => [c.code as string, c.subject as string]));
  const tally = (keys: string[]) =>
    [...keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>())].sort(([x], [y]) =>
      x.localeCompare(y),
    );
  const hours = teachers.reduce((sum, t) => sum + (t.trainingHours as number), 0);
  return {
    term,
    enrolledByStage: tally(enrolled.map((e) => STAGE_OF_KIND[kindOf.get(e.schoolCode)!]!)).map(
      ([stage, students]) => ({ stage, students }),
    ),
    assignmentsBySubject: tally(assigned.map((a) => subjectOf.get(a.courseCode)!)).map(
      ([subject, assignments]) => ({ subject, assignments }),
    ),
    activeTeachers: teachers.length,
    trainingHours: hours,
    averageTrainingHours: teachers.length > 0 ? Math.round((hours / teachers.length) * 100) / 100 : 0,
  };
}

/** The per-term figures as the graph answers them. */
async function answeredTerm(code: string, term: string): Promise<TermIndicators> {
  const token = await hub.tokenFor({ org: '100000', roles: ['NATIONAL_ADMIN'], scopes: ['datacenter:read'] });
  const body = await hub.gql(
    'datacenter',
    `query($code: ID!, $term: String!) { region(code: $code) { termIndicators(term: $term) { term
       enrolledByStage { stage { code } students } assignmentsBySubject { subject { code } assignments }
       activeTeachers trainingHours averageTrainingHours } } }`,
    { code, term },
    token,
  );
  expect(body.errors).toBeUndefined();
  type Answer = Omit<TermIndicators, 'enrolledByStage' | 'assignmentsBySubject'> & {
    enrolledByStage: { stage: { code: string }; students: number }[];
    assignmentsBySubject: { subject: { code: string }; assignments: number }[];
  };
  const t = (body.data as { region: { termIndicators: Answer } }).region.termIndicators;
  return {
    ...t,
    enrolledByStage: t.enrolledByStage.map((x) => ({ stage: x.stage.code, students: x.students })),
    assignmentsBySubject: t.assignmentsBySubject.map((x) => ({
      subject: x.subject.code,
      assignments: x.assignments,
    })),
  };
}

/** Each region's indicators as the graph answers them. */
async function answered(code: string): Promise<RegionIndicators> {
  const token = await hub.tokenFor({ org: '100000', roles: ['NATIONAL_ADMIN'], scopes: ['datacenter:read'] });
  const body = await hub.gql(
    'datacenter',
    `query($code: ID!) { region(code: $code) { indicators { schools teachingPoints students teachers
       broadbandConnectedSchools broadbandRatio multimediaClassroomRatio teachersMeetingTrainingHours
       teacherTrainingRatio } } }`,
    { code },
    token,
  );
  expect(body.errors).toBeUndefined();
  return (body.data as { region: { indicators: RegionIndicators } }).region.indicators;
}

async function expectIndicatorsExact() {
  for (const code of CODES)
    expect({ code, ...(await answered(code)) }).toEqual({ code, ...(await counted(code)) });
  // Schools have counters too (`subtreeOf` a school code), read through the store.
  const store = createStore(conn);
  for (const code of ['2133000001', '2133000003'])
    expect({ code, ...(await store.indicators(code)) }).toEqual({ code, ...(await counted(code)) });
  for (const code of CODES)
    for (const term of TERMS)
      expect({ code, ...(await answeredTerm(code, term)) }).toEqual({
        code,
        ...(await countedTerm(code, term)),
      });
}

beforeAll(async () => {
  ({ hub, writer } = await startHubWithFixtures());
  const uri = hub.mongoUri;
  const dbName = databaseName(hub.dbPrefix, 'datacenter');
  conn = await mongoose.createConnection(uri, { dbName, retryWrites: false }).asPromise();
  models = createStore(conn).models;
  second = await mongoose.createConnection(uri, { dbName, retryWrites: false }).asPromise();
  const secondModels = createStore(second).models;
  other = { models: secondModels, log: createChangeLog(secondModels) };
}, 120_000);
afterAll(async () => {
  await second?.close();
  await conn?.close();
  await hub?.stop();
});

describe('indicators from counters kept on write', () => {
  it('keeps every region count exact while several writers create, change and delete at once', async () => {
    const a = batch('2133000001', '330102', 1, 150);
    const b = batch('2133000002', '330106', 2, 150);
    const c = batch('2133000003', '330102', 3, 120, { classCode: '2133000003202601' });
    // The same keys as `a`, some left school: whichever lands last is what is stored.
    const aLeft = a.map((s, i) => (i % 3 === 0 ? { ...s, status: 'GRADUATED' } : s));
    const guangdong = batch('2144000001', '440103', 4, 100, { classCode: '2144000001202601' });
    const staff = Array.from({ length: 40 }, (_, i) =>
      teacher(i % 2 ? '2133000001' : '2133000002', i % 2 ? '330102' : '330106', i, 20 + i * 2),
    );
    const staffChanged = staff.map((t, i) => (i % 4 === 0 ? { ...t, employmentStatus: 'LEFT' } : t));
    // Small batches, many writers at once: two instances (the service, and `other`) interleave.
    const results = await Promise.all([
      ...chunks(a, 25).map((part) => upsert(hub, writer, 'STUDENT', part)),
      ...chunks(b, 25).map((part) => upsertRecords(other, NATION, 'STUDENT', part)),
      upsertRecords(other, NATION, 'STUDENT', aLeft),
      ...chunks(c, 20).map((part) => upsert(hub, writer, 'STUDENT', part)),
      ...chunks(guangdong, 25).map((part) => upsertRecords(other, NATION, 'STUDENT', part)),
      upsert(hub, writer, 'STUDENT', aLeft.slice(0, 60)),
      upsert(hub, writer, 'TEACHER', staff),
      upsertRecords(other, NATION, 'TEACHER', staffChanged),
      deleteRecords(other, NATION, 'STUDENT', [fixtureStudents[0]!.registryNumber]),
      upsert(hub, writer, 'SCHOOL', [
        { ...schoolOf('2133000002'), broadbandMbps: 50, classrooms: 12, multimediaClassrooms: 9 },
      ]),
    ]);
    for (const r of results) {
      const summary = 'result' in r ? r.result : r;
      expect(summary, JSON.stringify(r).slice(0, 300)).toBeDefined();
      // A CONFLICT (sent again by a sync job) is allowed; nothing else may be refused.
      const refused = summary!.results.filter((x) => x.status === 'REJECTED');
      expect(
        refused
          .flatMap((x) => x.errors)
          .filter((e) => e.code !== 'CONFLICT')
          .slice(0, 2),
      ).toEqual([]);
    }
    await expectIndicatorsExact();
  });

  it('keeps the per-term enrolment by stage, assignments by subject and training hours exact under several writers', async () => {
    const junior = {
      ...schoolOf('3133000001'),
      name: '西湖区初级中学',
      broadbandMbps: 100,
      classrooms: 20,
      multimediaClassrooms: 20,
    };
    const juniorClass = { ...classOf('3133000001'), grade: 7, name: '初一(1)班' };
    const pupils = batch('3133000001', '330106', 6, 60);
    const primary = batch('2133000001', '330102', 1, 150);
    for (const [kind, records] of [
      ['SCHOOL', [junior]],
      ['CLASS', [juniorClass]],
      ['STUDENT', pupils],
    ] as const) {
      const { result, errors } = await upsert(hub, writer, kind, [...records]);
      expect(errors).toBeUndefined();
      expect(result!.results.filter((x) => x.status === 'REJECTED').slice(0, 1)).toEqual([]);
    }
    const enrol = (p: { registryNumber: string; classCode: string }, termCode: string, left = false) => ({
      registryNumber: p.registryNumber,
      classCode: p.classCode,
      termCode,
      startDate: termCode.endsWith('-2') ? '2026-02-17' : '2026-09-01',
      endDate: left ? '2026-10-20' : null,
      startReason: '01',
      endReason: left ? '转出' : null,
    });
    const autumn = [...primary, ...pupils].map((p, i) => enrol(p, '330000-2026-1', i % 7 === 0));
    const spring = pupils.map((p) => enrol(p, '330000-2025-2'));
    // The same keys again, some left or came back: whichever lands last is what is stored.
    const autumnAgain = autumn.map((e, i) =>
      i % 5 === 0 ? { ...e, endDate: i % 2 ? null : '2026-10-20', endReason: i % 2 ? null : '转出' } : e,
    );
    const staff = Array.from({ length: 40 }, (_, i) =>
      teacher(i % 2 ? '2133000001' : '2133000002', i % 2 ? '330102' : '330106', i, 20 + i * 2),
    );
    const assign = (t: { staffNumber: string; schoolCode: string }, i: number, termCode: string) => ({
      staffNumber: t.staffNumber,
      classCode: `${t.schoolCode}202601`,
      courseCode: ['N-2-02', 'N-2-03'][i % 2]!,
      termCode,
    });
    const assignments = staff.flatMap((t, i) => [
      assign(t, i, '330000-2026-1'),
      assign(t, i + 1, '330000-2025-2'),
    ]);
    const hoursChanged = staff.map((t, i) => ({ ...t, trainingHours: t.trainingHours + (i % 3) * 7 }));
    const results = await Promise.all([
      ...chunks(autumn, 30).map((part) => upsert(hub, writer, 'ENROLLMENT', part)),
      ...chunks(spring, 20).map((part) => upsertRecords(other, NATION, 'ENROLLMENT', part)),
      upsertRecords(other, NATION, 'ENROLLMENT', autumnAgain),
      ...chunks(assignments, 20).map((part) => upsert(hub, writer, 'ASSIGNMENT', part)),
      upsertRecords(other, NATION, 'ASSIGNMENT', assignments.slice(0, 30)),
      upsertRecords(other, NATION, 'TEACHER', hoursChanged),
    ]);
    for (const r of results) {
      const summary = 'result' in r ? r.result : r;
      const refused = summary!.results.filter((x) => x.status === 'REJECTED').flatMap((x) => x.errors);
      expect(refused.filter((e) => e.code !== 'CONFLICT').slice(0, 2)).toEqual([]);
    }
    await Promise.all([
      deleteRecords(
        other,
        NATION,
        'ENROLLMENT',
        autumn.slice(1, 4).map((e) => `${e.termCode}/${e.classCode}/${e.registryNumber}`),
      ),
      deleteRecords(other, NATION, 'ASSIGNMENT', [
        `330000-2026-1/2133000002202601/N-2-02/${staff[0]!.staffNumber}`,
      ]),
    ]);
    const zhejiang = await countedTerm('330000', '330000-2026-1');
    expect(zhejiang.enrolledByStage.map((s) => s.stage)).toEqual(['2', '3']);
    expect(zhejiang.assignmentsBySubject.length).toBeGreaterThan(0);
    await expectIndicatorsExact();
  });

  it('rebuilds counters that went wrong with a recount, also while a writer runs', async () => {
    await models.counters.collection.updateMany({}, { $inc: { enrolled: 7, active: -1 } });
    await models.counters.collection.deleteOne({ _id: 'schools:330106' } as never);
    const more = batch('2133000001', '330102', 5, 100);
    await Promise.all([recount(models), upsert(hub, writer, 'STUDENT', more)]);
    await expectIndicatorsExact();
  });

  it('counts a database at start when its counters were never built, once', async () => {
    await models.counters.collection.deleteMany({});
    await conn.db!.collection('store_migrations').deleteOne({ _id: COUNTERS_VERSION } as never);
    expect(await countersAtStart(models)).toBeGreaterThan(CODES.length);
    await expectIndicatorsExact();
    expect(await countersAtStart(models)).toBe(0);
  });
});

function classOf(school: string) {
  return {
    code: `${school}202601`,
    schoolCode: school,
    grade: 1,
    name: '一年级(1)班',
    enrollmentYear: 2026,
    headTeacherStaffNumber: null,
  };
}

function schoolOf(code: string) {
  return {
    code,
    name: '西湖区小学',
    regionCode: '330106',
    address: '西湖区小学路1号',
    centralSchoolCode: null,
    principal: '张校长',
    urban: true,
  };
}
