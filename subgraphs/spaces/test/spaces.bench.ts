import { quantile, startTestHub } from '@edugraph/infra/testing';
import { databaseName, idCheckCharacter } from '@edugraph/shared';
import mongoose from 'mongoose';
import { startSpacesInProcess } from './inProcess.ts';

export const part = 'spaces';

/**
 * Two things a province does with spaces, against baselines measured in the same run:
 * - reading feeds as a pupil: a page of 20 posts of the class space with comment counts,
 *   authors, attachments and the space with the pupil's role (first and last page), a page of 5
 *   (round trips must not grow with the page), the pupil's own feed across their spaces, and
 *   the baseline `space(id) { title }` (token check and one lookup), interleaved round after
 *   round so that load from elsewhere hits them alike;
 * - bulk opening (`openSchoolSpaces`): schools of up to 1000 pupils in classes, one call each,
 *   then the same calls again (idempotent: nothing opened), as spaces per second and database
 *   round trips per call.
 * The feeds are read twice: on a database holding little more than the pupil's school, and
 * again after the bulk opening filled it (the embedded FerretDB scans a whole collection for
 * every filter but `_id` equality: the access checks and a single space read by `_id`, so
 * latency should not follow the number of spaces and memberships).
 * Spaces runs in this process to count its database commands; identity is a real process
 * issuing real tokens. BENCH_SCALE (0–1, default 1) shrinks everything for a quick run.
 */
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
if (!(SCALE > 0 && SCALE <= 1))
  throw new Error(`BENCH_SCALE must be in (0, 1]; got ${process.env.BENCH_SCALE}`);
const scaled = (n: number, min: number) => Math.max(min, Math.round(n * SCALE));

const SIZES = {
  /** Schools opened in bulk, besides the pupil's own. */
  schools: scaled(2, 1),
  pupilsPerSchool: scaled(1000, 40),
  pupilsPerClass: 40,
  posts: scaled(100, 40),
  rounds: scaled(100, 10),
  roundsAfterBulk: scaled(20, 5),
};
const COUNTY = '330102';
const PASSWORD = 'Bench-Pass-2026';
const schoolCode = (s: number) => `313300${String(s + 1).padStart(4, '0')}`;
const classCode = (s: number, c: number) => `${schoolCode(s)}2025${String(c + 1).padStart(2, '0')}`;

const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50ms: +quantile(sorted, 0.5).toFixed(2), p95ms: +quantile(sorted, 0.95).toFixed(2) };
};

const classCount = Math.ceil(SIZES.pupilsPerSchool / SIZES.pupilsPerClass);
/** A school's classes, as the data center holds them. */
const schoolClasses = (s: number) =>
  Array.from({ length: classCount }, (_, c) => ({
    code: classCode(s, c),
    name: `七年级(${c + 1})班`,
    grade: 7,
  }));

/** A school's classes and pupils (registry numbers, no accounts yet), as an administrator lists them. */
function schoolRoster(s: number) {
  const classes = schoolClasses(s);
  const people = Array.from({ length: SIZES.pupilsPerSchool }, (_, i) => {
    const first17 = `${COUNTY}2013${String(s).padStart(2, '0')}${String(i).padStart(5, '0')}`;
    return {
      personNumber: `G${first17}${idCheckCharacter(first17)}`,
      displayName: `学生${s}-${i}`,
      kind: 'STUDENT',
      grade: 7,
      classCodes: [classes[i % classCount]!.code],
    };
  });
  return { schoolCode: schoolCode(s), classes: classes.map((c) => ({ code: c.code })), people };
}

const POST_FIELDS = `id text textHtml commentCount authorName author { id } space { id myRole }
  attachments { kind title resource { id } }`;
const PAGE = `edges { node { ${POST_FIELDS} } } pageInfo { endCursor hasNextPage }`;
const QUERIES = {
  baseline: 'query($id: ID!) { space(id: $id) { title } }',
  classFeedPage20: `query($id: ID!) { space(id: $id) { posts(first: 20) { ${PAGE} } } }`,
  classFeedPage5: `query($id: ID!) { space(id: $id) { posts(first: 5) { ${PAGE} } } }`,
  classFeedLastPage20: `query($id: ID!, $after: String) { space(id: $id) { posts(first: 20, after: $after) { ${PAGE} } } }`,
  myFeedPage20: `query { myFeed(first: 20) { ${PAGE} } }`,
};

