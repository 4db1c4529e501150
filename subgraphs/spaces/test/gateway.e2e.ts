import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '@edugraph/infra';
import { startTestHub, type GraphQLBody, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph, findSubgraphSources } from '@edugraph/gateway/compose';

/**
 * Spaces through the gateway, over the real identity and datacenter with their demo seeds:
 * a class → its space → recent posts → author (identity's User) → their school (datacenter),
 * and region indicators combining the datacenter's figures with the spaces'.
 */
describe('spaces through the gateway', () => {
  let hub: TestHub;
  const gql = async (query: string, token: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${hub.url('gateway')}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GraphQLBody;
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data!;
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edugraph-spaces-e2e-'));
    const names = ['identity', 'datacenter', 'spaces'];
    const composed = composeSupergraph(findSubgraphSources().filter((s) => names.includes(s.name)));
    if (!composed.ok) throw new Error(composed.errors.join('\n'));
    writeFileSync(join(dir, 'supergraph.graphql'), composed.supergraphSdl);
    hub = await startTestHub({
      services: ['identity', 'datacenter', 'spaces', 'gateway'],
      seed: true,
      name: 'spaces-e2e',
      serviceEnv: { gateway: { SUPERGRAPH_PATH: join(dir, 'supergraph.graphql') } },
    });
  }, 300_000);
  afterAll(() => hub?.stop());

  it('walks from a class to its space, its posts, their author and the author’s school', async () => {
    const scopes = ['datacenter:read', 'spaces:read', 'spaces:write'];
    const teacher = (await hub.signIn('demo.teacher', DEMO_PASSWORD, scopes)).accessToken;
    // First use: the seeded space (keyed by the teacher's staff number) becomes theirs, with their posts.
    const opened = await gql('mutation { openMySpace { id title } }', teacher);
    const { me } = await gql('{ me { id displayName space { id } } }', teacher);
    expect(me.space.id).toBe(opened.openMySpace.id);
    const { mySpaces } = await gql(
      '{ mySpaces(first: 50) { edges { node { kind classCode myRole } } } }',
      teacher,
    );
    const managed = mySpaces.edges
      .map((e: { node: any }) => e.node)
      .find((s: any) => s.kind === 'CLASS' && s.myRole === 'MANAGER');
    expect(managed, 'the demo teacher heads a class').toBeTruthy();
    await gql('mutation($i: CreatePostInput!) { createPost(input: $i) { id } }', teacher, {
      i: {
        spaceId: (await gql(`{ classByCode(code: "${managed.classCode}") { space { id } } }`, teacher))
          .classByCode.space.id,
        text: '本周班会主题：文明礼仪伴我行。',
      },
    });
    const data = await gql(
      `query($code: String!) { classByCode(code: $code) { name space { title posts(first: 3) { edges { node {
        text author { id displayName person { __typename ... on Teacher { name school { name code } } } } } } } } } }`,
      teacher,
      { code: managed.classCode },
    );
    const cls = data.classByCode;
    expect(cls.space.title).toBe(cls.name);
    const newest = cls.space.posts.edges[0].node;
    expect(newest.text).toBe('本周班会主题：文明礼仪伴我行。');
    expect(newest.author).toMatchObject({
      id: me.id,
      displayName: me.displayName,
      person: { __typename: 'Teacher' },
    });
    expect(newest.author.person.school.code).toBe(managed.classCode.slice(0, 10));
    expect(newest.author.person.school.name).toMatch(/学校|小学|中学/);
  });

  it('combines the data center’s and the spaces’ indicators of a region in one answer', async () => {
    const token = await hub.tokenFor({
      org: '330000',
      roles: ['PROVINCIAL_ADMIN'],
      scopes: ['datacenter:read', 'spaces:read'],
    });
    const { region } = await gql(
      `{ region(code: "330000") { name indicators { teachers students } spaceIndicators { teacherSpaces teachers teacherRatio secondaryStudentRatio } } }`,
      token,
    );
    expect(region.name).toBe('浙江省');
    expect(region.spaceIndicators.teachers).toBe(region.indicators.teachers);
    expect(region.spaceIndicators.teacherRatio).toBeCloseTo(
      region.spaceIndicators.teacherSpaces / region.indicators.teachers,
      3,
    );
    expect(region.spaceIndicators.secondaryStudentRatio).toBeGreaterThan(0);
  });
});
