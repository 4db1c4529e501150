import { generateProvince, startInWaves } from '@edugraph/infra';
import { rawBulkWrite, startTestHub, type TestHub } from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import { loadavg } from 'node:os';
import mongoose from 'mongoose';
import { LOAD_WORKERS, loadBenchCatalog } from '../../../subgraphs/resources/test/benchCatalog.ts';
import { openResourcesStore } from '../../../subgraphs/resources/src/store/index.ts';
import {
  BATCH,
  CONCURRENCY,
  renewingToken,
  rssOfServices,
  sampleRss,
  SERVICES,
  timed,
  upsertAll,
} from './scale/load.ts';

/**
 * `npm run bench scale`: the whole hub (identity, datacenter, resources, spaces, gateway as real
 * processes on the embedded database) at a size: BENCH_SCALE_SIZE students (default 10,000) with
 * the generator's schools, classes and teachers, loaded through the datacenter's upserts (against
 * raw bulkWrite of the same documents in the same run), and as many published resources with their
 * search postings. Per service: RSS after start (empty), after the load, after a cold restart of
 * the whole stack started as `npm start` starts it (and each service's time to ready), and at its peak under the read mix. Then
 * p50/p99 through the gateway of the reads the issue lists. Run it at two sizes to see what grows.
 */
export const part = 'scale';

type MongoClient = mongoose.mongo.MongoClient;

const SIZE = Number(process.env.BENCH_SCALE_SIZE ?? 10_000);
/** Resources to load (default: as many as students); smaller when only the students' scale is measured. */
const RESOURCES = Number(process.env.BENCH_SCALE_RESOURCES ?? SIZE);
const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 20);
/**
 * What to load and read: `students` (the datacenter's records, the spaces, every read but the
 * search) and `resources` (the catalog and the search). BENCH_SCALE_PARTS=resources measures
 * the search alone, without the students' load.
 */
const PARTS = new Set(
  (process.env.BENCH_SCALE_PARTS ?? 'students,resources').split(',').map((p) => p.trim()),
);
const WITH_STUDENTS = PARTS.has('students');
const WITH_RESOURCES = PARTS.has('resources');
const round = (n: number) => Math.round(n * 100) / 100;
/** The machine's 1-minute load average (the figures are only comparable within one run). */
const load1m = () => round(loadavg()[0]!);

export async function run(): Promise<Record<string, unknown>> {
  if (!(Number.isInteger(SIZE) && SIZE >= 1000))
    throw new Error(`BENCH_SCALE_SIZE must be ≥ 1,000; got ${SIZE}`);
  if (!WITH_STUDENTS && !WITH_RESOURCES)
    throw new Error(`BENCH_SCALE_PARTS must name students, resources or both; got ${[...PARTS].join(',')}`);
  if (!(Number.isInteger(RESOURCES) && RESOURCES >= 100))
    throw new Error(`BENCH_SCALE_RESOURCES must be ≥ 100; got ${RESOURCES}`);
  const hub = await startTestHub({ services: SERVICES, name: 'scale' });
  const client = await mongoose.mongo.MongoClient.connect(hub.mongoUri);
  try {
    const loadAtStart = loadavg().map((l) => round(l));
    const rssEmpty = rssOfServices(hub);
    const load = await loadEverything(hub, client);
    const rssAfterLoad = rssOfServices(hub);
    const coldStart = await restartStack(hub);
    const rssAfterStart = rssOfServices(hub);
    const stop = sampleRss(hub);
    const reads = await readMix(hub, client, load.spacesToken);
    const rssPeakUnderReads = stop();
    return {
      database: process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB v1 (SQLite, patched)',
      parts: [...PARTS],
      loadAverage: { atStart: loadAtStart, atEnd: loadavg().map((l) => round(l)) },
      students: WITH_STUDENTS ? SIZE : 0,
      resources: WITH_RESOURCES ? RESOURCES : 0,
      runsPerRead: RUNS,
      load: load.figures,
      coldStart,
      rssMb: {
        empty: rssEmpty,
        afterLoad: rssAfterLoad,
        afterColdStart: rssAfterStart,
        peakUnderReads: rssPeakUnderReads,
      },
      readsThroughGateway: reads,
    };
  } finally {
    await client.close();
    await hub.stop();
  }
}

