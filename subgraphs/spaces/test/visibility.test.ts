import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASS_A, CLASS_B, COUNTY, SCHOOL, openSchool, startSpacesHub, type SpacesHub } from './fixture.ts';

type Viewer =
  | 'student'
  | 'otherClass'
  | 'teacher'
  | 'teacher2'
  | 'schoolAdmin'
  | 'otherSchoolTeacher'
  | 'gdTeacher'
  | 'gdAdmin';
const VIEWERS: Viewer[] = [
  'student',
  'otherClass',
  'teacher',
  'teacher2',
  'schoolAdmin',
  'otherSchoolTeacher',
  'gdTeacher',
  'gdAdmin',
];

/**
 * Who sees which space, on every path: lookups, entity references of spaces and posts, the
 * fields spaces adds to User, School and Class, feeds, the administrators' list and the
 * indicators. A pupil sees their class and own space but not another class's; another
 * province sees nothing.
 */
const SPACE_BY_ID = 'query($id: ID!) { space(id: $id) { id } }';
const SPACE_POSTS = `query($id: ID!) { space(id: $id) { title posts(first: 50) { edges { node { id text hidden commentCount } } } } }`;

const EXPECTED: Record<string, Viewer[]> = {
  classA: ['student', 'teacher', 'schoolAdmin'],
  classB: ['otherClass', 'schoolAdmin'],
  pupil: ['student', 'teacher', 'schoolAdmin'],
  teacherSpace: ['student', 'otherClass', 'teacher', 'teacher2', 'schoolAdmin'],
  school: ['student', 'otherClass', 'teacher', 'teacher2', 'schoolAdmin', 'otherSchoolTeacher'],
};