export async function run(): Promise<Record<string, unknown>> {
  const started = performance.now();
  // Identity and spaces ask the data center where a school sits (and spaces which classes are its
  // own): it runs here with the bench's schools.
  const hub = await startTestHub({
    services: ['identity', 'datacenter'],
    schools: Array.from({ length: SIZES.schools + 1 }, (_, s) => ({
      code: schoolCode(s),
      regionCode: COUNTY,
      name: `求是中学${s + 1}分校`,
      classes: schoolClasses(s),
    })),
  });
  const conn = mongoose.createConnection(hub.mongoUri, {
    dbName: databaseName(hub.dbPrefix, 'spaces'),
    retryWrites: false,
    monitorCommands: true,
  });
  let commands = 0;
  conn.getClient().on('commandStarted', () => (commands += 1));
  const spaces = await startSpacesInProcess(hub, await conn.asPromise());
  /** One request; its latency and the database commands it issued (requests run one at a time). */
  const call = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    commands = 0;
    const t = performance.now();
    const res = await fetch(`${spaces.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    const ms = performance.now() - t;
    if (body.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
    return { data: body.data, ms, commands };
  };
  try {
    const admin = await hub.tokenFor({
      org: COUNTY,
      roles: ['COUNTY_ADMIN'],
      scopes: ['spaces:read', 'spaces:write', 'datacenter:read'],
    });
    const open = `mutation($i: OpenSchoolSpacesInput!) { openSchoolSpaces(input: $i) { opened existing rejected } }`;

    // A teacher and a pupil with accounts, opened with the first class of their school.
    const person = async (username: string, displayName: string, kind: 'TEACHER' | 'STUDENT') => {
      const { id } = await hub.createUser({
        username,
        displayName,
        kind,
        org: schoolCode(0),
        region: COUNTY,
        roles: [kind],
        password: PASSWORD,
      });
      const { accessToken } = await hub.signIn(username, PASSWORD, ['spaces:read', 'spaces:write']);
      return { id, token: accessToken, kind };
    };
    const teacher = await person('bench.teacher', '压测老师', 'TEACHER');
    const pupil = await person('bench.pupil', '压测学生', 'STUDENT');
    const own = schoolRoster(0);
    await call(admin, open, {
      i: {
        ...own,
        classes: own.classes.slice(0, 1),
        people: [teacher, pupil].map((p) => ({ userId: p.id, kind: p.kind, classCodes: [classCode(0, 0)] })),
      },
    });
    const mine = await call(pupil.token, '{ mySpaces(first: 10) { edges { node { id kind } } } }');
    const classSpace = mine.data.mySpaces.edges.find(
      (e: { node: { kind: string } }) => e.node.kind === 'CLASS',
    ).node.id as string;

    // The class feed: posts with a resource attachment, 0–3 comments each from the pupil.
    const setupStart = performance.now();
    const createPost = 'mutation($i: CreatePostInput!) { createPost(input: $i) { id } }';
    const addComment = 'mutation($p: ID!, $t: String!) { addComment(postId: $p, text: $t) { id } }';
    for (let i = 0; i < SIZES.posts; i++) {
      const { data } = await call(teacher.token, createPost, {
        i: {
          spaceId: classSpace,
          text: `第${i + 1}课：请完成练习册第${i + 3}页。\n有问题在下面留言。`,
          attachments: [{ kind: 'RESOURCE', resourceId: `res-${i % 50}`, title: `微课${i + 1}` }],
        },
      });
      for (let c = 0; c < i % 4; c++)
        await call(pupil.token, addComment, { p: data.createPost.id, t: `收到，第${c + 1}条` });
    }
    const contentSetupMs = Math.round(performance.now() - setupStart);
    // The cursor before the last page of 20.
    let after: string | null = null;
    for (let seen = 0; seen + 20 < SIZES.posts; seen += 20) {
      const { data } = await call(pupil.token, QUERIES.classFeedLastPage20, { id: classSpace, after });
      after = data.space.posts.pageInfo.endCursor;
    }

    const kinds = Object.keys(QUERIES) as (keyof typeof QUERIES)[];
    const variables = { id: classSpace, after };
    const measureFeeds = async (rounds: number) => {
      const times = Object.fromEntries(kinds.map((k) => [k, [] as number[]]));
      const roundTrips: Record<string, number> = {};
      for (const k of kinds) roundTrips[k] = (await call(pupil.token, QUERIES[k], variables)).commands; // warm-up
      for (let r = 0; r < rounds; r++)
        for (const k of kinds) times[k]!.push((await call(pupil.token, QUERIES[k], variables)).ms);
      const p50 = (k: keyof typeof QUERIES) => summary(times[k]!).p50ms;
      return {
        database: {
          spaces: await conn.collection('spaces').countDocuments(),
          memberships: await conn.collection('memberships').countDocuments(),
          posts: await conn.collection('posts').countDocuments(),
        },
        ...Object.fromEntries(kinds.map((k) => [k, { ...summary(times[k]!), roundTrips: roundTrips[k] }])),
        classFeedPage20OverBaselineP50: +(p50('classFeedPage20') / p50('baseline')).toFixed(2),
        roundTripsPage20MinusPage5: roundTrips.classFeedPage20! - roundTrips.classFeedPage5!,
      };
    };

    const bulk = async () => {
      const calls: { ms: number; commands: number; opened: number; existing: number; rejected: number }[] =
        [];
      for (let s = 1; s <= SIZES.schools; s++) {
        const r = await call(admin, open, { i: schoolRoster(s) });
        calls.push({ ms: r.ms, commands: r.commands, ...r.data.openSchoolSpaces });
      }
      const total = (k: 'opened' | 'existing' | 'rejected') => calls.reduce((n, c) => n + c[k], 0);
      const ms = calls.reduce((n, c) => n + c.ms, 0);
      return {
        calls: calls.length,
        opened: total('opened'),
        existing: total('existing'),
        rejected: total('rejected'),
        msPerCall: Math.round(ms / calls.length),
        spacesPerSecond: Math.round(((total('opened') + total('existing')) / ms) * 1000),
        commandsPerCall: Math.round(calls.reduce((n, c) => n + c.commands, 0) / calls.length),
      };
    };

    const feeds = await measureFeeds(SIZES.rounds);
    const bulkOpen = await bulk();
    const bulkOpenRepeat = await bulk();
    const feedsAfterBulk = await measureFeeds(SIZES.roundsAfterBulk);
    return {
      scale: SCALE,
      sizes: SIZES,
      contentSetupMs,
      feeds,
      bulkOpen,
      bulkOpenRepeat,
      feedsAfterBulk,
      totalSeconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    await spaces.stop();
    await conn.close();
    await hub.stop();
  }
}