async function loadEverything(hub: TestHub, client: MongoClient) {
  const students = WITH_STUDENTS ? await loadStudents(hub, client) : undefined;
  const resources = WITH_RESOURCES ? await loadResources(hub) : undefined;
  const spacesToken = WITH_STUDENTS ? await openTeacherSpace(hub, client) : undefined;
  return { spacesToken, figures: { ...students, ...(resources && { resources }) } };
}

async function loadStudents(hub: TestHub, client: MongoClient) {
  const writer = renewingToken(() =>
    hub.tokenFor({
      org: '100000',
      roles: ['SERVICE'],
      scopes: ['datacenter:read', 'datacenter:write', 'personal-data'],
    }),
  );
  const province = generateProvince({ seed: 20260101, students: SIZE });
  let t = performance.now();
  let skeleton = 0;
  for (const kind of ['regions', 'schools', 'classes', 'teachers'] as const)
    skeleton += await upsertAll(hub, writer, province, kind, 1);
  const skeletonMs = performance.now() - t;
  t = performance.now();
  const students = await upsertAll(hub, writer, province, 'students', CONCURRENCY);
  const studentsMs = performance.now() - t;
  const studentsLoad = load1m();
  console.log(`students: ${students} in ${round(studentsMs / 1000)} s (load average ${studentsLoad})`);
  const raw = await rawBulkWrite(client.db(databaseName(hub.dbPrefix, 'datacenter')), {
    batchSize: BATCH,
    concurrency: CONCURRENCY,
  });
  const rawLoad = load1m();
  console.log(`raw bulkWrite: ${raw.written} in ${round(raw.ms / 1000)} s (load average ${rawLoad})`);
  const upsertRate = Math.round(students / (studentsMs / 1000));
  const rawRate = Math.round(raw.written / (raw.ms / 1000));
  return {
    skeleton: { records: skeleton, seconds: round(skeletonMs / 1000) },
    students: {
      created: students,
      seconds: round(studentsMs / 1000),
      perSecond: upsertRate,
      loadAverageAtEnd: studentsLoad,
    },
    rawBulkWrite: {
      written: raw.written,
      seconds: round(raw.ms / 1000),
      perSecond: rawRate,
      loadAverageAtEnd: rawLoad,
    },
    ratioToRaw: round(upsertRate / rawRate),
  };
}

/** The catalog: resource documents and their search index, through the bulk write (`writeBulkPostings`). */
async function loadResources(hub: TestHub) {
  const conn = await mongoose
    .createConnection(hub.mongoUri, { dbName: databaseName(hub.dbPrefix, 'resources'), retryWrites: false })
    .asPromise();
  const t = performance.now();
  const { postingsMs, documentsMs } = await (async () => {
    try {
      return await loadBenchCatalog(
        await openResourcesStore(conn, { accessLogRetentionDays: 180 }),
        RESOURCES,
      );
    } finally {
      await conn.close();
    }
  })();
  const ms = performance.now() - t;
  return {
    written: RESOURCES,
    seconds: round(ms / 1000),
    perSecond: Math.round(RESOURCES / (ms / 1000)),
    loadAverageAtEnd: load1m(),
    workers: LOAD_WORKERS,
    searchIndexShare: round(postingsMs / (postingsMs + documentsMs)),
    note: `resource documents (insertMany of 1,000) and their search index (one entry per resource, one head per token, status and ranking tier of each 50,000, the ids of larger blocks apart) by the bench catalog loader, through the bulk write the seed and the start-up build use, ${LOAD_WORKERS} batches of 5,000 at once; searchIndexShare: the search index's part of the writers' time`,
  };
}