describe('visibility on every path', () => {
  let h: SpacesHub;
  const space: Record<string, string> = {};
  const post: Record<string, string> = {};
  const token = (v: Viewer) => h.tokens[v];
  beforeAll(async () => {
    h = await startSpacesHub();
    const opened = await openSchool(h);
    Object.assign(space, {
      classA: opened[`class:${CLASS_A}`],
      classB: opened[`class:${CLASS_B}`],
      pupil: opened[`user:${h.ids.student}`],
      teacherSpace: opened[`user:${h.ids.teacher}`],
      school: opened[`school:${SCHOOL}`],
    });
    const write = async (t: string, spaceId: string, text: string) =>
      (
        await h.ok(t, 'mutation($i: CreatePostInput!) { createPost(input: $i) { id } }', {
          i: { spaceId, text },
        })
      ).createPost.id as string;
    post.classA = await write(h.tokens.teacher, space.classA!, '七(1)班：明天春游请带好水杯。');
    post.classB = await write(h.tokens.otherClass, space.classB!, '七(2)班值日表');
    post.pupil = await write(h.tokens.student, space.pupil!, '我的读书笔记');
    post.teacherSpace = await write(h.tokens.teacher, space.teacherSpace!, '教学反思：朗读课');
    post.school = await write(h.tokens.schoolAdmin, space.school!, '求是中学第十届科技节开幕');
    await h.ok(h.tokens.otherSchoolTeacher, 'mutation { openMySpace { id } }');
  }, 180_000);
  afterAll(() => h?.stop());

  const visibleTo = async (check: (v: Viewer) => Promise<boolean>) => {
    const out: Viewer[] = [];
    for (const v of VIEWERS) if (await check(v)) out.push(v);
    return out;
  };

  const entities = (type: string) =>
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { id } } }`;
  for (const name of Object.keys(EXPECTED)) {
    it(`shows the ${name} space and its posts only to ${EXPECTED[name]!.join(', ')}`, async () => {
      const paths: [string, Record<string, unknown>, (data: any) => unknown][] = [
        ['query($id: ID!) { space(id: $id) { id } }', { id: space[name] }, (d) => d.space],
        [entities('Space'), { r: [{ __typename: 'Space', id: space[name] }] }, (d) => d._entities[0]],
        ['query($id: ID!) { post(id: $id) { id } }', { id: post[name] }, (d) => d.post],
        [entities('Post'), { r: [{ __typename: 'Post', id: post[name] }] }, (d) => d._entities[0]],
      ];
      for (const [query, variables, pick] of paths) {
        const seen = await visibleTo(async (v) => Boolean(pick(await h.ok(token(v), query, variables))));
        expect(seen, query).toEqual(EXPECTED[name]);
      }
    });
  }

  it('refuses a group spanning the nation, so a public group never reaches another province', async () => {
    const body = await h.gql(
      h.tokens.teacher,
      `mutation { createGroupSpace(input: { title: "全国教研", regionCode: "100000", visibility: PUBLIC }) { id } }`,
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
    const provincial = await h.ok(
      h.tokens.teacher,
      `mutation { createGroupSpace(input: { title: "省级教研", regionCode: "${COUNTY.slice(0, 2)}0000", visibility: PUBLIC }) { id } }`,
    );
    const id = provincial.createGroupSpace.id as string;
    const seen = await visibleTo(async (v) => Boolean((await h.ok(token(v), SPACE_BY_ID, { id })).space));
    expect(seen).not.toContain('gdTeacher');
    expect(seen).not.toContain('gdAdmin');
    expect(seen).toContain('otherSchoolTeacher');
  });

  it('resolves Class.space, School.space and User.space with the same rules', async () => {
    const reps = [
      { __typename: 'Class', code: CLASS_A },
      { __typename: 'Class', code: CLASS_B },
      { __typename: 'School', code: SCHOOL },
      { __typename: 'User', id: h.ids.student },
      { __typename: 'User', id: h.ids.teacher },
    ];
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Class { space { id } } ... on School { space { id } } ... on User { space { id } } } }`;
    const seen = async (v: Viewer) =>
      ((await h.ok(token(v), query, { r: reps }))._entities as { space: { id: string } | null }[]).map(
        (e) => e.space?.id ?? null,
      );
    expect(await seen('student')).toEqual([
      space.classA,
      null,
      space.school,
      space.pupil,
      space.teacherSpace,
    ]);
    expect(await seen('otherClass')).toEqual([null, space.classB, space.school, null, space.teacherSpace]);
    expect(await seen('teacher')).toEqual([
      space.classA,
      null,
      space.school,
      space.pupil,
      space.teacherSpace,
    ]);
    expect(await seen('schoolAdmin')).toEqual([
      space.classA,
      space.classB,
      space.school,
      space.pupil,
      space.teacherSpace,
    ]);
    expect(await seen('gdTeacher')).toEqual([null, null, null, null, null]);
    expect(await seen('gdAdmin')).toEqual([null, null, null, null, null]);
    const anonymous = await h.gql(undefined, query, { r: reps });
    expect((anonymous.data?._entities ?? []).every((e: { space: unknown } | null) => !e?.space)).toBe(true);
  });

  it('builds feeds from the caller’s own spaces only', async () => {
    const feed = async (v: Viewer) =>
      (await h.ok(
        token(v),
        '{ myFeed(first: 50) { edges { node { id } } } mySpaces { edges { node { id } } } }',
      )) as {
        myFeed: { edges: { node: { id: string } }[] };
        mySpaces: { edges: { node: { id: string } }[] };
      };
    const student = await feed('student');
    expect(student.myFeed.edges.map((e) => e.node.id).sort()).toEqual([post.classA, post.pupil].sort());
    expect(student.mySpaces.edges.map((e) => e.node.id).sort()).toEqual([space.classA, space.pupil].sort());
    const teacher = await feed('teacher');
    expect(teacher.myFeed.edges.map((e) => e.node.id).sort()).toEqual(
      [post.classA, post.teacherSpace, post.school].sort(),
    );
    for (const v of ['gdTeacher', 'gdAdmin'] as const) expect((await feed(v)).myFeed.edges).toEqual([]);
  });

  it('lists spaces for administrators within their subtree only', async () => {
    const list = `{ spaces(first: 100) { totalCount edges { node { id orgPath } } } }`;
    expect((await h.ok(h.tokens.schoolAdmin, list)).spaces.totalCount).toBe(8);
    expect((await h.ok(h.tokens.countyAdmin, list)).spaces.totalCount).toBe(8);
    // Guangdong sees its own teacher's space (opened when they read their feed), nothing of Zhejiang.
    const gd = (await h.ok(h.tokens.gdAdmin, list)).spaces;
    expect(gd.edges.map((e: { node: { orgPath: string[] } }) => e.node.orgPath[1])).toEqual(['440000']);
    const filtered = await h.ok(h.tokens.gdAdmin, `{ spaces(organization: "${SCHOOL}") { totalCount } }`);
    expect(filtered.spaces.totalCount).toBe(0);
    const pupil = await h.gql(h.tokens.student, list);
    expect(pupil.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('gives region indicators to the region and the levels above it only', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { spaceIndicators {
      teacherSpaces secondaryStudentSpaces classSpaces schoolSpaces groupSpaces posts teachers teacherRatio } } } }`;
    const reps = { r: [{ __typename: 'Region', code: COUNTY }] };
    const county = await h.ok(h.tokens.countyAdmin, query, reps);
    // Teachers 王 (bulk) and 吴 is in 西湖区; pupils 李明, 孙丽, 赵强 and 陈小红 (grade 7).
    expect(county._entities[0].spaceIndicators).toEqual({
      teacherSpaces: 1,
      secondaryStudentSpaces: 4,
      classSpaces: 2,
      schoolSpaces: 1,
      groupSpaces: 0,
      posts: 5,
      // The county token reads the data center, which holds no teacher records here: no ratio.
      teachers: 0,
      teacherRatio: null,
    });
    const province = await h.ok(
      await h.hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: ['spaces:read'] }),
      query,
      reps,
    );
    expect(province._entities[0].spaceIndicators.teacherSpaces).toBe(1);
    for (const t of [h.tokens.gdAdmin, h.tokens.student]) {
      const denied = await h.gql(t, query, reps);
      expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('refuses every write to those who may not see the space, and lets the school administrator moderate', async () => {
    // [the id given as $id, the mutation's field]
    const writes: [string, string][] = [
      [space.classA!, 'createPost(input: { spaceId: $id, text: "你好" }) { id }'],
      [space.classA!, 'shareResource(input: { spaceId: $id, resourceId: "res-1" }) { id }'],
      [space.classA!, 'updateSpace(id: $id, input: { title: "改名" }) { id }'],
      [space.classA!, `addSpaceMembers(spaceId: $id, members: [{ userId: "${h.ids.teacher2}" }]) { id }`],
      [space.pupil!, 'addGrowthRecord(input: { spaceId: $id, category: MORAL, text: "冒充" }) { id }'],
      [post.classA!, 'addComment(postId: $id, text: "路过") { id }'],
      [post.classA!, 'reportContent(targetType: POST, targetId: $id, reason: SPAM) { id }'],
      [post.classA!, 'setPostHidden(id: $id, hidden: true) { id }'],
      [post.classA!, 'updatePost(id: $id, input: { text: "改" }) { id }'],
      [post.classA!, 'deletePost(id: $id)'],
    ];
    const outsiders = VIEWERS.filter((v) => !EXPECTED.classA!.includes(v));
    expect(outsiders).toEqual(['otherClass', 'teacher2', 'otherSchoolTeacher', 'gdTeacher', 'gdAdmin']);
    const before = await h.ok(h.tokens.teacher, SPACE_POSTS, { id: space.classA });
    for (const [id, write] of writes)
      for (const v of outsiders) {
        const name = write.split('(')[0];
        const code = (await h.gql(token(v), `mutation($id: ID!) { ${write} }`, { id })).errors?.[0]
          ?.extensions?.code;
        // The province's service client is refused person-only writes before any lookup.
        const allowed = v === 'gdAdmin' ? ['NOT_FOUND', 'FORBIDDEN'] : ['NOT_FOUND'];
        expect(allowed, `${name} by ${v}: ${code}`).toContain(code);
      }
    expect(await h.ok(h.tokens.teacher, SPACE_POSTS, { id: space.classA })).toEqual(before);
    const hide = 'mutation($p: ID!, $h: Boolean!) { setPostHidden(id: $p, hidden: $h) { hidden } }';
    expect((await h.ok(h.tokens.schoolAdmin, hide, { p: post.classA, h: true })).setPostHidden.hidden).toBe(
      true,
    );
    expect(
      (await h.ok(h.tokens.student, '{ myFeed { edges { node { id } } } }')).myFeed.edges,
    ).not.toContainEqual({
      node: { id: post.classA },
    });
    await h.ok(h.tokens.schoolAdmin, hide, { p: post.classA, h: false });
    const pupils = await h.gql(h.tokens.student, hide, { p: post.classA, h: true });
    expect(pupils.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
