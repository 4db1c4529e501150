import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpacesService } from './inProcess.ts';
import { CLASS_A, COUNTY, SCHOOL } from './fixture.ts';
import { graphqlCaller, startSpacesInProcess } from './inProcess.ts';

/**
 * No N+1: the database round trips of a feed page do not grow with the page size. Spaces runs
 * in this process (to count its queries); identity is a real process issuing real tokens.
 */
describe('database round trips', () => {
  let hub: TestHub;
  let spaces: SpacesService;
  let queries = 0;
  let student: string;
  let classA: string;
  const gql = graphqlCaller(() => spaces);

  beforeAll(async () => {
    // Identity asks the data center where a school sits: it runs here with the test's schools.
    hub = await startTestHub({
      services: ['identity', 'datacenter'],
      schools: [{ code: SCHOOL, regionCode: COUNTY, classes: [{ code: CLASS_A, grade: 7 }] }],
    });
    spaces = await startSpacesInProcess(hub);
    const users = {
      teacher: { username: 'rt.teacher', displayName: '何老师', kind: 'TEACHER', roles: ['TEACHER'] },
      student: { username: 'rt.student', displayName: '许同学', kind: 'STUDENT', roles: ['STUDENT'] },
    } as const;
    const ids: Record<string, string> = {};
    const tokens: Record<string, string> = {};
    for (const [k, u] of Object.entries(users)) {
      ids[k] = (
        await hub.createUser({
          ...u,
          roles: [...u.roles],
          org: SCHOOL,
          region: COUNTY,
          password: 'Correct-Horse-9',
        })
      ).id;
      tokens[k] = (await hub.signIn(u.username, 'Correct-Horse-9', ['spaces:read'])).accessToken;
    }
    student = tokens.student!;
    const admin = await hub.tokenFor({
      org: SCHOOL,
      region: COUNTY,
      roles: ['SCHOOL_ADMIN'],
      scopes: ['spaces:write', 'datacenter:read'],
    });
    const opened = await gql(
      admin,
      `mutation($i: OpenSchoolSpacesInput!) { openSchoolSpaces(input: $i) { results { key space { id } } } }`,
      {
        i: {
          schoolCode: SCHOOL,
          classes: [{ code: CLASS_A }],
          people: [
            { userId: ids.teacher, kind: 'TEACHER', classCodes: [CLASS_A] },
            { userId: ids.student, kind: 'STUDENT', classCodes: [CLASS_A] },
          ],
        },
      },
    );
    classA = opened.openSchoolSpaces.results.find((r: { key: string }) => r.key === `class:${CLASS_A}`).space
      .id;
    for (let i = 0; i < 30; i++) {
      const { createPost } = await gql(
        tokens.teacher!,
        'mutation($i: CreatePostInput!) { createPost(input: $i) { id } }',
        {
          i: {
            spaceId: classA,
            text: `第${i + 1}课作业`,
            attachments: [{ kind: 'RESOURCE', resourceId: `res-${i}` }],
          },
        },
      );
      await gql(student, 'mutation($p: ID!) { addComment(postId: $p, text: "收到") { id } }', {
        p: createPost.id,
      });
    }
    mongoose.set('debug', () => {
      queries++;
    });
  }, 180_000);
  afterAll(async () => {
    mongoose.set('debug', false);
    await spaces?.stop();
    await hub?.stop();
  });

  const countQueries = async (query: string, variables: Record<string, unknown>) => {
    queries = 0;
    await gql(student, query, variables);
    return queries;
  };

  it('reads a page of 30 posts with their space, counts and references in as many queries as a page of 3', async () => {
    const query = `query($id: ID!, $n: Int!) { space(id: $id) { title posts(first: $n) { edges { node {
      id commentCount author { id } space { id title myRole } attachments { resource { id } } } } } } }`;
    const small = await countQueries(query, { id: classA, n: 3 });
    const large = await countQueries(query, { id: classA, n: 30 });
    expect(small).toBeGreaterThanOrEqual(3);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(6);
  });

  it('reads the user feed in constant queries too', async () => {
    const query = `query($n: Int!) { myFeed(first: $n) { edges { node { id commentCount space { id } } } } }`;
    expect(await countQueries(query, { n: 30 })).toBe(await countQueries(query, { n: 2 }));
  });
});