/** A teacher of a generated school with a personal space and a few posts; returns its token. */
async function openTeacherSpace(hub: TestHub, client: MongoClient): Promise<string> {
  const school = await client
    .db(databaseName(hub.dbPrefix, 'datacenter'))
    .collection('schools')
    .findOne({ teachingPoint: false, countyCode: { $ne: null } });
  const username = 'scale.teacher';
  const { password } = await hub.createUser({
    username,
    displayName: '规模测试教师',
    kind: 'TEACHER',
    org: school!.code as string,
    region: school!.countyCode as string,
    roles: ['TEACHER'],
  });
  const token = (await hub.signIn(username, password, ['spaces:read', 'spaces:write'])).accessToken;
  const opened = await hub.gql('gateway', 'mutation { openMySpace { id } }', {}, token);
  const spaceId = opened.data?.openMySpace?.id as string | undefined;
  if (!spaceId) throw new Error(`openMySpace failed: ${JSON.stringify(opened.errors)}`);
  for (let i = 0; i < 30; i++) {
    const body = await hub.gql(
      'gateway',
      'mutation($input: CreatePostInput!) { createPost(input: $input) { id } }',
      { input: { spaceId, text: `第${i + 1}次课后反思：今天的分数教学效果不错。` } },
      token,
    );
    if (body.errors) throw new Error(`createPost failed: ${JSON.stringify(body.errors)}`);
  }
  return token;
}

/**
 * Stops every service, then starts them again the way `npm start` does (the subgraphs at once,
 * then the gateway: infra/src/launcher/startOrder.ts): the whole stack's time to ready and each service's. Before
 * it, in the same run, the old way (one after the other, each waiting for the one before) as the
 * baseline.
 */
async function restartStack(hub: TestHub) {
  const stopAll = async () => {
    for (const s of [...SERVICES].reverse()) await hub.kill(s);
  };
  await stopAll();
  const baseline = { loadAverage: load1m(), perServiceMs: {} as Record<string, number>, wholeStackMs: 0 };
  const began = performance.now();
  for (const s of SERVICES) {
    const t = performance.now();
    await hub.restart(s);
    baseline.perServiceMs[s] = Math.round(performance.now() - t);
  }
  baseline.wholeStackMs = Math.round(performance.now() - began);
  await stopAll();
  const loadAverage = load1m();
  const inWaves = await startInWaves(SERVICES, (s) => hub.restart(s));
  return { order: 'subgraphs at once, then the gateway', ...inWaves, loadAverage, oneAfterAnother: baseline };
}

type Shape = [name: string, query: string, variables: Record<string, unknown>, token?: string];
type Ask = (query: string, variables?: Record<string, unknown>, token?: string) => Promise<any>;

