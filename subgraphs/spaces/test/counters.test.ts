import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { databaseName, levelFields, NATION_CODE } from '@edugraph/shared';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COUNTERS_VERSION,
  countersAtStart,
  recountSpaces,
  spaceCounts,
  tallyOf,
  type Models,
  type SpaceCounts,
} from '../src/store/index.ts';
import {
  CLASS_A,
  CLASS_B,
  COUNTY,
  OPEN_SCHOOL,
  OTHER_SCHOOL,
  SCHOOL,
  YEAR_SCHOOL,
  yearGroupClasses,
} from './fixture.ts';
import { graphqlCaller, startSpacesInProcess, type SpacesService } from './inProcess.ts';

/**
 * The region counts of `spaceIndicators` come from counters kept on write. Two instances of the
 * service run in this process on one database (as two replicas behind the gateway would), with
 * real tokens from identity and schools placed by the real data center; writers on both at once
 * open spaces, post and delete, and every region's counts must equal what the stored records say.
 */
const PASSWORD = 'Correct-Horse-9';
/** A school no other test opens, with four classes. */
const BATCH_SCHOOL = '3133000009';
const batchClasses = Array.from({ length: 4 }, (_, c) => ({
  code: `${BATCH_SCHOOL}20250${c + 1}`,
  grade: 8,
}));
const REGIONS = [NATION_CODE, '330000', '330100', COUNTY, '330106'];
const INDICATORS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { spaceIndicators {
  teacherSpaces secondaryStudentSpaces classSpaces schoolSpaces groupSpaces posts } } } }`;

let hub: TestHub;
let a: SpacesService;
let b: SpacesService;
let monitored: Connection;
let models: Models;
let commands: { name: string; collection: unknown }[] = [];
let admin: string;
let teacher: string;
const onA = graphqlCaller(() => a);
const onB = graphqlCaller(() => b);

const pupils = (prefix: string, n: number, classCode: string, grade: number) =>
  Array.from({ length: n }, (_, i) => ({
    personNumber: `${prefix}${String(i).padStart(4, '0')}`,
    displayName: `学生${prefix}${i}`,
    kind: 'STUDENT',
    classCodes: [classCode],
    grade,
  }));

const openSchool = (call: typeof onA, input: object) => call(admin, OPEN_SCHOOL, { input });

/** Each organization's counts as a scan of the stored spaces and posts gives them. */
async function scanned(code: string): Promise<SpaceCounts> {
  const onPath = (orgPath: string[]) =>
    code === NATION_CODE || Object.values(levelFields(orgPath)).includes(code);
  const spaces = (await models.spaces.find({}).lean()).filter((s) => onPath(s.orgPath));
  const tally = (t: string) => spaces.filter((s) => tallyOf(s) === t).length;
  const posts = (await models.posts.find({}, { orgPath: 1 }).lean()).filter((p) => onPath(p.orgPath));
  return {
    teacherSpaces: tally('TEACHER'),
    secondaryStudentSpaces: tally('SECONDARY_STUDENT'),
    classSpaces: tally('CLASS'),
    schoolSpaces: tally('SCHOOL'),
    groupSpaces: tally('GROUP'),
    posts: posts.length,
  };
}

/** The counts as `spaceIndicators` answers them (a national administrator, through instance A). */
async function answered(code: string): Promise<SpaceCounts> {
  const token = await hub.tokenFor({ org: NATION_CODE, roles: ['NATIONAL_ADMIN'], scopes: ['spaces:read'] });
  const data = await onA(token, INDICATORS, { r: [{ __typename: 'Region', code }] });
  return data._entities[0].spaceIndicators;
}

async function expectCountsExact() {
  for (const code of REGIONS)
    expect({ code, ...(await answered(code)) }).toEqual({ code, ...(await scanned(code)) });
  for (const code of [SCHOOL, YEAR_SCHOOL, OTHER_SCHOOL])
    expect({ code, ...(await spaceCounts(models, code)) }).toEqual({ code, ...(await scanned(code)) });
}

beforeAll(async () => {
  hub = await startTestHub({
    services: ['identity', 'datacenter'],
    schools: [
      {
        code: SCHOOL,
        regionCode: COUNTY,
        classes: [
          { code: CLASS_A, grade: 7 },
          { code: CLASS_B, grade: 2 },
        ],
      },
      { code: YEAR_SCHOOL, regionCode: COUNTY, classes: yearGroupClasses },
      { code: OTHER_SCHOOL, regionCode: '330106', classes: [{ code: `${OTHER_SCHOOL}202501`, grade: 1 }] },
      { code: BATCH_SCHOOL, regionCode: COUNTY, classes: batchClasses },
    ],
  });
  const dbName = databaseName(hub.dbPrefix, 'spaces');
  monitored = mongoose.createConnection(hub.mongoUri, { dbName, retryWrites: false, monitorCommands: true });
  await monitored.asPromise();
  monitored
    .getClient()
    .on('commandStarted', (e) =>
      commands.push({ name: e.commandName, collection: e.command[e.commandName] }),
    );
  a = await startSpacesInProcess(hub, monitored);
  b = await startSpacesInProcess(hub);
  models = a.store.models;
  admin = await hub.tokenFor({
    org: '330100',
    roles: ['CITY_ADMIN'],
    scopes: ['spaces:read', 'spaces:write', 'datacenter:read'],
  });
  await hub.createUser({
    username: 'count.teacher',
    displayName: '计老师',
    kind: 'TEACHER',
    org: SCHOOL,
    region: COUNTY,
    roles: ['TEACHER'],
    password: PASSWORD,
  });
  teacher = (await hub.signIn('count.teacher', PASSWORD, ['spaces:read', 'spaces:write'])).accessToken;
}, 240_000);

afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await monitored?.close();
  await hub?.stop();
});

describe('region counts from counters kept on write', () => {
  it('keeps every region’s counts exact while two instances open spaces, post and delete at once', async () => {
    const own = await onA(teacher, `{ mySpace { id } }`);
    const spaceId = own.mySpace.id as string;
    const post = (call: typeof onA, i: number) =>
      call(teacher, `mutation($i: CreatePostInput!) { createPost(input: $i) { id } }`, {
        i: { spaceId, text: `第${i}条` },
      });
    const first = await Promise.all(Array.from({ length: 6 }, (_, i) => post(i % 2 ? onA : onB, i)));
    const secondary = pupils('G3301', 40, CLASS_A, 7);
    const school = { schoolCode: SCHOOL, classes: [{ code: CLASS_A }, { code: CLASS_B }] };
    const teachers = Array.from({ length: 10 }, (_, i) => ({
      personNumber: `T33010${String(i).padStart(4, '0')}`,
      displayName: `老师${i}`,
      kind: 'TEACHER',
    }));
    await Promise.all([
      // The same school opened on both instances at once: every space exists, and counts, once.
      openSchool(onA, { ...school, people: [...secondary, ...teachers] }),
      openSchool(onB, { ...school, people: [...secondary.slice(10), ...pupils('G3302', 20, CLASS_B, 2)] }),
      openSchool(onB, {
        schoolCode: YEAR_SCHOOL,
        classes: yearGroupClasses,
        people: pupils('G3303', 30, yearGroupClasses[0]!.code, 7),
      }),
      openSchool(onA, {
        schoolCode: OTHER_SCHOOL,
        people: teachers.map((t) => ({ ...t, personNumber: `X${t.personNumber}` })),
      }),
      ...Array.from({ length: 8 }, (_, i) => post(i % 2 ? onB : onA, 10 + i)),
      ...first
        .slice(0, 4)
        .map((p, i) =>
          (i % 2 ? onA : onB)(teacher, `mutation($id: ID!) { deletePost(id: $id) }`, { id: p.createPost.id }),
        ),
      ...['330102', '330100', '330000'].map((regionCode, i) =>
        (i % 2 ? onB : onA)(
          teacher,
          `mutation($i: CreateGroupInput!) { createGroupSpace(input: $i) { id } }`,
          { i: { title: `教研组${i}`, regionCode, visibility: 'MEMBERS' } },
        ),
      ),
    ]);
    const zj = await answered('330000');
    expect(zj).toMatchObject({ classSpaces: 10, schoolSpaces: 3, groupSpaces: 3, posts: 10 });
    expect(zj.secondaryStudentSpaces).toBe(70);
    await expectCountsExact();
  });

  it('answers the indicators from the counters, without counting or reading spaces or posts', async () => {
    commands = [];
    await answered('330000');
    await answered(COUNTY);
    const reads = commands.filter((c) => !['endSessions', 'ping'].includes(c.name));
    expect(reads).toEqual([
      { name: 'find', collection: 'counters' },
      { name: 'find', collection: 'counters' },
    ]);
  });

  it('opens a school with its classes under one counter lock and one counters write, and counts them exactly', async () => {
    const before = await answered(COUNTY);
    commands = [];
    const data = await openSchool(onA, {
      schoolCode: BATCH_SCHOOL,
      classes: batchClasses.map(({ code }) => ({ code })),
    });
    const written = commands.filter((c) => ['insert', 'update', 'delete'].includes(c.name));
    expect(data.openSchoolSpaces.opened).toBe(5);
    expect(written.filter((c) => c.collection === 'write_locks')).toEqual([
      { name: 'insert', collection: 'write_locks' },
      { name: 'delete', collection: 'write_locks' },
    ]);
    expect(written.filter((c) => c.collection === 'counters')).toEqual([
      { name: 'update', collection: 'counters' },
    ]);
    expect(await answered(COUNTY)).toEqual({
      ...before,
      schoolSpaces: before.schoolSpaces + 1,
      classSpaces: before.classSpaces + 4,
    });
    await expectCountsExact();
  });

  it('rebuilds counters that went wrong with a recount, also while writers run', async () => {
    const counters = models.spaces.db.collection('counters');
    await counters.updateMany({}, { $inc: { TEACHER: 5, posts: -1 } });
    await counters.deleteOne({ _id: `spaces:${COUNTY}` } as never);
    const own = await onB(teacher, `{ mySpace { id } }`);
    await Promise.all([
      recountSpaces(models),
      ...Array.from({ length: 5 }, (_, i) =>
        (i % 2 ? onA : onB)(teacher, `mutation($i: CreatePostInput!) { createPost(input: $i) { id } }`, {
          i: { spaceId: own.mySpace.id, text: `重算时${i}` },
        }),
      ),
      openSchool(onA, { schoolCode: SCHOOL, people: pupils('G3304', 15, CLASS_A, 7) }),
    ]);
    await expectCountsExact();
  });

  it('counts a database at start when its counters were never built, once', async () => {
    await models.spaces.db.collection('counters').deleteMany({});
    await models.spaces.db.collection('migrations').deleteOne({ _id: COUNTERS_VERSION } as never);
    expect(await countersAtStart(models)).toBe(true);
    await expectCountsExact();
    expect(await countersAtStart(models)).toBe(false);
  });
});
