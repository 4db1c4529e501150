import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASS_A, openSchool, startSpacesHub, type SpacesHub } from './fixture.ts';

const POST_FIELDS =
  'id kind text textHtml hidden authorName author { id } attachments { kind url title resource { id } }';
const CREATE_POST = `mutation($input: CreatePostInput!) { createPost(input: $input) { ${POST_FIELDS} } }`;
const SPACE_POSTS = `query($id: ID!) { space(id: $id) { posts(first: 50) { totalCount edges { node { id text hidden commentCount } } } } }`;

describe('content of spaces', () => {
  let h: SpacesHub;
  let spaces: Record<string, string>;
  let classA: string;
  let pupilSpace: string;
  beforeAll(async () => {
    h = await startSpacesHub();
    spaces = await openSchool(h);
    classA = spaces[`class:${CLASS_A}`]!;
    pupilSpace = spaces[`user:${h.ids.student}`]!;
  }, 180_000);
  afterAll(() => h?.stop());

  const postIds = async (token: string, spaceId: string) =>
    ((await h.ok(token, SPACE_POSTS, { id: spaceId })).space?.posts.edges ?? []).map(
      (e: { node: { id: string } }) => e.node.id,
    );

  it('lets members post with resource and link attachments, newest first', async () => {
    const first = await h.ok(h.tokens.teacher, CREATE_POST, {
      input: {
        spaceId: classA,
        text: '同学们好！本周学习《春》，请预习课文并完成朗读打卡。',
        attachments: [
          { kind: 'RESOURCE', resourceId: 'res-chun-1', title: '《春》朗读微课' },
          { kind: 'LINK', url: 'https://www.zxx.edu.cn/syncClassroom', title: '国家中小学智慧教育平台' },
        ],
      },
    });
    expect(first.createPost).toMatchObject({
      kind: 'POST',
      authorName: '王老师',
      author: { id: h.ids.teacher },
      attachments: [
        { kind: 'RESOURCE', resource: { id: 'res-chun-1' }, url: null },
        { kind: 'LINK', url: 'https://www.zxx.edu.cn/syncClassroom', resource: null },
      ],
    });
    const second = await h.ok(h.tokens.student, CREATE_POST, {
      input: { spaceId: classA, text: '老师，我已经读完了。' },
    });
    expect(await postIds(h.tokens.classmate, classA)).toEqual([second.createPost.id, first.createPost.id]);
    const feed = await h.ok(
      h.tokens.classmate,
      '{ myFeed(first: 1) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(feed.myFeed.edges[0].node.id).toBe(second.createPost.id);
    const next = await h.ok(
      h.tokens.classmate,
      'query($a: String) { myFeed(first: 1, after: $a) { edges { node { id } } } }',
      {
        a: feed.myFeed.pageInfo.endCursor,
      },
    );
    expect(next.myFeed.edges[0].node.id).toBe(first.createPost.id);
  });

  it('refuses posts from non-members and bad input', async () => {
    const outsider = await h.gql(h.tokens.otherClass, CREATE_POST, {
      input: { spaceId: classA, text: '你好' },
    });
    expect(outsider.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const empty = await h.gql(h.tokens.student, CREATE_POST, { input: { spaceId: classA, text: '   ' } });
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    const long = await h.gql(h.tokens.student, CREATE_POST, {
      input: { spaceId: classA, text: '长'.repeat(5001) },
    });
    expect(long.errors?.[0]?.message).toMatch(/5001 characters long; at most 5000/);
  });

  it('lets authors edit and delete their own posts and nobody else’s', async () => {
    const { createPost } = await h.ok(h.tokens.student, CREATE_POST, {
      input: { spaceId: classA, text: '草稿' },
    });
    const edited = await h.ok(
      h.tokens.student,
      'mutation($id: ID!) { updatePost(id: $id, input: { text: "定稿" }) { text editedAt } }',
      {
        id: createPost.id,
      },
    );
    expect(edited.updatePost.text).toBe('定稿');
    expect(edited.updatePost.editedAt).not.toBeNull();
    const foreign = await h.gql(
      h.tokens.classmate,
      'mutation($id: ID!) { updatePost(id: $id, input: { text: "改" }) { id } }',
      {
        id: createPost.id,
      },
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const foreignDelete = await h.gql(h.tokens.classmate, 'mutation($id: ID!) { deletePost(id: $id) }', {
      id: createPost.id,
    });
    expect(foreignDelete.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await h.ok(h.tokens.student, 'mutation($id: ID!) { deletePost(id: $id) }', { id: createPost.id });
    expect(await postIds(h.tokens.student, classA)).not.toContain(createPost.id);
  });

  it('counts comments, and marks teachers’ comments', async () => {
    const { createPost } = await h.ok(h.tokens.student, CREATE_POST, {
      input: { spaceId: classA, text: '这道题怎么做？' },
    });
    await h.ok(
      h.tokens.classmate,
      'mutation($p: ID!) { addComment(postId: $p, text: "我也想知道") { id } }',
      { p: createPost.id },
    );
    const teacher = await h.ok(
      h.tokens.teacher,
      'mutation($p: ID!) { addComment(postId: $p, text: "先画图，再列方程。") { byTeacher authorName } }',
      {
        p: createPost.id,
      },
    );
    expect(teacher.addComment).toEqual({ byTeacher: true, authorName: '王老师' });
    const read = await h.ok(
      h.tokens.student,
      'query($id: ID!) { post(id: $id) { commentCount comments { edges { node { text byTeacher } } } } }',
      {
        id: createPost.id,
      },
    );
    expect(read.post.commentCount).toBe(2);
    expect(read.post.comments.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { text: '我也想知道', byTeacher: false },
      { text: '先画图，再列方程。', byTeacher: true },
    ]);
    const outsider = await h.gql(
      h.tokens.otherClass,
      'mutation($p: ID!) { addComment(postId: $p, text: "路过") { id } }',
      { p: createPost.id },
    );
    expect(outsider.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('shares a resource and counts shares within the caller’s subtree only', async () => {
    const share = await h.ok(
      h.tokens.teacher,
      'mutation { shareResource(input: { spaceId: "' +
        classA +
        '", resourceId: "res-chun-1", text: "推荐" }) { kind resource { id } } }',
    );
    expect(share.shareResource).toEqual({ kind: 'SHARE', resource: { id: 'res-chun-1' } });
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Resource { shareCount } } }`;
    const reps = {
      r: [
        { __typename: 'Resource', id: 'res-chun-1' },
        { __typename: 'Resource', id: 'res-none' },
      ],
    };
    expect((await h.ok(h.tokens.countyAdmin, query, reps))._entities).toEqual([
      { shareCount: 1 },
      { shareCount: 0 },
    ]);
    expect((await h.ok(h.tokens.gdAdmin, query, reps))._entities).toEqual([
      { shareCount: 0 },
      { shareCount: 0 },
    ]);
  });

  it('keeps growth records for the pupil, their class teacher, and no other pupil', async () => {
    const add = `mutation($input: GrowthRecordInput!) { addGrowthRecord(input: $input) { id kind growthCategory authorName } }`;
    const own = await h.ok(h.tokens.student, add, {
      input: { spaceId: pupilSpace, category: 'PRACTICE', text: '参加社区垃圾分类志愿服务两小时。' },
    });
    expect(own.addGrowthRecord).toMatchObject({
      kind: 'GROWTH_RECORD',
      growthCategory: 'PRACTICE',
      authorName: '李明',
    });
    const byTeacher = await h.ok(h.tokens.teacher, add, {
      input: { spaceId: pupilSpace, category: 'ACADEMIC', text: '期中语文成绩进步明显。' },
    });
    await h.ok(
      h.tokens.teacher,
      'mutation($p: ID!) { addComment(postId: $p, text: "热心公益，值得表扬！") { id } }',
      { p: own.addGrowthRecord.id },
    );
    const records = await h.ok(
      h.tokens.student,
      'query($id: ID!) { space(id: $id) { posts(kind: GROWTH_RECORD) { edges { node { id comments { edges { node { byTeacher text } } } } } } } }',
      {
        id: pupilSpace,
      },
    );
    expect(records.space.posts.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      byTeacher.addGrowthRecord.id,
      own.addGrowthRecord.id,
    ]);
    expect(records.space.posts.edges[1].node.comments.edges[0].node).toEqual({
      byTeacher: true,
      text: '热心公益，值得表扬！',
    });
    // A pupil of the other class, and a teacher who does not teach the pupil, cannot even see the space.
    for (const token of [h.tokens.otherClass, h.tokens.classmate, h.tokens.teacher2]) {
      const denied = await h.gql(token, add, {
        input: { spaceId: pupilSpace, category: 'MORAL', text: '冒充' },
      });
      expect(denied.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const notPupil = await h.gql(h.tokens.teacher, add, {
      input: { spaceId: classA, category: 'MORAL', text: '班级' },
    });
    expect(notPupil.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lets managers hide posts from everyone but themselves and the author', async () => {
    const { createPost } = await h.ok(h.tokens.student, CREATE_POST, {
      input: { spaceId: classA, text: '广告：低价出售游戏账号' },
    });
    const denied = await h.gql(
      h.tokens.classmate,
      'mutation($id: ID!) { setPostHidden(id: $id, hidden: true) { id } }',
      { id: createPost.id },
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const hidden = await h.ok(
      h.tokens.teacher,
      'mutation($id: ID!) { setPostHidden(id: $id, hidden: true, reason: "与学习无关") { hidden hiddenReason } }',
      {
        id: createPost.id,
      },
    );
    expect(hidden.setPostHidden).toEqual({ hidden: true, hiddenReason: '与学习无关' });
    expect(await postIds(h.tokens.classmate, classA)).not.toContain(createPost.id);
    expect(
      (await h.ok(h.tokens.classmate, 'query($id: ID!) { post(id: $id) { id } }', { id: createPost.id }))
        .post,
    ).toBeNull();
    const feed = await h.ok(h.tokens.classmate, '{ myFeed(first: 50) { edges { node { id } } } }');
    expect(feed.myFeed.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(createPost.id);
    expect(await postIds(h.tokens.teacher, classA)).toContain(createPost.id);
    expect(await postIds(h.tokens.student, classA)).toContain(createPost.id);
    expect(await postIds(h.tokens.schoolAdmin, classA)).toContain(createPost.id);
  });

  it('takes abuse reports once per reporter and shows them to managers only', async () => {
    const { createPost } = await h.ok(h.tokens.student, CREATE_POST, {
      input: { spaceId: classA, text: '你真笨' },
    });
    const report =
      'mutation($id: ID!, $note: String) { reportContent(targetType: POST, targetId: $id, reason: ABUSE, note: $note) { id status } }';
    const first = await h.ok(h.tokens.classmate, report, { id: createPost.id, note: '骂人' });
    const again = await h.ok(h.tokens.classmate, report, { id: createPost.id, note: '还是骂人' });
    expect(again.reportContent.id).toBe(first.reportContent.id);
    const reports = `query($id: ID!) { space(id: $id) { reports { totalCount edges { node { id targetId reason note } } } } }`;
    const seen = await h.ok(h.tokens.teacher, reports, { id: classA });
    expect(seen.space.reports.totalCount).toBe(1);
    expect(seen.space.reports.edges[0].node).toMatchObject({
      targetId: createPost.id,
      reason: 'ABUSE',
      note: '还是骂人',
    });
    expect((await h.ok(h.tokens.classmate, reports, { id: classA })).space.reports.totalCount).toBe(0);
    const outsider = await h.gql(h.tokens.otherClass, report, { id: createPost.id });
    expect(outsider.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await h.ok(h.tokens.teacher, 'mutation($id: ID!) { resolveReport(id: $id) { status } }', {
      id: first.reportContent.id,
    });
    expect((await h.ok(h.tokens.teacher, reports, { id: classA })).space.reports.totalCount).toBe(0);
  });
  it('lets authors edit and delete their own comments, and managers hide them from all but the author', async () => {
    const { createPost } = await h.ok(h.tokens.student, CREATE_POST, {
      input: { spaceId: classA, text: '周末去科技馆吗？' },
    });
    const add = 'mutation($p: ID!, $t: String!) { addComment(postId: $p, text: $t) { id } }';
    const { addComment } = await h.ok(h.tokens.classmate, add, { p: createPost.id, t: '我去，写错了' });
    const kept = await h.ok(h.tokens.teacher, add, { p: createPost.id, t: '注意安全' });
    const id = addComment.id as string;
    const edit = 'mutation($id: ID!, $t: String!) { updateComment(id: $id, text: $t) { text editedAt } }';
    const edited = await h.ok(h.tokens.classmate, edit, { id, t: '我去！' });
    expect(edited.updateComment.text).toBe('我去！');
    expect(edited.updateComment.editedAt).not.toBeNull();
    // The post's author is neither the comment's author nor a manager of the space.
    expect((await h.gql(h.tokens.student, edit, { id, t: '改' })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const remove = 'mutation($id: ID!) { deleteComment(id: $id) }';
    expect((await h.gql(h.tokens.student, remove, { id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const hide = 'mutation($id: ID!, $h: Boolean!) { setCommentHidden(id: $id, hidden: $h) { hidden } }';
    expect((await h.gql(h.tokens.classmate, hide, { id, h: true })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await h.ok(h.tokens.teacher, hide, { id, h: true })).setCommentHidden.hidden).toBe(true);

    const comments = async (token: string) =>
      (
        await h.ok(
          token,
          'query($id: ID!) { post(id: $id) { commentCount comments { edges { node { id text hidden } } } } }',
          { id: createPost.id },
        )
      ).post as { commentCount: number; comments: { edges: { node: { id: string } }[] } };
    const ids = (p: { comments: { edges: { node: { id: string } }[] } }) =>
      p.comments.edges.map((e) => e.node.id);
    const byStudent = await comments(h.tokens.student);
    expect(ids(byStudent)).toEqual([kept.addComment.id]);
    expect(byStudent.commentCount).toBe(1);
    expect(ids(await comments(h.tokens.classmate))).toEqual([id, kept.addComment.id]);
    expect(ids(await comments(h.tokens.schoolAdmin))).toEqual([id, kept.addComment.id]);
    expect((await h.gql(h.tokens.student, remove, { id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    await h.ok(h.tokens.teacher, hide, { id, h: false });
    const report = await h.ok(
      h.tokens.student,
      'mutation($id: ID!) { reportContent(targetType: COMMENT, targetId: $id, reason: SPAM) { targetType status } }',
      { id },
    );
    expect(report.reportContent).toEqual({ targetType: 'COMMENT', status: 'OPEN' });
    const reports = await h.ok(
      h.tokens.teacher,
      'query($id: ID!) { space(id: $id) { reports(first: 50) { edges { node { targetType targetId } } } } }',
      { id: classA },
    );
    expect(reports.space.reports.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
      targetType: 'COMMENT',
      targetId: id,
    });
    expect(await h.ok(h.tokens.classmate, remove, { id })).toEqual({ deleteComment: id });
    expect((await comments(h.tokens.student)).commentCount).toBe(1);
    expect((await h.gql(h.tokens.classmate, edit, { id, t: '又来' })).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
  });
});