async function readMix(hub: TestHub, client: MongoClient, teacher: string | undefined) {
  const sample = WITH_STUDENTS
    ? ((await client
        .db(databaseName(hub.dbPrefix, 'datacenter'))
        .collection('students')
        .findOne({ deleted: false, countyCode: { $ne: null } })) as unknown as Record<string, string>)
    : undefined;
  const admin = await hub.tokenFor({
    org: sample?.provinceCode ?? '330000',
    roles: ['PROVINCIAL_ADMIN'],
    scopes: ['datacenter:read', 'personal-data', 'resources:read'],
  });
  const ask: Ask = async (query, variables = {}, token = admin) => {
    const body = await hub.gql('gateway', query, variables, token);
    if (body.errors || !body.data) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const search = `query($q: String) { resources(query: $q, first: 20) { totalCount nodes { id title }
    facets { stage { count } subject { count } grade { count } edition { count } kind { count } originLevel { count } } } }`;
  const browse = `query($f: ResourceFilter) { resources(filter: $f, first: 20) { totalCount nodes { id title }
    facets { stage { count } subject { count } grade { count } edition { count } kind { count } originLevel { count } } } }`;
  if (WITH_RESOURCES && !sample) {
    // The province's catalog without a keyword: every loaded resource is national or 330000's.
    const page = (await ask(browse, {})) as { resources: { totalCount: number; nodes: unknown[] } };
    if (page.resources.totalCount !== RESOURCES || page.resources.nodes.length !== 20)
      throw new Error(`catalog page: totalCount ${page.resources.totalCount}, expected ${RESOURCES}`);
  }
  const figures: Record<string, { p50Ms: number; p99Ms: number }> = {};
  const provincePage = `query($p: String!) { students(filter: { regionCode: $p }, first: 50) {
    totalCount edges { node { id name } } pageInfo { endCursor } } }`;
  if (sample) {
    // The province's students with totalCount: from the counters, checked against the raw
    // driver's count of the same records, which is what it cost before (a count of the subtree).
    const students = client.db(databaseName(hub.dbPrefix, 'datacenter')).collection('students');
    const filter = { provinceCode: sample.provinceCode, deleted: false };
    const raw = await students.countDocuments(filter);
    const total = (await ask(provincePage, { p: sample.provinceCode })).students.totalCount;
    if (total !== raw) throw new Error(`province students totalCount ${total}, raw count ${raw}`);
    const name =
      "province's students counted by the raw driver (countDocuments: totalCount before session 10)";
    figures[name] = await timed(3, async () => void (await students.countDocuments(filter)));
    console.log(`${name}: ${JSON.stringify(figures[name])} (${raw} students)`);
  }
  const shapes: Shape[] = [
    ...(sample ? await studentShapes(ask, sample) : []),
    ...(sample
      ? ([
          ["province's students, page of 50 with totalCount", provincePage, { p: sample.provinceCode }],
        ] as Shape[])
      : []),
    ...(WITH_RESOURCES
      ? ['分数', '光合作用', '长方形和正方形'].map((q): Shape => [
          `resource search "${q}" with facets`,
          search,
          { q },
        ])
      : []),
    ...(WITH_RESOURCES
      ? ([
          ['catalog page without keyword, with facets and totalCount', browse, {}],
          [
            'catalog page PRIMARY MATH, with facets and totalCount',
            browse,
            { f: { stage: 'PRIMARY', subject: 'MATH' } },
          ],
        ] as Shape[])
      : []),
    ...(teacher
      ? ([
          [
            'space feed page (myFeed, 20)',
            '{ myFeed(first: 20) { edges { node { id text } } } }',
            {},
            teacher,
          ],
          ['mySpaces', '{ mySpaces { edges { node { id title } } } }', {}, teacher],
        ] as Shape[])
      : []),
  ];
  for (const [name, query, variables, token] of shapes) {
    figures[name] = await timed(RUNS, async () => void (await ask(query, variables, token)));
    console.log(`${name}: ${JSON.stringify(figures[name])}`);
  }
  return figures;
}

/** The datacenter's reads around a sample student (its county's pages, school, class, indicators). */
async function studentShapes(ask: Ask, sample: Record<string, string>): Promise<Shape[]> {
  const { provinceCode, countyCode, schoolCode, classCode, registryNumber } = sample;
  const page = `query($county: String!, $after: String) { students(filter: { regionCode: $county }, first: 50, after: $after) {
    edges { node { id name registryNumber status school { name } class { name } } } pageInfo { endCursor hasNextPage } } }`;
  let after: string | null = null;
  let pageReached = 1;
  for (; pageReached < 100; pageReached++) {
    const d = await ask(page, { county: countyCode, after });
    if (!d.students.pageInfo.hasNextPage) break;
    after = d.students.pageInfo.endCursor;
  }
  const indicators = `query($code: ID!) { region(code: $code) { indicators { schools teachingPoints students teachers
    broadbandRatio multimediaClassroomRatio teacherTrainingRatio } } }`;
  return [
    ["county's students, page 1 of 50", page, { county: countyCode, after: null }],
    [`county's students, page ${pageReached} of 50 (by cursor)`, page, { county: countyCode, after }],
    [
      'a school with its classes',
      'query($c: String!) { schoolByCode(code: $c) { name classes(first: 50) { nodes { code name } } } }',
      { c: schoolCode },
    ],
    [
      "a class's students",
      'query($c: String!) { classByCode(code: $c) { students(first: 50) { nodes { name status } } } }',
      { c: classCode },
    ],
    [
      'student by registry number',
      'query($r: String!) { studentByRegistryNumber(registryNumber: $r) { name school { name } } }',
      { r: registryNumber },
    ],
    ['province indicators', indicators, { code: provinceCode }],
    ['county indicators', indicators, { code: countyCode }],
  ];
}
