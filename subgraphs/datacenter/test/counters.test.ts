import type { TestHub } from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, recount, type Models, type RegionIndicators } from '../src/store/index.ts';
import { countersAtStart, COUNTERS_VERSION } from '../src/store/recount.ts';
import { subtreeOf } from '../src/store/tenancy.ts';
import { createChangeLog } from '../src/sync/changeLog.ts';
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
    models.students.collection.countDocuments({ ...live, status: 'ENROLLED' }),
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
