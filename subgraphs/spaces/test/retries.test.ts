import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASS_A, COUNTY, openSchool, startSpacesHub, type SpacesHub } from './fixture.ts';

const CREATE_POST = `mutation($input: CreatePostInput!, $key: String) {
  createPost(input: $input, idempotencyKey: $key) { id text }
}`;
const ADD_COMMENT = `mutation($p: ID!, $t: String!, $key: String) {
  addComment(postId: $p, text: $t, idempotencyKey: $key) { id text }
}`;
const CREATE_GROUP = `mutation($key: String) {
  createGroupSpace(input: { title: "重试教研组", regionCode: "${COUNTY}", visibility: MEMBERS }, idempotencyKey: $key) { id }
}`;
const SPACE_POSTS = `query($id: ID!) { space(id: $id) { posts(first: 100) { totalCount edges { node { id text commentCount } } } } }`;

/**
 * Creating mutations sent again with the same idempotencyKey (a client that lost the answer),
 * against the real spaces process: the first record is answered, nothing is written twice.
 */
describe('spaces mutations retried with an idempotency key', () => {
  let h: SpacesHub;
  let classA: string;
  beforeAll(async () => {
    h = await startSpacesHub();
    const spaces = await openSchool(h);
    classA = spaces[`class:${CLASS_A}`]!;
  }, 180_000);
  afterAll(() => h?.stop());

  const posts = async (spaceId: string) =>
    (await h.ok(h.tokens.teacher, SPACE_POSTS, { id: spaceId })).space.posts;
  const key = () => `retry-${randomUUID()}`;

  it('answers a post and a comment sent again with their key with the first ones, counted once', async () => {
    const k = key();
    const input = { spaceId: classA, text: '明天春游，请带好水壶。' };
    const before = (await posts(classA)).totalCount;
    const first = await h.ok(h.tokens.teacher, CREATE_POST, { input, key: k });
    const again = await h.ok(h.tokens.teacher, CREATE_POST, { input, key: k });
    expect(again.createPost).toEqual(first.createPost);
    const c = key();
    const comment = { p: first.createPost.id, t: '收到！', key: c };
    const one = await h.ok(h.tokens.student, ADD_COMMENT, comment);
    expect((await h.ok(h.tokens.student, ADD_COMMENT, comment)).addComment).toEqual(one.addComment);
    const after = await posts(classA);
    expect(after.totalCount).toBe(before + 1);
    expect(
      after.edges.find((e: { node: { id: string } }) => e.node.id === first.createPost.id).node.commentCount,
    ).toBe(1);
  });

  it('writes one post when the same keyed request arrives many times at once', async () => {
    const k = key();
    const input = { spaceId: classA, text: `同时到达的重试 ${k}` };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => h.ok(h.tokens.teacher, CREATE_POST, { input, key: k })),
    );
    expect(new Set(answers.map((a) => a.createPost.id)).size).toBe(1);
    const written = (await posts(classA)).edges.filter(
      (e: { node: { text: string } }) => e.node.text === input.text,
    );
    expect(written).toHaveLength(1);
  });

  it('refuses the same key with another text or for a comment, naming the key, and writes nothing', async () => {
    const k = key();
    const first = await h.ok(h.tokens.teacher, CREATE_POST, {
      input: { spaceId: classA, text: '第一版' },
      key: k,
    });
    const before = (await posts(classA)).totalCount;
    const changed = await h.gql(h.tokens.teacher, CREATE_POST, {
      input: { spaceId: classA, text: '第二版' },
      key: k,
    });
    expect(changed.errors?.[0]?.extensions).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: 'idempotencyKey',
      operation: 'createPost',
    });
    expect(changed.errors?.[0]?.message).toContain(k);
    const forComment = await h.gql(h.tokens.teacher, ADD_COMMENT, {
      p: first.createPost.id,
      t: '评论',
      key: k,
    });
    expect(forComment.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await posts(classA)).totalCount).toBe(before);
  });

  it("keeps each caller's keys apart: another teacher's post with the same key is their own", async () => {
    const k = key();
    const mine = await h.ok(h.tokens.teacher, CREATE_POST, {
      input: { spaceId: classA, text: '王老师的' },
      key: k,
    });
    const theirs = await h.ok(h.tokens.teacher2, 'mutation { openMySpace { id } }');
    const other = await h.ok(h.tokens.teacher2, CREATE_POST, {
      input: { spaceId: theirs.openMySpace.id, text: '周老师的' },
      key: k,
    });
    expect(other.createPost.id).not.toBe(mine.createPost.id);
    expect(other.createPost.text).toBe('周老师的');
  });

  it('opens one group for a createGroupSpace sent again with its key, owned by its creator', async () => {
    const k = key();
    const first = await h.ok(h.tokens.teacher, CREATE_GROUP, { key: k });
    const again = await h.ok(h.tokens.teacher, CREATE_GROUP, { key: k });
    expect(again.createGroupSpace.id).toBe(first.createGroupSpace.id);
    const { mySpaces } = await h.ok(
      h.tokens.teacher,
      '{ mySpaces(first: 50) { edges { node { id title myRole } } } }',
    );
    const groups = mySpaces.edges.filter((e: { node: { title: string } }) => e.node.title === '重试教研组');
    expect(groups.map((e: { node: unknown }) => e.node)).toEqual([
      { id: first.createGroupSpace.id, title: '重试教研组', myRole: 'OWNER' },
    ]);
  });
});
