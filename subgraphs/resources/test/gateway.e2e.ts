import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { composeSupergraph, findSubgraphSources } from '@edugraph/gateway/compose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLASS_A,
  DC_READ,
  READ,
  REVIEW,
  SCHOOL_A,
  WRITE,
  loadDatacenter,
  ok,
  publishNew,
} from './helpers.ts';

const PUSH = `mutation($id: ID!, $targets: [PushTargetInput!]!) {
  pushResource(id: $id, targets: $targets) { id targetKind receipt }
}`;
const FAVORITE = 'mutation($id: ID!) { favoriteResource(id: $id) { id favoriteCount viewerHasFavorited } }';

/**
 * Resources through the gateway, over the real identity and datacenter: a school (datacenter)
 * → the resources pushed to it and its classes (resources) → each resource's provider → the
 * teacher's account (identity); and a resource's favorite count after two users favorited it
 * through the graph, next to the signed-in user's favorites (identity's `me`, extended here).
 */
describe('resources through the gateway', () => {
  let hub: TestHub;
  const t: Record<string, string> = {};
  let resourceId: string;
  const call = (query: string, variables: Record<string, unknown>, token: string) =>
    ok(hub, query, variables, token, 'gateway');

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edugraph-resources-e2e-'));
    const names = ['identity', 'datacenter', 'resources'];
    const composed = composeSupergraph(findSubgraphSources().filter((s) => names.includes(s.name)));
    if (!composed.ok) throw new Error(composed.errors.join('\n'));
    writeFileSync(join(dir, 'supergraph.graphql'), composed.supergraphSdl);
    hub = await startTestHub({
      services: ['identity', 'datacenter', 'resources', 'gateway'],
      name: 'resources-e2e',
      serviceEnv: { gateway: { SUPERGRAPH_PATH: join(dir, 'supergraph.graphql') } },
    });
    await loadDatacenter(hub);
    t.reviewer = await hub.tokenFor({ org: '330000', roles: ['RESOURCE_REVIEWER'], scopes: [READ, REVIEW] });
    t.schoolAdmin = await hub.tokenFor({ ...SCHOOL_A, roles: ['SCHOOL_ADMIN'], scopes: [READ, DC_READ] });
    for (const [name, displayName] of [
      ['teacher-e2e', '林老师'],
      ['colleague-e2e', '周老师'],
    ] as const) {
      await hub.createUser({
        username: name,
        password: 'Teacher-pass-2026',
        displayName,
        kind: 'TEACHER',
        ...SCHOOL_A,
        roles: ['TEACHER'],
      });
      t[name] = (await hub.signIn(name, 'Teacher-pass-2026', [READ, WRITE, DC_READ])).accessToken;
    }
    // A teacher's own resource: reviewed at the province, published to the school, pushed to a class.
    resourceId = await publishNew(
      hub,
      t['teacher-e2e']!,
      t.reviewer!,
      '三年级数学《长方形和正方形》分层作业',
      {},
      'gateway',
    );
    const pushed = await call(
      PUSH,
      { id: resourceId, targets: [{ kind: 'CLASS', code: CLASS_A }] },
      t['teacher-e2e']!,
    );
    expect(pushed.pushResource).toMatchObject([{ targetKind: 'CLASS', receipt: 'PUSHED' }]);
  }, 300_000);
  afterAll(() => hub?.stop());

  it('follows a school to its pushed resources, their provider and the teacher behind it', async () => {
    const { schoolByCode } = await call(
      `query($code: String!) { schoolByCode(code: $code) { name
        pushedResources(includeClasses: true, first: 10) { totalCount nodes {
          targetKind targetCode receipt pushedBy { displayName }
          resource { id title provider { kind name user { username displayName organization } } } } } } }`,
      { code: SCHOOL_A.org },
      t.schoolAdmin!,
    );
    expect(schoolByCode.name).toBe('杭州市上城区实验小学');
    expect(schoolByCode.pushedResources.totalCount).toBe(1);
    expect(schoolByCode.pushedResources.nodes[0]).toEqual({
      targetKind: 'CLASS',
      targetCode: CLASS_A,
      receipt: 'PUSHED',
      pushedBy: { displayName: '林老师' },
      resource: {
        id: resourceId,
        title: '三年级数学《长方形和正方形》分层作业',
        provider: {
          kind: 'TEACHER',
          name: expect.any(String),
          user: { username: 'teacher-e2e', displayName: '林老师', organization: SCHOOL_A.org },
        },
      },
    });
    // Without includeClasses the school itself received nothing.
    const own = await call(
      `query($code: String!) { schoolByCode(code: $code) { pushedResources { totalCount } } }`,
      { code: SCHOOL_A.org },
      t.schoolAdmin!,
    );
    expect(own.schoolByCode.pushedResources.totalCount).toBe(0);
  });

  it('counts the favorites two teachers set through the graph, and lists them as the user’s', async () => {
    const first = await call(FAVORITE, { id: resourceId }, t['teacher-e2e']!);
    expect(first.favoriteResource).toEqual({ id: resourceId, favoriteCount: 1, viewerHasFavorited: true });
    await call(FAVORITE, { id: resourceId }, t['colleague-e2e']!);
    // Favoriting twice changes nothing.
    await call(FAVORITE, { id: resourceId }, t['colleague-e2e']!);
    const data = await call(
      `query($id: ID!) {
        resource(id: $id) { favoriteCount usage { favorites pushes } viewerHasFavorited }
        me { displayName favorites { totalCount nodes { id title favoriteCount } } } }`,
      { id: resourceId },
      t['colleague-e2e']!,
    );
    expect(data.resource).toEqual({
      favoriteCount: 2,
      usage: { favorites: 2, pushes: 1 },
      viewerHasFavorited: true,
    });
    expect(data.me.displayName).toBe('周老师');
    expect(data.me.favorites.nodes).toEqual([
      { id: resourceId, title: '三年级数学《长方形和正方形》分层作业', favoriteCount: 2 },
    ]);
    // The class's view of the same push shows the count too: Class (datacenter) → pushes → Resource.
    const cls = await call(
      `query($code: String!) { classByCode(code: $code) { name pushedResources { nodes { resource { favoriteCount } } } } }`,
      { code: CLASS_A },
      t.schoolAdmin!,
    );
    expect(cls.classByCode.pushedResources.nodes).toEqual([{ resource: { favoriteCount: 2 } }]);
  });
});
